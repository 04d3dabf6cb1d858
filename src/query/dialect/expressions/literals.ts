import type { Typed } from '../analysis/typed.js'
import { call, cast, constant } from '../duck-ast.js'
import { jsonLiteral } from '../functions/json.js'
import { refuse, sqlError } from '../refusal.js'
import { duckTypeOf } from '../types/duck-type.js'
import { parseTrinoType } from '../types/parse-type.js'
import { canonicalZone, wallToInstant } from '../types/time-zones.js'
import {
  BOOLEAN,
  DATE,
  decimal,
  INTERVAL_DS,
  INTERVAL_YM,
  MAX_DECIMAL_PRECISION,
  timestamp,
  timestampTz,
  VARBINARY,
  varchar,
} from '../types/trino-type.js'
import { castValue } from './casts.js'

const DATE_PATTERN = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/
const TIMESTAMP_PATTERN =
  /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?: (\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?)?\s*(.+)?$/

/**
 * `DATE '2001-08-22'`, `TIMESTAMP '2001-08-22 03:04:05.321 America/New_York'` (its precision is
 * the digits written, a zone makes it a timestamp with time zone), `DECIMAL '1.50'`, `X'65683F'`,
 * and numbers as text (`BIGINT '5'`), read here as Trino reads them.
 */
export function typedLiteral(typeText: string, text: string): Typed {
  switch (typeText) {
    case 'date': {
      const match = DATE_PATTERN.exec(text)
      if (!match || !validDate(match)) sqlError(`'${text}' is not a valid date literal`)
      const iso = `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`
      return { node: cast(constant(iso), duckTypeOf(DATE)), type: DATE, literal: iso }
    }
    case 'timestamp':
      return timestampLiteral(text)
    case 'decimal': {
      const match = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec(text)
      if (!match || `${match[2]}${match[3] ?? ''}` === '')
        sqlError(`'${text}' is not a valid decimal literal`)
      const whole = match[2]!
      const scale = (match[3] ?? '').length
      const precision = Math.max(1, whole.length + scale)
      if (precision > MAX_DECIMAL_PRECISION) sqlError(`decimal literal '${text}' has more than 38 digits`)
      const type = decimal(precision, scale)
      return { node: cast(constant(text.trim()), duckTypeOf(type)), type, literal: Number(text) }
    }
    case 'varbinary':
      if (!/^([0-9a-fA-F]{2})*$/.test(text.replace(/\s/g, '')))
        sqlError(`'${text}' is not a valid binary literal`)
      return { node: call('unhex', [constant(text.replace(/\s/g, ''))]), type: VARBINARY }
    case 'boolean': {
      const value = text.trim().toLowerCase()
      if (value !== 'true' && value !== 'false') sqlError(`'${text}' is not a valid boolean literal`)
      return { node: constant(value === 'true'), type: BOOLEAN, literal: value === 'true' }
    }
    case 'varchar':
      return { node: constant(text), type: varchar([...text].length), literal: text }
    case 'json':
      return jsonLiteral(text)
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint':
    case 'real':
    case 'double': {
      const value: Typed = { node: constant(text), type: varchar([...text].length), literal: text }
      return castValue(value, parseTrinoType(typeText))
    }
    default:
      return refuse(
        `${typeText.toUpperCase()} literals`,
        'write the value another way, or run the query on Athena',
      )
  }
}

function timestampLiteral(text: string): Typed {
  const match = TIMESTAMP_PATTERN.exec(text)
  if (!match || !validDate(match)) sqlError(`'${text}' is not a valid timestamp literal`)
  const [hour = '0', minute = '0', second = '0'] = [match[4], match[5], match[6]]
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) {
    sqlError(`'${text}' is not a valid timestamp literal`)
  }
  const fraction = match[7] ?? ''
  if (fraction.length > 6) refuse(`timestamp(${fraction.length}) literals`, 'write at most 6 fraction digits')
  const pad = (v: string) => v.padStart(2, '0')
  const wallText = `${match[1]}-${pad(match[2]!)}-${pad(match[3]!)} ${pad(hour)}:${pad(minute)}:${pad(second)}${fraction ? `.${fraction}` : ''}`
  const wall = cast(constant(wallText), duckTypeOf(timestamp(fraction.length)))
  if (match[8] === undefined) return { node: wall, type: timestamp(fraction.length), literal: wallText }
  const zone = canonicalZone(match[8])
  return { node: wallToInstant(wall, zone), type: timestampTz(fraction.length, zone) }
}

function validDate(match: RegExpExecArray): boolean {
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && month >= 1 && month <= 12
}

const SECOND_MS = 1000
const UNIT_MS: Readonly<Record<string, number>> = {
  day: 86_400_000,
  hour: 3_600_000,
  minute: 60_000,
  second: SECOND_MS,
}

/**
 * `INTERVAL '3' DAY`, `INTERVAL '1-2' YEAR TO MONTH`, `INTERVAL '2 03:04:05.5' DAY TO SECOND`:
 * year-to-month intervals as months, day-to-second ones as microseconds (whole milliseconds, as
 * Trino keeps them), so that arithmetic on them is exact.
 */
export function intervalLiteral(fields: string, text: string): Typed {
  const [sign, from, , to] = fields.split(' ') as [string, string, string?, string?]
  const negative = (sign === '-') !== text.trim().startsWith('-')
  const body = text.trim().replace(/^[+-]/, '')
  const bad = (): never =>
    sqlError(`'${text}' is not a valid interval literal for ${fields.slice(2).toUpperCase()}`)
  if (from === 'year' || from === 'month') {
    let months: number
    if (to === undefined) {
      if (!/^\d+$/.test(body)) bad()
      months = Number(body) * (from === 'year' ? 12 : 1)
    } else {
      const match = to === 'month' && from === 'year' ? /^(\d+)-(\d+)$/.exec(body) : null
      if (!match) return bad()
      months = Number(match[1]) * 12 + Number(match[2])
    }
    const value = negative ? -months : months
    return { node: call('to_months', [constant(value)]), type: INTERVAL_YM, literal: value }
  }
  const order = ['day', 'hour', 'minute', 'second']
  const first = order.indexOf(from)
  const last = to === undefined ? first : order.indexOf(to)
  if (first === -1 || last < first) return bad()
  const parts = body.split(/[ :]/)
  if (parts.length !== last - first + 1) return bad()
  let ms = 0
  parts.forEach((part, i) => {
    const unit = order[first + i]!
    const isSecond = unit === 'second'
    if (!(isSecond ? /^\d+(\.\d+)?$/ : /^\d+$/).test(part)) bad()
    ms += isSecond ? Math.trunc(Number(part) * SECOND_MS) : Number(part) * UNIT_MS[unit]!
  })
  const value = negative ? -ms : ms
  return {
    node: call('to_microseconds', [constant(BigInt(value) * 1000n)]),
    type: INTERVAL_DS,
    literal: value,
  }
}
