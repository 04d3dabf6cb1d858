/**
 * The crawler's stated type-widening lattice, used when files or partitions of one table
 * disagree on a column's type:
 *   tinyint < smallint < int < bigint < double;  float < double;  date < timestamp;
 *   array<a> + array<b> = array<a + b>;  struct fields are merged by name;
 *   anything else with anything different becomes string.
 */
const NUMERIC = ['tinyint', 'smallint', 'int', 'bigint', 'double']

export function widenType(a: string, b: string): string {
  if (a === b) return a
  const na = NUMERIC.indexOf(a === 'float' ? 'double' : a)
  const nb = NUMERIC.indexOf(b === 'float' ? 'double' : b)
  if (na >= 0 && nb >= 0) return NUMERIC[Math.max(na, nb)]!
  if ((a === 'date' && b === 'timestamp') || (a === 'timestamp' && b === 'date')) return 'timestamp'
  const arrayA = /^array<(.*)>$/.exec(a)
  const arrayB = /^array<(.*)>$/.exec(b)
  if (arrayA && arrayB) return `array<${widenType(arrayA[1]!, arrayB[1]!)}>`
  if (a.startsWith('struct<') && b.startsWith('struct<')) return mergeStructs(a, b)
  return 'string'
}

function mergeStructs(a: string, b: string): string {
  const fields = new Map(structFields(a))
  for (const [name, type] of structFields(b)) {
    const existing = fields.get(name)
    fields.set(name, existing ? widenType(existing, type) : type)
  }
  return `struct<${[...fields].map(([name, type]) => `${name}:${type}`).join(',')}>`
}

/** Top-level `name:type` pairs of a struct type, respecting nested `<...>`. */
function structFields(type: string): [string, string][] {
  const inner = type.slice('struct<'.length, -1)
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]
    if (ch === '<') depth++
    else if (ch === '>') depth--
    else if (ch === ',' && depth === 0) {
      parts.push(inner.slice(start, i))
      start = i + 1
    }
  }
  if (inner.length > 0) parts.push(inner.slice(start))
  return parts.map((part) => {
    const colon = part.indexOf(':')
    return [part.slice(0, colon), part.slice(colon + 1)]
  })
}
