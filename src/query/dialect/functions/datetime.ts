import { coerce, type Typed } from '../analysis/typed.js'
import {
  call,
  caseWhen,
  cast,
  coalesce,
  comparison,
  constant,
  type Expr,
  iff,
  operator,
} from '../duck-ast.js'
import { castValue } from '../expressions/casts.js'
import { timestampText } from '../expressions/temporal-text.js'
import { refuse, sqlError } from '../refusal.js'
import { duckTypeOf } from '../types/duck-type.js'
import { SESSION_ZONE } from '../types/parse-type.js'
import { canonicalZone, instantToWall, wallToInstant, zoneOffsetMinutes } from '../types/time-zones.js'
import {
  BIGINT,
  DATE,
  DOUBLE,
  INTERVAL_DS,
  MIXED_ZONES,
  type TrinoType,
  timestamp,
  timestampTz,
  VARCHAR,
} from '../types/trino-type.js'
import type { CallSite } from './call-site.js'
import { jodaToStrftime, mysqlToStrftime } from './datetime-formats.js'
import { dateAdd, dateDiff, dateTrunc } from './datetime-units.js'
import { type FunctionTable, fixed, scalar } from './function-rule.js'

/**
 * Date and time functions (docs: functions/datetime.md): extraction fields as bigints (ISO day
 * of week and week), formats by MySQL and Joda patterns given as literals, UNIX times, ISO 8601,
 * and the time zone functions: `at_timezone` keeps the instant and shows it in the zone,
 * `with_timezone` keeps the wall-clock time and puts it in the zone.
 */
function temporal(site: CallSite, i: number, allowDate = true): Typed {
  const value = site.arg(i)
  const kind = value.type.kind
  if (!(kind === 'timestamp' || kind === 'timestamptz' || (allowDate && kind === 'date'))) site.unexpected()
  return value
}

function zoneOf(type: TrinoType, what: string): string {
  if (type.kind !== 'timestamptz') return SESSION_ZONE
  if (type.zone === MIXED_ZONES)
    refuse(`${what} of timestamps from several time zones`, 'convert them to one zone first')
  return type.zone
}

/** The wall-clock TIMESTAMP (or DATE) a field is read from. */
function wall(value: Typed, what: string): Expr {
  return value.type.kind === 'timestamptz' ? instantToWall(value.node, zoneOf(value.type, what)) : value.node
}

const FIELDS: Readonly<Record<string, (x: Expr) => Expr>> = {
  year: (x) => call('year', [x]),
  quarter: (x) => call('quarter', [x]),
  month: (x) => call('month', [x]),
  week: (x) => call('week', [x]),
  day: (x) => call('day', [x]),
  day_of_week: (x) => call('isodow', [x]),
  day_of_year: (x) => call('dayofyear', [x]),
  year_of_week: (x) => call('isoyear', [x]),
  hour: (x) => call('hour', [x]),
  minute: (x) => call('minute', [x]),
  second: (x) => call('second', [x]),
  millisecond: (x) => operator('%', [call('millisecond', [x]), constant(1000)]),
}
const ALIASES: Readonly<Record<string, string>> = {
  day_of_month: 'day',
  dow: 'day_of_week',
  doy: 'day_of_year',
  yow: 'year_of_week',
  week_of_year: 'week',
}
const TIME_FIELDS = new Set(['hour', 'minute', 'second', 'millisecond'])

/** year(x), hour(x), ... and EXTRACT(field FROM x): a bigint read from the wall-clock time. */
export function extractField(name: string, value: Typed, site: CallSite): Typed {
  const field = ALIASES[name] ?? name
  if (field === 'timezone_hour' || field === 'timezone_minute') return timezonePart(field, value)
  const read = FIELDS[field]
  if (!read) return sqlError(`Invalid EXTRACT field: ${name}`)
  if (value.type.kind === 'date' && TIME_FIELDS.has(field)) site.unexpected()
  return { node: cast(read(wall(value, `${name}()`)), duckTypeOf(BIGINT)), type: BIGINT }
}

function timezonePart(field: string, value: Typed): Typed {
  if (value.type.kind !== 'timestamptz') return sqlError(`${field}() needs a timestamp with time zone`)
  const zone = zoneOf(value.type, `${field}()`)
  const fixedOffset = zoneOffsetMinutes(zone)
  const minutes =
    fixedOffset !== undefined
      ? constant(BigInt(fixedOffset))
      : call('date_sub', [
          constant('minute'),
          call('timezone', [constant('UTC'), value.node]),
          instantToWall(value.node, zone),
        ])
  const part =
    field === 'timezone_hour'
      ? call('trunc', [operator('/', [minutes, constant(60.0, 'DOUBLE')])])
      : call('fmod', [minutes, constant(60.0, 'DOUBLE')])
  return { node: cast(part, duckTypeOf(BIGINT)), type: BIGINT }
}

const field = (name: string) =>
  scalar((site) => {
    site.arity(1)
    return extractField(name, temporal(site, 0), site)
  })

function literalFormat(site: CallSite, i: number): string {
  const arg = site.arg(i)
  if (typeof arg.literal !== 'string')
    refuse(`${site.name}() with a computed format`, 'write the format as a string literal')
  return arg.literal
}

const dateFormat = scalar((site) => {
  site.arity(2)
  const value = temporal(site, 0)
  const format = mysqlToStrftime(literalFormat(site, 1))
  // %f prints the milliseconds as six digits: the value is cut to milliseconds first.
  const source =
    value.type.kind === 'date' ? cast(value.node, duckTypeOf(timestamp(0))) : wall(value, 'date_format()')
  const cut = format.includes('%f') ? call('date_trunc', [constant('millisecond'), source]) : source
  return { node: call('strftime', [cut, constant(format)]), type: VARCHAR }
})

const dateParse = scalar((site) => {
  site.arity(2)
  const text = coerce(site.arg(0), VARCHAR).node
  const mysql = literalFormat(site, 1)
  const parsed = cast(call('strptime', [text, constant(mysqlToStrftime(mysql))]), duckTypeOf(timestamp(6)))
  // %y reads 70..99 as 19xx and 00..69 as 20xx in Trino; strptime reads 69 as 1969.
  const pivoted = /%y/.test(mysql.replace(/%%/g, ''))
    ? iff(
        comparison('COMPARE_EQUAL', call('year', [parsed]), constant(1969n)),
        operator('+', [parsed, call('to_years', [constant(100)])]),
        parsed,
      )
    : parsed
  return { node: call('tl_round_timestamp', [pivoted, constant(3)]), type: timestamp(3) }
})

const formatDatetime = scalar((site) => {
  site.arity(2)
  const value = temporal(site, 0)
  const pattern = literalFormat(site, 1)
  if (/[zZ]/.test(pattern.replace(/'[^']*'/g, '')))
    refuse('format_datetime() with zone letters (z, Z)', 'format the zone with timezone() or leave it out')
  const source =
    value.type.kind === 'date' ? cast(value.node, duckTypeOf(timestamp(0))) : wall(value, 'format_datetime()')
  return { node: call('strftime', [source, constant(jodaToStrftime(pattern))]), type: VARCHAR }
})

const parseDatetime = scalar((site) => {
  site.arity(2)
  const text = coerce(site.arg(0), VARCHAR).node
  const pattern = literalFormat(site, 1)
  if (/[zZ]/.test(pattern.replace(/'[^']*'/g, '')))
    refuse('parse_datetime() with zone letters (z, Z)', 'parse without the zone and use with_timezone()')
  const parsed = call('tl_round_timestamp', [
    cast(call('strptime', [text, constant(jodaToStrftime(pattern))]), duckTypeOf(timestamp(6))),
    constant(3),
  ])
  return { node: wallToInstant(parsed, SESSION_ZONE), type: timestampTz(3, SESSION_ZONE) }
})

const fromUnixtime = scalar((site) => {
  site.arity(1, 2, 3)
  const seconds = coerce(site.arg(0), DOUBLE).node
  // Trino rounds to milliseconds: epoch_ms(round(seconds * 1000)).
  const instant = cast(
    call('epoch_ms', [
      cast(call('round', [operator('*', [seconds, constant(1000.0, 'DOUBLE')])]), duckTypeOf(BIGINT)),
    ]),
    duckTypeOf(timestampTz(3, 'UTC')),
  )
  const zone =
    site.argCount === 2 ? literalZone(site, 1) : site.argCount === 3 ? offsetZone(site) : SESSION_ZONE
  return { node: instant, type: timestampTz(3, zone) }
})

/** from_unixtime(x, hours, minutes): the zone of that offset from UTC. */
function offsetZone(site: CallSite): string {
  const [hours, minutes] = [site.arg(1).literal, site.arg(2).literal]
  if (typeof hours !== 'number' || typeof minutes !== 'number') {
    refuse('from_unixtime() with a computed offset', 'write the hours and minutes as literals')
  }
  const sign = hours < 0 || minutes < 0 ? '-' : '+'
  const pad = (n: number) => String(Math.abs(n)).padStart(2, '0')
  return canonicalZone(`${sign}${pad(hours)}:${pad(minutes)}`)
}

function literalZone(site: CallSite, i: number): string {
  const arg = site.arg(i)
  if (typeof arg.literal !== 'string')
    refuse(`${site.name}() with a computed time zone`, "write the zone as a literal, e.g. 'Europe/Berlin'")
  return canonicalZone(arg.literal)
}

const toUnixtime = scalar((site) => {
  site.arity(1)
  const value = temporal(site, 0, false)
  const instant = value.type.kind === 'timestamp' ? wallToInstant(value.node, SESSION_ZONE) : value.node
  return {
    node: operator('/', [cast(call('epoch_us', [instant]), duckTypeOf(DOUBLE)), constant(1e6, 'DOUBLE')]),
    type: DOUBLE,
  }
})

/** at_timezone(ts, zone) and `ts AT TIME ZONE zone`: the same instant, shown in the zone. */
export function atTimeZone(value: Typed, zone: string): Typed {
  const kind = value.type.kind
  if (kind !== 'timestamp' && kind !== 'timestamptz') return sqlError('AT TIME ZONE needs a timestamp')
  const precision =
    value.type.kind === 'timestamp' || value.type.kind === 'timestamptz' ? value.type.precision : 3
  const instant = kind === 'timestamp' ? wallToInstant(value.node, SESSION_ZONE) : value.node
  return { node: instant, type: timestampTz(precision, zone) }
}

const atTimezone = scalar((site) => {
  site.arity(2)
  return atTimeZone(temporal(site, 0, false), literalZone(site, 1))
})

const withTimezone = scalar((site) => {
  site.arity(2)
  const value = site.arg(0)
  const type = value.type.kind === 'timestamp' ? value.type : site.unexpected()
  const zone = literalZone(site, 1)
  return { node: wallToInstant(value.node, zone), type: timestampTz(type.precision, zone) }
})

/** from_iso8601_date: a calendar date (2020-05-11), a week date (2020-W10, 2020-W10-3) or an ordinal date (2020-123). */
const fromIso8601Date = fixed([VARCHAR], DATE, ([s]) => {
  const part = (pattern: string, group: number) =>
    cast(call('regexp_extract', [s!, constant(pattern), constant(group)]), duckTypeOf(BIGINT))
  const days = (n: Expr) => call('to_days', [cast(n, duckTypeOf({ kind: 'integer' }))])
  const week = '^([0-9]{4})-W([0-9]{2})(?:-([1-7]))?$'
  const jan4 = call('make_date', [part(week, 1), constant(1), constant(4)])
  const weekOne = operator('-', [jan4, days(operator('-', [call('isodow', [jan4]), constant(1n)]))])
  const weekday = coalesce(
    cast(
      call('nullif', [call('regexp_extract', [s!, constant(week), constant(3)]), constant('')]),
      duckTypeOf(BIGINT),
    ),
    constant(1n),
  )
  const weekDate = operator('+', [
    weekOne,
    days(
      operator('+', [
        operator('*', [operator('-', [part(week, 2), constant(1n)]), constant(7n)]),
        operator('-', [weekday, constant(1n)]),
      ]),
    ),
  ])
  const ordinal = '^([0-9]{4})-([0-9]{3})$'
  const ordinalDate = operator('+', [
    call('make_date', [part(ordinal, 1), constant(1), constant(1)]),
    days(operator('-', [part(ordinal, 2), constant(1n)])),
  ])
  return caseWhen(
    [
      [call('regexp_full_match', [s!, constant('[0-9]{4}-[0-9]{2}-[0-9]{2}')]), cast(s!, duckTypeOf(DATE))],
      [call('regexp_full_match', [s!, constant(week.slice(1, -1))]), cast(weekDate, duckTypeOf(DATE))],
      [call('regexp_full_match', [s!, constant(ordinal.slice(1, -1))]), cast(ordinalDate, duckTypeOf(DATE))],
    ],
    call('error', [operator('||', [constant('Invalid format: '), s!])]),
  )
})

/** from_iso8601_timestamp: the zone must be the session's (none, Z or +00:00) locally, as one expression has one zone. */
const fromIso8601Timestamp = scalar((site) => {
  site.arity(1)
  const arg = site.arg(0)
  const text = coerce(arg, VARCHAR).node
  const pattern =
    '([0-9]{4}-[0-9]{2}-[0-9]{2})(?:T([0-9]{2}(?::[0-9]{2}(?::[0-9]{2}(?:\\.[0-9]{1,3})?)?)?))?(Z|[+-]00:?00)?'
  if (typeof arg.literal === 'string') {
    const zone = /([+-]\d\d:?\d\d|Z)$/.exec(arg.literal)?.[1]
    if (zone && canonicalZone(zone) !== 'UTC') {
      const local = arg.literal.slice(0, -zone.length).replace('T', ' ')
      const typed = castValue({ node: constant(local), type: VARCHAR }, timestamp(3))
      const canonical = canonicalZone(zone)
      return { node: wallToInstant(typed.node, canonical), type: timestampTz(3, canonical) }
    }
  }
  const wallText = call('replace', [
    call('regexp_replace', [text, constant('(Z|[+-]00:?00)$'), constant('')]),
    constant('T'),
    constant(' '),
  ])
  const node = iff(
    call('regexp_full_match', [text, constant(pattern)]),
    wallToInstant(cast(wallText, duckTypeOf(timestamp(3))), SESSION_ZONE),
    call('error', [
      operator('||', [constant('from_iso8601_timestamp: only UTC times are read locally: '), text]),
    ]),
  )
  return { node, type: timestampTz(3, SESSION_ZONE) }
})

const toIso8601 = scalar((site) => {
  site.arity(1)
  const value = temporal(site, 0)
  if (value.type.kind === 'date')
    return { node: call('strftime', [value.node, constant('%Y-%m-%d')]), type: VARCHAR }
  const precision =
    value.type.kind === 'timestamp' || value.type.kind === 'timestamptz' ? value.type.precision : 3
  const text = call('replace', [
    timestampText(wall(value, 'to_iso8601()'), precision),
    constant(' '),
    constant('T'),
  ])
  if (value.type.kind === 'timestamp') return { node: text, type: VARCHAR }
  const zone = zoneOf(value.type, 'to_iso8601()')
  const offset = zoneOffsetMinutes(zone)
  if (offset === undefined)
    refuse('to_iso8601() of a timestamp in a named time zone', "convert it with AT TIME ZONE 'UTC' first")
  return { node: operator('||', [text, constant(offset === 0 ? 'Z' : zone)]), type: VARCHAR }
})

const lastDayOfMonth = scalar((site) => {
  site.arity(1)
  const value = temporal(site, 0)
  return { node: cast(call('last_day', [wall(value, 'last_day_of_month()')]), duckTypeOf(DATE)), type: DATE }
})

/** The query's start as a timestamp(3) with time zone in the session zone. */
export function currentTimestamp(): Typed {
  const wallNow = call('tl_round_timestamp', [
    call('timezone', [constant('UTC'), call('get_current_timestamp', [])]),
    constant(3),
  ])
  return { node: wallToInstant(wallNow, SESSION_ZONE), type: timestampTz(3, SESSION_ZONE) }
}

const now = scalar((site) => {
  site.arity(0)
  return currentTimestamp()
})

export const DATETIME_FUNCTIONS: FunctionTable = {
  date_trunc: dateTrunc,
  date_add: dateAdd,
  date_diff: dateDiff,
  ...Object.fromEntries(
    [...Object.keys(FIELDS), ...Object.keys(ALIASES), 'timezone_hour', 'timezone_minute'].map((name) => [
      name,
      field(name),
    ]),
  ),
  date_format: dateFormat,
  date_parse: dateParse,
  format_datetime: formatDatetime,
  parse_datetime: parseDatetime,
  from_unixtime: fromUnixtime,
  to_unixtime: toUnixtime,
  at_timezone: atTimezone,
  with_timezone: withTimezone,
  from_iso8601_date: fromIso8601Date,
  from_iso8601_timestamp: fromIso8601Timestamp,
  to_iso8601: toIso8601,
  last_day_of_month: lastDayOfMonth,
  date: scalar((site) => {
    site.arity(1)
    return castValue(site.arg(0), DATE)
  }),
  to_milliseconds: fixed([INTERVAL_DS], BIGINT, ([i]) =>
    cast(
      call('round', [operator('*', [call('epoch', [i!]), constant(1000.0, 'DOUBLE')])]),
      duckTypeOf(BIGINT),
    ),
  ),
  current_timezone: fixed([], VARCHAR, () => constant(SESSION_ZONE)),
  now,
}
