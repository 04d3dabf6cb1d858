import type { Analyzer } from '../analysis/analyzer.js'
import type { Scope } from '../analysis/scope.js'
import { coerce, coerceAll, type Typed } from '../analysis/typed.js'
import {
  type ComparisonType,
  call,
  comparison,
  constant,
  type Expr,
  iff,
  not,
  operator,
  or,
} from '../duck-ast.js'
import { sqlError } from '../refusal.js'
import { BOOLEAN, type TrinoType, typeName, varchar } from '../types/trino-type.js'
import { commonSuperType } from '../types/type-coercion.js'

const SYMBOL: Readonly<Record<string, string>> = {
  COMPARE_EQUAL: '=',
  COMPARE_NOTEQUAL: '<>',
  COMPARE_LESSTHAN: '<',
  COMPARE_GREATERTHAN: '>',
  COMPARE_LESSTHANOREQUALTO: '<=',
  COMPARE_GREATERTHANOREQUALTO: '>=',
  COMPARE_DISTINCT_FROM: 'IS DISTINCT FROM',
  COMPARE_NOT_DISTINCT_FROM: 'IS NOT DISTINCT FROM',
}

/**
 * `a = b`, `a < b`, `a IS DISTINCT FROM b`: both sides to their common type, which Trino requires
 * (`1 = '1'` and `varchar = date` are type errors, not DuckDB's implicit casts). A NaN is equal to
 * nothing and neither less nor greater than anything, as in Trino.
 */
export function analyzeComparison(an: Analyzer, node: Expr, scope: Scope): Typed {
  const type = node.type as ComparisonType
  const left = an.expr(node.left as Expr, scope)
  const right = an.expr(node.right as Expr, scope)
  return compare(type, left, right)
}

export function compare(type: ComparisonType, left: Typed, right: Typed): Typed {
  const common = commonSuperType(left.type, right.type)
  const symbol = SYMBOL[type] ?? type
  if (!common) sqlError(`Cannot apply operator: ${typeName(left.type)} ${symbol} ${typeName(right.type)}`)
  assertComparable(common, symbol)
  const a = coerce(left, common).node
  const b = coerce(right, common).node
  return { node: nanAware(type, a, b, common), type: BOOLEAN }
}

function assertComparable(type: TrinoType, symbol: string): void {
  const equality = symbol === '=' || symbol === '<>' || symbol.includes('DISTINCT')
  if (type.kind === 'json' || (type.kind === 'map' && !equality)) {
    sqlError(`Cannot apply operator: ${typeName(type)} ${symbol} ${typeName(type)}`)
  }
}

function nanAware(type: ComparisonType, a: Expr, b: Expr, common: TrinoType): Expr {
  const plain = comparison(type, a, b)
  if ((common.kind !== 'double' && common.kind !== 'real') || type.includes('DISTINCT')) return plain
  const nan = or(call('isnan', [a]), call('isnan', [b]))
  return iff(nan, constant(type === 'COMPARE_NOTEQUAL'), plain)
}

/** `a [NOT] IN (x, y, ...)`: every value to the common type. */
export function analyzeIn(an: Analyzer, node: Expr, scope: Scope): Typed {
  const values = (node.children as Expr[]).map((child) => an.expr(child, scope))
  const { values: coerced } = coerceAll(values, 'IN value and list items')
  return { node: { ...node, children: coerced.map((v) => v.node) }, type: BOOLEAN }
}

export function analyzeBetween(an: Analyzer, node: Expr, scope: Scope): Typed {
  const parts = ['input', 'lower', 'upper'].map((key) => an.expr(node[key] as Expr, scope))
  const { values } = coerceAll(parts, 'BETWEEN operands')
  const [input, lower, upper] = values.map((v) => v.node)
  return { node: { ...node, input, lower, upper }, type: BOOLEAN }
}

/** `value [NOT] LIKE pattern [ESCAPE e]`: strings only, `%` and `_` as in Trino, no default escape. */
export function analyzeLike(an: Analyzer, children: Expr[], negated: boolean, scope: Scope): Typed {
  const args = children.map((child) => an.expr(child, scope))
  const strings = args.map((arg, i) => {
    if (arg.type.kind !== 'varchar' && arg.type.kind !== 'char' && arg.type.kind !== 'unknown') {
      sqlError(`LIKE ${['value', 'pattern', 'escape'][i]} must be varchar, not ${typeName(arg.type)}`)
    }
    return coerce(arg, varchar()).node
  })
  const [value, pattern, escapeChar] = strings as [Expr, Expr, Expr?]
  const like = escapeChar
    ? call('like_escape', [value, pattern, escapeChar])
    : operator('~~', [value, pattern])
  return { node: negated ? not(like) : like, type: BOOLEAN }
}
