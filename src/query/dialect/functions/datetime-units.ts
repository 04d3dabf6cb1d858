import { coerce, type Typed } from '../analysis/typed.js'
import { call, cast, constant, type Expr, operator } from '../duck-ast.js'
import { refuse, sqlError } from '../refusal.js'
import { duckTypeOf } from '../types/duck-type.js'
import { instantToWall, wallToInstant } from '../types/time-zones.js'
import { BIGINT, DATE, MIXED_ZONES, type TrinoType, typeName } from '../types/trino-type.js'
import { commonSuperType } from '../types/type-coercion.js'
import type { CallSite } from './call-site.js'
import { scalar } from './function-rule.js'

/**
 * date_trunc, date_add and date_diff (docs: functions/datetime.md): the unit a literal, the
 * result of the input's type (a date stays a date), a timestamp with time zone counted on its
 * zone's calendar for days and longer and on the instant for hours and shorter (Joda's zoned
 * arithmetic, which Trino uses).
 */
const UNITS = ['millisecond', 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'] as const
type Unit = (typeof UNITS)[number]
const DATE_UNITS: ReadonlySet<Unit> = new Set(['day', 'week', 'month', 'quarter', 'year'])

function unitOf(site: CallSite, value: Typed): Unit {
  const arg = site.arg(0)
  if (typeof arg.literal !== 'string')
    refuse(`${site.name}() with a computed unit`, "write the unit as a literal, e.g. 'day'")
  const unit = arg.literal.toLowerCase() as Unit
  if (!UNITS.includes(unit)) sqlError(`'${arg.literal}' is not a valid ${typeName(value.type)} field`)
  if (value.type.kind === 'date' && !DATE_UNITS.has(unit))
    sqlError(`'${arg.literal}' is not a valid DATE field`)
  return unit
}

function temporal(site: CallSite, i: number): Typed {
  const value = site.arg(i)
  const kind = value.type.kind
  if (kind !== 'date' && kind !== 'timestamp' && kind !== 'timestamptz') site.unexpected()
  return value
}

function knownZone(type: TrinoType, name: string): string {
  if (type.kind !== 'timestamptz') return 'UTC'
  if (type.zone === MIXED_ZONES)
    refuse(`${name}() of timestamps from several time zones`, 'convert them to one zone first')
  return type.zone
}

/** The DuckDB interval of `n` units. */
function interval(unit: Unit, n: Expr): Expr {
  const fn: Record<Unit, string> = {
    millisecond: 'to_milliseconds',
    second: 'to_seconds',
    minute: 'to_minutes',
    hour: 'to_hours',
    day: 'to_days',
    week: 'to_weeks',
    month: 'to_months',
    quarter: 'to_quarters',
    year: 'to_years',
  }
  const whole = unit === 'millisecond' || unit === 'second' || unit === 'minute' || unit === 'hour'
  return call(fn[unit], [whole ? n : cast(n, duckTypeOf({ kind: 'integer' }))])
}

/** `f` applied to the value's wall-clock time (in its zone for a timestamp with time zone), the result read back in the zone. */
function onCalendar(value: Typed, name: string, f: (wall: Expr) => Expr): Expr {
  if (value.type.kind !== 'timestamptz') return f(value.node)
  const zone = knownZone(value.type, name)
  return wallToInstant(f(instantToWall(value.node, zone)), zone)
}

export const dateTrunc = scalar((site) => {
  site.arity(2)
  const value = temporal(site, 1)
  const unit = unitOf(site, value)
  const truncated = onCalendar(value, 'date_trunc', (wall) => call('date_trunc', [constant(unit), wall]))
  return {
    node: value.type.kind === 'date' ? cast(truncated, duckTypeOf(DATE)) : truncated,
    type: value.type,
  }
})

export const dateAdd = scalar((site) => {
  site.arity(3)
  const value = temporal(site, 2)
  const unit = unitOf(site, value)
  const n = coerce(site.arg(1), BIGINT, 'date_add() value').node
  const span = interval(unit, n)
  if (value.type.kind === 'date')
    return { node: cast(operator('+', [value.node, span]), duckTypeOf(DATE)), type: DATE }
  if (value.type.kind === 'timestamptz' && !DATE_UNITS.has(unit)) {
    return { node: operator('+', [value.node, span]), type: value.type }
  }
  return { node: onCalendar(value, 'date_add', (wall) => operator('+', [wall, span])), type: value.type }
})

export const dateDiff = scalar((site) => {
  site.arity(3)
  const [a, b] = [temporal(site, 1), temporal(site, 2)]
  const common = commonSuperType(a.type, b.type) ?? site.unexpected()
  const unit = unitOf(site, { ...a, type: common })
  const [x, y] = [coerce(a, common), coerce(b, common)]
  if (common.kind === 'timestamptz' && DATE_UNITS.has(unit)) {
    if (a.type.kind === 'timestamptz' && b.type.kind === 'timestamptz' && a.type.zone !== b.type.zone) {
      refuse('date_diff() in days or longer between two time zones', 'convert both to one zone first')
    }
    const zone = knownZone(common, 'date_diff')
    const node = call('date_sub', [constant(unit), instantToWall(x.node, zone), instantToWall(y.node, zone)])
    return { node, type: BIGINT }
  }
  return { node: call('date_sub', [constant(unit), x.node, y.node]), type: BIGINT }
})
