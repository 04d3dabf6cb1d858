import { coerce, type Typed } from '../analysis/typed.js'
import { call, cast, comparison, constant, type Expr, fail, iff, operator, or } from '../duck-ast.js'
import { refuse } from '../refusal.js'
import { duckTypeOf } from '../types/duck-type.js'
import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  decimal,
  INTEGER,
  isIntegral,
  isNumeric,
  type TrinoType,
} from '../types/trino-type.js'
import type { CallSite } from './call-site.js'
import { byArity, type FunctionTable, fixed, scalar } from './function-rule.js'

/**
 * Mathematical functions (docs: functions/math.md), with Trino's result types for decimals
 * (MathFunctions: `round(decimal(p,s))` is `decimal(p-s+min(1,s),0)`, `round(x, d)` widens by
 * one digit, `floor`/`ceiling` drop the scale, `sign` of a decimal is `decimal(1,0)`).
 */
const doubleOf = (name: string, duck = name) => fixed([DOUBLE], DOUBLE, duck)

/** A numeric argument, with its type (integers, decimals and floats each keep theirs). */
function numberArg(site: CallSite, i: number): Typed {
  const arg = site.arg(i)
  if (arg.type.kind === 'unknown') return coerce(arg, DOUBLE)
  if (!isNumeric(arg.type)) site.unexpected()
  return arg
}

const decimalOf = (type: TrinoType) => (type.kind === 'decimal' ? type : undefined)

/** floor and ceiling: integers unchanged, decimals to decimal(p-s+min(s,1), 0). */
const toWhole = (duck: 'floor' | 'ceil') =>
  scalar((site) => {
    site.arity(1)
    const x = numberArg(site, 0)
    if (isIntegral(x.type)) return x
    const dec = decimalOf(x.type)
    if (dec) {
      const type = decimal(dec.precision - dec.scale + Math.min(dec.scale, 1), 0)
      return { node: cast(call(duck, [x.node]), duckTypeOf(type)), type }
    }
    return { node: call(duck, [x.node]), type: x.type }
  })

const round = scalar((site) => {
  site.arity(1, 2)
  const x = numberArg(site, 0)
  const digits = site.argCount === 2 ? coerce(site.arg(1), INTEGER) : undefined
  if (isIntegral(x.type)) {
    if (!digits) return x
    if (typeof digits.literal !== 'number' || digits.literal < 0) {
      refuse('round(integer, d) with a negative or computed d', 'round a decimal or double instead')
    }
    return x
  }
  const dec = decimalOf(x.type)
  if (dec) {
    const type = digits
      ? decimal(Math.min(38, dec.precision + 1), dec.scale)
      : decimal(Math.min(38, dec.precision - dec.scale + Math.min(1, dec.scale)), 0)
    const widened = cast(x.node, duckTypeOf(decimal(Math.min(38, dec.precision + 1), dec.scale)))
    const rounded = digits ? call('round', [widened, digits.node]) : call('round', [widened])
    return { node: cast(rounded, duckTypeOf(type)), type }
  }
  // Doubles and reals: half away from zero, as Trino's MathFunctions.round and DuckDB's round.
  const args = digits ? [x.node, digits.node] : [x.node]
  return { node: call('round', args), type: x.type }
})

const truncate = scalar((site) => {
  site.arity(1, 2)
  const x = numberArg(site, 0)
  const dec = decimalOf(x.type)
  if (site.argCount === 2) {
    if (!dec) refuse('truncate(x, d) on a double', 'truncate a decimal, or use floor')
    const digits = coerce(site.arg(1), INTEGER)
    return { node: cast(call('trunc', [x.node, digits.node]), duckTypeOf(x.type)), type: x.type }
  }
  if (dec) {
    const type = decimal(Math.max(1, dec.precision - dec.scale), 0)
    return { node: cast(call('trunc', [x.node]), duckTypeOf(type)), type }
  }
  const value = coerce(x, x.type.kind === 'real' ? x.type : DOUBLE)
  return { node: call('trunc', [value.node]), type: value.type }
})

const abs = scalar((site) => {
  site.arity(1)
  const x = numberArg(site, 0)
  return { node: cast(call('abs', [x.node]), duckTypeOf(x.type)), type: x.type }
})

const sign = scalar((site) => {
  site.arity(1)
  const x = numberArg(site, 0)
  const type = x.type.kind === 'decimal' ? decimal(1, 0) : x.type
  return { node: cast(call('sign', [x.node]), duckTypeOf(type)), type }
})

const mod = scalar((site) => {
  site.arity(2)
  const [n, m] = [numberArg(site, 0), numberArg(site, 1)]
  return remainder(n, m)
})

function remainder(n: Typed, m: Typed): Typed {
  const both = [n.type, m.type]
  if (both.every(isIntegral) || both.some((t) => t.kind === 'decimal')) {
    // Same as the % operator (an error for a zero divisor).
    const common = both.every(isIntegral) ? widerIntegral(n.type, m.type) : undefined
    if (common)
      return { node: call('tl_modulus', [coerce(n, common).node, coerce(m, common).node]), type: common }
    return refuse('mod() on decimals', 'use the % operator')
  }
  const type = both.some((t) => t.kind === 'double') ? DOUBLE : both[0]!
  return { node: call('fmod', [coerce(n, type).node, coerce(m, type).node]), type }
}

function widerIntegral(a: TrinoType, b: TrinoType): TrinoType {
  const order = ['tinyint', 'smallint', 'integer', 'bigint']
  return order.indexOf(a.kind) >= order.indexOf(b.kind) ? a : b
}

const floatTest = (duck: string) =>
  scalar((site) => {
    site.arity(1)
    return { node: call(duck, [coerce(site.arg(0), DOUBLE).node]), type: BOOLEAN }
  })

const widthBucket = scalar((site) => {
  site.arity(4)
  const [x, lo, hi] = [0, 1, 2].map((i) => coerce(site.arg(i), DOUBLE).node) as [Expr, Expr, Expr]
  const n = coerce(site.arg(3), BIGINT).node
  const bucket = operator('+', [
    cast(
      call('floor', [operator('/', [operator('*', [operator('-', [x, lo]), n]), operator('-', [hi, lo])])]),
      duckTypeOf(BIGINT),
    ),
    constant(1n),
  ])
  const node = iff(
    or(comparison('COMPARE_LESSTHANOREQUALTO', n, constant(0n)), comparison('COMPARE_EQUAL', lo, hi)),
    fail('bucketCount must be greater than 0 and the bounds must differ'),
    iff(
      comparison('COMPARE_LESSTHAN', x, lo),
      constant(0n),
      iff(comparison('COMPARE_GREATERTHANOREQUALTO', x, hi), operator('+', [n, constant(1n)]), bucket),
    ),
  )
  if (
    site.arg(1).literal !== undefined &&
    site.arg(2).literal !== undefined &&
    Number(site.arg(1).literal) > Number(site.arg(2).literal)
  ) {
    refuse('width_bucket with descending bounds', 'swap the bounds')
  }
  return { node, type: BIGINT }
})

const power = scalar((site) => {
  site.arity(2)
  return {
    node: call('pow', [coerce(site.arg(0), DOUBLE).node, coerce(site.arg(1), DOUBLE).node]),
    type: DOUBLE,
  }
})

const log = scalar((site) => {
  site.arity(2)
  const [b, x] = [coerce(site.arg(0), DOUBLE).node, coerce(site.arg(1), DOUBLE).node]
  return { node: operator('/', [call('ln', [x]), call('ln', [b])]), type: DOUBLE }
})

const random = byArity({
  0: scalar(() => ({ node: call('random', []), type: DOUBLE })),
  // random(n): an integer of n's type in [0, n).
  1: scalar((site) => {
    const n = site.arg(0)
    if (!isIntegral(n.type)) site.unexpected()
    const node = iff(
      comparison('COMPARE_LESSTHANOREQUALTO', n.node, constant(0)),
      fail('bound must be positive'),
      cast(
        call('floor', [operator('*', [call('random', []), cast(n.node, duckTypeOf(DOUBLE))])]),
        duckTypeOf(n.type),
      ),
    )
    return { node, type: n.type }
  }),
})

export const MATH_FUNCTIONS: FunctionTable = {
  abs,
  sign,
  round,
  truncate,
  floor: toWhole('floor'),
  ceil: toWhole('ceil'),
  ceiling: toWhole('ceil'),
  mod,
  power,
  pow: power,
  log,
  sqrt: doubleOf('sqrt'),
  cbrt: doubleOf('cbrt'),
  exp: doubleOf('exp'),
  ln: doubleOf('ln'),
  // Trino: Math.log(x) / Math.log(2), which is not always log2's last digit.
  log2: fixed([DOUBLE], DOUBLE, ([x]) =>
    operator('/', [call('ln', [x!]), call('ln', [constant(2.0, 'DOUBLE')])]),
  ),
  log10: doubleOf('log10'),
  degrees: doubleOf('degrees'),
  radians: doubleOf('radians'),
  sin: doubleOf('sin'),
  cos: doubleOf('cos'),
  tan: doubleOf('tan'),
  asin: doubleOf('asin'),
  acos: doubleOf('acos'),
  atan: doubleOf('atan'),
  atan2: fixed([DOUBLE, DOUBLE], DOUBLE, 'atan2'),
  sinh: doubleOf('sinh'),
  cosh: doubleOf('cosh'),
  tanh: doubleOf('tanh'),
  pi: fixed([], DOUBLE, 'pi'),
  e: fixed([], DOUBLE, () => constant(Math.E, 'DOUBLE')),
  nan: fixed([], DOUBLE, () => cast(constant('NaN'), duckTypeOf(DOUBLE))),
  infinity: fixed([], DOUBLE, () => cast(constant('Infinity'), duckTypeOf(DOUBLE))),
  is_nan: floatTest('isnan'),
  is_finite: floatTest('isfinite'),
  is_infinite: floatTest('isinf'),
  width_bucket: widthBucket,
  random,
  rand: random,
}
