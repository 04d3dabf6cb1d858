import { coerce, type Typed } from '../analysis/typed.js'
import { call, cast, constant, type Expr, operator } from '../duck-ast.js'
import { refuse, sqlError } from '../refusal.js'
import { duckTypeOf } from '../types/duck-type.js'
import { instantToWall, wallToInstant } from '../types/time-zones.js'
import { BIGINT, DATE, INTERVAL_DS, isIntegral, type TrinoType, typeName } from '../types/trino-type.js'
import { commonSuperType } from '../types/type-coercion.js'

const TEMPORAL = new Set([
  'date',
  'timestamp',
  'timestamptz',
  'interval year to month',
  'interval day to second',
])
const DAY_MS = 86_400_000

/**
 * Date, timestamp and interval arithmetic with Trino's result types: `date + interval` is a date
 * (a day-to-second interval must be whole days), a timestamp keeps its precision, a timestamp with
 * time zone adds months on its zone's calendar, and a difference of two is a day-to-second
 * interval. Undefined when neither side is a date, time or interval.
 */
export function temporalArithmetic(name: string, left: Typed, right: Typed): Typed | undefined {
  const [l, r] = [left.type, right.type]
  if (!TEMPORAL.has(l.kind) && !TEMPORAL.has(r.kind)) return undefined
  const invalid = (): never => sqlError(`Cannot apply operator: ${typeName(l)} ${name} ${typeName(r)}`)
  const interval = (t: TrinoType) =>
    t.kind === 'interval year to month' || t.kind === 'interval day to second'
  if ((name === '+' || name === '-') && interval(r) && !interval(l))
    return shifted(name, left, right) ?? invalid()
  if (name === '+' && interval(l) && !interval(r)) return shifted(name, right, left) ?? invalid()
  if (name === '-' && !interval(l) && !interval(r)) return difference(left, right) ?? invalid()
  if ((name === '+' || name === '-') && interval(l) && l.kind === r.kind) {
    return { node: operator(name, [left.node, right.node]), type: l }
  }
  if (name === '*' && (interval(l) || interval(r))) {
    const [span, factor] = interval(l) ? [left, right] : [right, left]
    if (!isIntegral(factor.type)) refuse('an interval times a non-integer', 'multiply by an integer')
    return { node: operator('*', [span.node, coerce(factor, BIGINT).node]), type: span.type }
  }
  return invalid()
}

function shifted(name: string, value: Typed, span: Typed): Typed | undefined {
  const op = (a: Expr) => operator(name, [a, span.node])
  const months = span.type.kind === 'interval year to month'
  switch (value.type.kind) {
    case 'date':
      if (!months) assertWholeDays(span)
      return { node: cast(op(value.node), duckTypeOf(DATE)), type: DATE }
    case 'timestamp':
      return { node: op(value.node), type: value.type }
    case 'timestamptz': {
      if (!months) return { node: op(value.node), type: value.type }
      // Months are added on the zone's calendar, then the wall time is read in the zone again.
      const zone = value.type.zone
      return { node: wallToInstant(op(instantToWall(value.node, zone)), zone), type: value.type }
    }
    default:
      return undefined
  }
}

function assertWholeDays(span: Typed): void {
  if (typeof span.literal === 'number') {
    if (span.literal % DAY_MS !== 0) sqlError('Cannot add hour, minutes or seconds to a date')
    return
  }
  refuse('adding a computed day-to-second interval to a date', "add whole days with date_add('day', n, d)")
}

function difference(left: Typed, right: Typed): Typed | undefined {
  const common = commonSuperType(left.type, right.type)
  if (!common) return undefined
  const [a, b] = [coerce(left, common).node, coerce(right, common).node]
  if (common.kind === 'date') {
    const days = operator('-', [a, b])
    return {
      node: call('to_microseconds', [operator('*', [days, constant(BigInt(DAY_MS) * 1000n)])]),
      type: INTERVAL_DS,
    }
  }
  if (common.kind === 'timestamp' || common.kind === 'timestamptz') {
    const micros = operator('-', [call('epoch_us', [a]), call('epoch_us', [b])])
    return { node: call('to_microseconds', [micros]), type: INTERVAL_DS }
  }
  return undefined
}
