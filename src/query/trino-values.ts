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
  if (Number.isFinite(n)) return n
  return /^-inf/i.test(text) ? '-Infinity' : /^\+?inf/i.test(text) ? 'Infinity' : 'NaN'
}

/** A decimal as a number when a double holds its digits exactly, else its exact text (`1.50` stays `1.50` when printed). */
export function decimalValue(text: string): number | string {
  const digits = text.replace(/[-.]/g, '').replace(/^0+/, '')
  return digits.length <= 15 ? Number(text) : text
}

/** A timestamp as Trino prints a `timestamp(p)`: `YYYY-MM-DD HH:MM:SS` and `p` fraction digits (default 3). */
export function timestampText(text: string, precision = 3): string {
  const match = /^(-?\d{4,}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:\.(\d+))?(.*)$/.exec(text)
  if (!match) return text
  const fraction = (match[3] ?? '').padEnd(precision, '0').slice(0, precision)
  const zone = match[4]!.trim()
  const suffix = zone === '' ? '' : zone === '+00' || zone === 'Z' || zone === '+00:00' ? ' UTC' : ` ${zone}`
  return `${match[1]} ${match[2]}${precision > 0 ? `.${fraction}` : ''}${suffix}`
}

/**
 * An instant (DuckDB's `2020-01-01 00:00:00.123+00`) as Trino prints a `timestamp(p) with time
 * zone`: the wall-clock time in `zone`, then the zone (`2020-01-01 01:00:00.123 Europe/Berlin`).
 */
export function zonedTimestampText(text: string, precision: number, zone: string): string {
  const match = /^(-?\d{4,})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d+))?([+-]\d\d(?::?\d\d)?)?$/.exec(
    text,
  )
  if (!match) return text
  const [, y, mo, d, h, mi, s, fraction = '', offset = '+00'] = match
  const offsetMinutes = offsetOf(offset)
  const utcMs =
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) - offsetMinutes * 60_000
  const wallMs = utcMs + zoneOffsetMs(zone, utcMs)
  const wall = new Date(wallMs).toISOString().replace('T', ' ').slice(0, 19)
  const digits = fraction.padEnd(precision, '0').slice(0, precision)
  return `${wall}${precision > 0 ? `.${digits}` : ''} ${zone}`
}

function offsetOf(text: string): number {
  const match = /^([+-])(\d\d):?(\d\d)?$/.exec(text)
  if (!match) return 0
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0)
  return match[1] === '-' ? -minutes : minutes
}

/** The offset of `zone` from UTC at an instant, in milliseconds (a fixed `+hh:mm`, or an IANA zone). */
function zoneOffsetMs(zone: string, utcMs: number): number {
  if (zone === 'UTC') return 0
  if (/^[+-]\d\d:\d\d$/.test(zone)) return offsetOf(zone) * 60_000
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(Math.floor(utcMs / 1000) * 1000))
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const asUtc = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  )
  return asUtc - Math.floor(utcMs / 1000) * 1000
}

/** A day-to-second interval as Trino prints one: `2 03:04:05.000`, negative as `-1 21:00:00.000`. */
export function intervalDayToSecondText(value: { months: number; days: number; micros: string }): string {
  const totalMs = Math.trunc((value.days * 86_400_000_000 + Number(value.micros)) / 1000)
  const sign = totalMs < 0 ? '-' : ''
  const ms = Math.abs(totalMs)
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  const days = Math.floor(ms / 86_400_000)
  const rest = ms % 86_400_000
  return `${sign}${days} ${pad(Math.floor(rest / 3_600_000))}:${pad(Math.floor(rest / 60_000) % 60)}:${pad(Math.floor(rest / 1000) % 60)}.${pad(rest % 1000, 3)}`
}

/** A year-to-month interval as Trino prints one: `3-5`. */
export function intervalYearToMonthText(value: { months: number }): string {
  const sign = value.months < 0 ? '-' : ''
  const months = Math.abs(value.months)
  return `${sign}${Math.floor(months / 12)}-${months % 12}`
}

/** DuckDB's text of a BLOB (`ab\x00`) as Trino prints a varbinary: hex bytes separated by spaces (`61 62 00`). */
export function varbinaryText(text: string): string {
  const bytes: number[] = []
  for (let i = 0; i < text.length; i++) {
    const hex = text.startsWith('\\x', i) ? /^[0-9A-Fa-f]{2}/.exec(text.slice(i + 2)) : null
    if (hex) {
      bytes.push(Number.parseInt(hex[0], 16))
      i += 3
    } else bytes.push(text.charCodeAt(i))
  }
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ')
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
  if (base === 'decimal') return decimalValue(text)
  if (base === 'timestamp' && !type.includes('time zone')) return timestampText(text, precisionOf(type))
  if (base === 'array') return arrayElements(text)
  return text
}

function precisionOf(type: string): number {
  const match = /^timestamp\((\d+)\)/.exec(type)
  return match ? Number(match[1]) : 3
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
