import type { Analyzer } from '../analysis/analyzer.js'
import type { Scope } from '../analysis/scope.js'
import { coerce, type Typed } from '../analysis/typed.js'
import { call, cast, constant, type Expr, iff, isNull, NULL, operator, or } from '../duck-ast.js'
import { sqlError } from '../refusal.js'
import { duckTypeOf } from '../types/duck-type.js'
import {
  arrayOf,
  decimal,
  integralAsDecimal,
  isIntegral,
  isNumeric,
  MAX_DECIMAL_PRECISION,
  type TrinoType,
  typeName,
  varchar,
} from '../types/trino-type.js'
import { commonSuperType } from '../types/type-coercion.js'
import { analyzeLike } from './comparison.js'
import { temporalArithmetic } from './temporal-arithmetic.js'

/**
 * The operators DuckDB's parser writes as functions: `+ - * / %` by Trino's typing (integers stay
 * their type and fail on overflow, decimals by Trino's precision and scale rules, `/` on integers
 * truncates and `x / 0` fails), date and interval arithmetic, `||`, and LIKE.
 */
export function analyzeArithmetic(an: Analyzer, node: Expr, scope: Scope): Typed {
  const name = String(node.function_name)
  const children = node.children as Expr[]
  if (name === '~~' || name === '!~~') return analyzeLike(an, children, name === '!~~', scope)
  const args = children.map((child) => an.expr(child, scope))
  if (args.length === 1 && (name === '-' || name === '+')) return unary(name, args[0]!)
  if (args.length !== 2) return sqlError(`the operator ${name} is not Athena SQL`)
  const [left, right] = args as [Typed, Typed]
  switch (name) {
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
      return temporalArithmetic(name, left, right) ?? numeric(name, left, right)
    case '||':
      return concatenation(left, right)
    default:
      return sqlError(`the operator ${name} is not Athena SQL`)
  }
}

function unary(name: string, value: Typed): Typed {
  const type = value.type
  if (!isNumeric(type) && !type.kind.startsWith('interval') && type.kind !== 'unknown') {
    sqlError(`Cannot negate ${typeName(type)}`)
  }
  if (name === '+') return value
  const literal = typeof value.literal === 'number' ? -value.literal : undefined
  return { node: operator('-', [value.node]), type, literal }
}

/** Numbers: both sides to their common type, then the operator on it (decimals by their own rules). */
function numeric(name: string, left: Typed, right: Typed): Typed {
  const common = commonSuperType(left.type, right.type)
  if (!common || !(isNumeric(common) || common.kind === 'unknown')) {
    sqlError(`Cannot apply operator: ${typeName(left.type)} ${name} ${typeName(right.type)}`)
  }
  if (common.kind === 'unknown') return { node: operator(name, [left.node, right.node]), type: common }
  if (common.kind === 'decimal') return decimalArithmetic(name, left, right)
  const [a, b] = [coerce(left, common).node, coerce(right, common).node]
  if (isIntegral(common)) {
    if (name === '/') return { node: call('tl_divide', [a, b]), type: common }
    if (name === '%') return { node: call('tl_modulus', [a, b]), type: common }
  }
  return { node: operator(name, [a, b]), type: common }
}

/**
 * Trino's decimal rules (decimal.md): `+ -` precision 1 + max integer digits + max scale; `*`
 * p1 + p2 and s1 + s2; `/` p1 + s2 + max(0, s2 - s1) with scale max(s1, s2), rounded half up;
 * `%` min integer digits + max scale. Integers take part as decimal(10,0) (bigint: (19,0)).
 */
function decimalArithmetic(name: string, left: Typed, right: Typed): Typed {
  const a = integralAsDecimal(left.type.kind === 'unknown' ? decimal(1) : left.type)!
  const b = integralAsDecimal(right.type.kind === 'unknown' ? decimal(1) : right.type)!
  const aDec = coerce(left, decimal(a.precision, a.scale)).node
  const bDec = coerce(right, decimal(b.precision, b.scale)).node
  const scale = Math.max(a.scale, b.scale)
  const cap = (p: number) => Math.min(MAX_DECIMAL_PRECISION, p)
  switch (name) {
    case '+':
    case '-': {
      const type = decimal(cap(1 + scale + Math.max(a.precision - a.scale, b.precision - b.scale)), scale)
      return { node: cast(operator(name, [aDec, bDec]), duckTypeOf(type)), type }
    }
    case '*': {
      if (a.scale + b.scale > MAX_DECIMAL_PRECISION) sqlError('DECIMAL scale must be in range [0, 38]')
      const type = decimal(cap(a.precision + b.precision), a.scale + b.scale)
      return { node: cast(operator('*', [aDec, bDec]), duckTypeOf(type)), type }
    }
    case '/': {
      const type = decimal(cap(a.precision + b.scale + Math.max(0, b.scale - a.scale)), scale)
      const shift = scale - a.scale + b.scale
      const node = call('tl_decimal_divide', [
        call('tl_unscaled', [aDec]),
        call('tl_unscaled', [bDec]),
        constant(shift),
        constant(scale),
      ])
      return { node: cast(node, duckTypeOf(type)), type }
    }
    default: {
      const type = decimal(cap(Math.min(a.precision - a.scale, b.precision - b.scale) + scale), scale)
      return { node: cast(call('tl_modulus', [aDec, bDec]), duckTypeOf(type)), type }
    }
  }
}

/** `||`: strings (varchar(n1 + n2) when both are bounded), arrays, an element and an array. */
function concatenation(left: Typed, right: Typed): Typed {
  const [l, r] = [left.type, right.type]
  if ((l.kind === 'varchar' || l.kind === 'unknown') && (r.kind === 'varchar' || r.kind === 'unknown')) {
    const length =
      l.kind === 'varchar' && r.kind === 'varchar' && l.length !== undefined && r.length !== undefined
        ? l.length + r.length
        : undefined
    const a = coerce(left, varchar()).node
    const b = coerce(right, varchar()).node
    return { node: operator('||', [a, b]), type: varchar(length) }
  }
  if (l.kind === 'varbinary' && r.kind === 'varbinary')
    return { node: operator('||', [left.node, right.node]), type: l }
  if (l.kind === 'array' || r.kind === 'array') {
    const arrays = l.kind === 'array' && r.kind === 'array'
    const element = arrays
      ? commonSuperType(l, r)
      : l.kind === 'array'
        ? commonSuperType(l.element, r)
        : commonSuperType(l, (r as { element: TrinoType }).element)
    if (!element) sqlError(`Cannot apply operator: ${typeName(l)} || ${typeName(r)}`)
    const type = arrays ? element : arrayOf(element)
    const elementType = type.kind === 'array' ? type.element : element
    // DuckDB reads a NULL list as empty; in Trino a NULL array makes the result NULL.
    const whole = (a: Typed, b: Typed, fn: string, nullable: Expr[]): Typed => ({
      node: iff(or(...nullable.map(isNull)), NULL(), call(fn, [a.node, b.node])),
      type,
    })
    const a = coerce(left, l.kind === 'array' ? type : elementType)
    const b = coerce(right, r.kind === 'array' ? type : elementType)
    if (arrays) return whole(a, b, 'list_concat', [a.node, b.node])
    return l.kind === 'array' ? whole(a, b, 'list_append', [a.node]) : whole(a, b, 'list_prepend', [b.node])
  }
  return sqlError(`Cannot apply operator: ${typeName(l)} || ${typeName(r)}`)
}
