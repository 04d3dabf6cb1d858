import type { QueryValue } from './query-engine.js'

/**
 * How both engines type values, from Trino type names: the one place that decides what a
 * `bigint`, a `decimal` or a `timestamp` looks like in a result row.
 */

const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'integer', 'int', 'bigint'])
const FLOAT_TYPES = new Set(['real', 'float', 'double'])

/** The base name of a Trino type: `decimal(4,1)` -> `decimal`, `array(varchar)` -> `array`. */
export function baseType(type: string): string {
  const open = type.indexOf('(')
  return (open === -1 ? type : type.slice(0, open)).trim().toLowerCase()
}

/** A whole number as a number when a double holds it exactly, else its decimal text. */
export function integerValue(text: string): number | string {
  const n = Number(text)
  return Number.isSafeInteger(n) ? n : text
}

/** A floating point number; NaN and the infinities stay text (`NaN`, `Infinity`), as JSON has no such numbers. */
export function floatValue(text: string): number | string {
  const n = Number(text)
  return Number.isFinite(n) ? n : text
}

/** A timestamp as Athena prints one from a Hive table: `YYYY-MM-DD HH:MM:SS.mmm` (milliseconds, truncated). */
export function timestampText(text: string): string {
  const match = /^(-?\d{4,}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:\.(\d+))?(.*)$/.exec(text)
  if (!match) return text
  const fraction = (match[3] ?? '').padEnd(3, '0').slice(0, 3)
  const zone = match[4]!.trim()
  const suffix = zone === '' ? '' : zone === '+00' || zone === 'Z' || zone === '+00:00' ? ' UTC' : ` ${zone}`
  return `${match[1]} ${match[2]}.${fraction}${suffix}`
}

/**
 * A value as Athena's GetQueryResults returns it (`VarCharValue`, absent for NULL) typed by its
 * column's Trino type. Athena gives no element types for arrays, so array elements stay text;
 * maps and rows stay Athena's text (`{a=1, b=2}`).
 */
export function athenaValue(text: string | undefined, type: string): QueryValue {
  if (text === undefined) return null
  const base = baseType(type)
  if (base === 'boolean') return text === 'true'
  if (INTEGER_TYPES.has(base)) return integerValue(text)
  if (FLOAT_TYPES.has(base)) return floatValue(text)
  if (base === 'decimal') return floatValue(text)
  if (base === 'timestamp') return timestampText(text)
  if (base === 'array') return arrayElements(text)
  return text
}

/** `[a, b, [c, d]]` -> `['a', 'b', '[c, d]']`; `null` elements are null. */
function arrayElements(text: string): QueryValue {
  if (!text.startsWith('[') || !text.endsWith(']')) return text
  const inner = text.slice(1, -1)
  if (inner === '') return []
  const out: QueryValue[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]
    if (ch === '[' || ch === '{') depth++
    else if (ch === ']' || ch === '}') depth--
    else if (ch === ',' && depth === 0 && inner[i + 1] === ' ') {
      out.push(element(inner.slice(start, i)))
      start = i + 2
      i++
    }
  }
  out.push(element(inner.slice(start)))
  return out
}

function element(text: string): QueryValue {
  return text === 'null' ? null : text
}
