/**
 * Small readers for untrusted JSON: each checks one field's type and names its path in the
 * problem it reports. Absent and `null` both read as `null` in the optional readers, so a field
 * an API mode no longer returns becomes `null`, never 0 or ''.
 */
export type JsonObject = Readonly<Record<string, unknown>>

/** A type problem found in a JSON value; `readEnvelope` turns it into a `ResponseShapeError`. */
export class ShapeProblem extends Error {}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}

function problem(path: string, expected: string, value: unknown): ShapeProblem {
  return new ShapeProblem(`${path} must be ${expected} (got ${describeValue(value)})`)
}

export function object(value: unknown, path: string): JsonObject {
  if (!isJsonObject(value)) throw problem(path, 'an object', value)
  return value
}

export function optObject(o: JsonObject, key: string, path: string): JsonObject | null {
  const value = o[key]
  if (value === undefined || value === null) return null
  return object(value, `${path}.${key}`)
}

export function array(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw problem(path, 'an array', value)
  return value
}

export function optArray(o: JsonObject, key: string, path: string): readonly unknown[] | null {
  const value = o[key]
  if (value === undefined || value === null) return null
  return array(value, `${path}.${key}`)
}

export function str(o: JsonObject, key: string, path: string): string {
  const value = o[key]
  if (typeof value !== 'string') throw problem(`${path}.${key}`, 'a string', value)
  return value
}

export function optStr(o: JsonObject, key: string, path: string): string | null {
  const value = o[key]
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') throw problem(`${path}.${key}`, 'a string or null', value)
  return value
}

export function optInt(o: JsonObject, key: string, path: string): number | null {
  const value = o[key]
  if (value === undefined || value === null) return null
  if (!Number.isInteger(value)) throw problem(`${path}.${key}`, 'an integer or null', value)
  return value as number
}

export function int(o: JsonObject, key: string, path: string): number {
  const value = o[key]
  if (!Number.isInteger(value)) throw problem(`${path}.${key}`, 'an integer', value)
  return value as number
}

export function optBool(o: JsonObject, key: string, path: string): boolean | null {
  const value = o[key]
  if (value === undefined || value === null) return null
  if (typeof value !== 'boolean') throw problem(`${path}.${key}`, 'a boolean or null', value)
  return value
}

/** An array of strings (genres); `null` when absent, `[]` kept as `[]`. */
export function optStrings(o: JsonObject, key: string, path: string): readonly string[] | null {
  const list = optArray(o, key, path)
  if (list === null) return null
  return list.map((entry, i) => {
    if (typeof entry !== 'string') throw problem(`${path}.${key}[${i}]`, 'a string', entry)
    return entry
  })
}
