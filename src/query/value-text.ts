import { parseTrinoType } from './dialect/types/parse-type.js'
import type { TrinoType } from './dialect/types/trino-type.js'
import type { QueryValue } from './query-engine.js'

/**
 * A value as Athena (Trino) prints it, by its column's Trino type: a double as Java prints one
 * (`2.0`, `1.0E7`, `NaN`), a decimal with its scale (`1.50`), arrays as `[1, 2, NULL]`, maps as
 * `{k1=1, k2=NULL}`, rows as `{x=1, y=abc}`. Without a type (or one it cannot read) the value
 * prints as itself.
 *
 * @example
 * valueText(2, 'double') // '2.0'
 * valueText([1, null], 'array(integer)') // '[1, NULL]'
 */
export function valueText(value: QueryValue, type?: string): string {
  return render(value, type === undefined ? undefined : readType(type))
}

function readType(name: string): TrinoType | undefined {
  try {
    return parseTrinoType(name)
  } catch {
    return undefined
  }
}

function render(value: QueryValue, type: TrinoType | undefined): string {
  if (value === null) return 'NULL'
  if (Array.isArray(value)) {
    const element = type?.kind === 'array' ? type.element : undefined
    return `[${value.map((v) => render(v, element)).join(', ')}]`
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value)
    if (type?.kind === 'row') {
      return `{${entries.map(([k, v], i) => `${k}=${render(v, type.fields[i]?.type)}`).join(', ')}}`
    }
    const valueType = type?.kind === 'map' ? type.value : undefined
    return `{${entries.map(([k, v]) => `${k}=${render(v, valueType)}`).join(', ')}}`
  }
  if (typeof value === 'number') {
    if (type?.kind === 'double') return javaDouble(value)
    if (type?.kind === 'real') return javaFloat(value)
    if (type?.kind === 'decimal') return value.toFixed(type.scale)
    return String(value)
  }
  return String(value)
}

/** Java's Double.toString: the shortest digits, plain from 10^-3 to 10^7, else `d.dddEn`. */
export function javaDouble(x: number): string {
  return javaNumber(x, String(x), x.toExponential())
}

/** Java's Float.toString: the shortest digits that read back as the same float. */
export function javaFloat(x: number): string {
  if (!Number.isFinite(x) || x === 0) return javaNumber(x, String(x), x.toExponential())
  let digits = 1
  while (digits < 9 && Math.fround(Number(x.toPrecision(digits))) !== x) digits++
  const shortest = Number(x.toPrecision(digits))
  return javaNumber(shortest, String(shortest), shortest.toExponential())
}

function javaNumber(x: number, plain: string, exponential: string): string {
  if (Number.isNaN(x)) return 'NaN'
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity'
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0'
  const abs = Math.abs(x)
  if (abs >= 1e-3 && abs < 1e7) return plain.includes('.') ? plain : `${plain}.0`
  const [mantissa, exponent] = exponential.split('e') as [string, string]
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`
}
