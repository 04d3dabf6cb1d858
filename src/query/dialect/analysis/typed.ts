import { cast, type Expr } from '../duck-ast.js'
import { sqlError } from '../refusal.js'
import { duckTypeOf } from '../types/duck-type.js'
import { type TrinoType, typeName } from '../types/trino-type.js'
import { canCoerce, commonSuperTypeOf } from '../types/type-coercion.js'

/** A literal's value, when the expression is one (a unit, a zone, a pattern, a format). */
export type Literal = string | number | boolean | null

/**
 * An analysed expression: its Trino type, the DuckDB expression that computes Trino's value for
 * it (held in the DuckDB type `duckTypeOf(type)`), and its value when it is a literal.
 */
export interface Typed {
  node: Expr
  type: TrinoType
  literal?: Literal
  /** True for a literal `NULL` (its type is unknown until something needs one). */
  isNullLiteral?: boolean
}

/**
 * The value as `to`, for an implicit conversion Trino makes (a function argument, one side of a
 * comparison, a branch of CASE): the DuckDB expression is cast when its representation changes.
 * Refused conversions (a number where a string is wanted) are the type error Trino raises.
 */
export function coerce(value: Typed, to: TrinoType, what = 'expression'): Typed {
  if (typeName(value.type) === typeName(to) && sameZones(value.type, to)) return value
  if (!canCoerce(value.type, to)) {
    sqlError(`${what} must be ${typeName(to)}, not ${typeName(value.type)}`)
  }
  if (sameRepresentation(value.type, to)) return { ...value, type: to }
  return {
    node: cast(value.node, duckTypeOf(to)),
    type: to,
    literal: value.literal,
    isNullLiteral: value.isNullLiteral,
  }
}

/** The values coerced to their common type; `what` names them in the error when there is none. */
export function coerceAll(values: readonly Typed[], what: string): { values: Typed[]; type: TrinoType } {
  const type = commonSuperTypeOf(values.map((v) => v.type))
  if (!type) {
    sqlError(`${what} must be of one type, not ${values.map((v) => typeName(v.type)).join(', ')}`)
  }
  return { values: values.map((v) => coerce(v, type, what)), type }
}

function sameZones(a: TrinoType, b: TrinoType): boolean {
  return a.kind !== 'timestamptz' || (b.kind === 'timestamptz' && a.zone === b.zone)
}

/**
 * True when DuckDB holds values of both types the same way, so no cast is needed: strings of any
 * length, timestamps to a finer precision, a zone change (the instant stays), containers of such.
 */
function sameRepresentation(from: TrinoType, to: TrinoType): boolean {
  if (from.kind === 'varchar' && to.kind === 'varchar') return true
  if (from.kind === 'timestamp' && to.kind === 'timestamp') return true
  if (from.kind === 'timestamptz' && to.kind === 'timestamptz') return true
  if (from.kind === 'array' && to.kind === 'array') return sameRepresentation(from.element, to.element)
  if (from.kind === 'map' && to.kind === 'map') {
    return sameRepresentation(from.key, to.key) && sameRepresentation(from.value, to.value)
  }
  return typeName(from) === typeName(to)
}
