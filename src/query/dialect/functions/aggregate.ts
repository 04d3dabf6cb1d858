import { coerce, type Typed } from '../analysis/typed.js'
import { call, cast, coalesce, comparison, constant, iff, NULL } from '../duck-ast.js'
import { refuse, sqlError } from '../refusal.js'
import { duckTypeOf } from '../types/duck-type.js'
import {
  arrayOf,
  BIGINT,
  BOOLEAN,
  DOUBLE,
  decimal,
  isIntegral,
  isNumeric,
  REAL,
  type TrinoType,
  typeName,
  VARCHAR,
} from '../types/trino-type.js'
import type { CallSite } from './call-site.js'
import { aggregate, type FunctionTable } from './function-rule.js'

/**
 * Aggregate functions (docs: functions/aggregate.md) with Trino's result types: `sum` of
 * integers is a bigint, of a decimal(p,s) a decimal(38,s); `avg` of a decimal keeps its type
 * (rounded half up); `count` is a bigint. `approx_distinct` and `approx_percentile` answer
 * exactly, which Athena's error bounds contain (README, SQL).
 */
function one(site: CallSite): Typed {
  site.arity(1)
  return site.arg(0)
}

const count = aggregate((site) => {
  if (site.name === 'count_star' || site.argCount === 0) {
    return { node: site.aggregate('count_star', []), type: BIGINT }
  }
  return { node: site.aggregate('count', [one(site).node]), type: BIGINT }
})

const sum = aggregate((site) => {
  const x = one(site)
  if (isIntegral(x.type))
    return { node: cast(site.aggregate('sum', [x.node]), duckTypeOf(BIGINT)), type: BIGINT }
  if (x.type.kind === 'decimal') {
    const type = decimal(38, x.type.scale)
    return { node: cast(site.aggregate('sum', [x.node]), duckTypeOf(type)), type }
  }
  if (x.type.kind === 'double' || x.type.kind === 'real' || x.type.kind === 'unknown') {
    const type = x.type.kind === 'real' ? REAL : DOUBLE
    return { node: cast(site.aggregate('sum', [coerce(x, type).node]), duckTypeOf(type)), type }
  }
  return refuse(`sum() of ${typeName(x.type)}`, 'sum numbers')
})

const avg = aggregate((site) => {
  const x = one(site)
  if (isIntegral(x.type) || x.type.kind === 'double' || x.type.kind === 'unknown') {
    return { node: site.aggregate('avg', [coerce(x, DOUBLE).node]), type: DOUBLE }
  }
  if (x.type.kind === 'real')
    return { node: cast(site.aggregate('avg', [x.node]), duckTypeOf(REAL)), type: REAL }
  if (x.type.kind === 'decimal') {
    // Trino's decimal average: the exact sum over the count, rounded half up at the input's scale.
    const type = x.type
    const total = site.aggregate('sum', [x.node])
    const n = site.aggregate('count', [x.node])
    const quotient = call('tl_decimal_quotient', [call('tl_unscaled', [total]), n, constant(type.scale)])
    return {
      node: iff(comparison('COMPARE_EQUAL', n, constant(0n)), NULL(), cast(quotient, duckTypeOf(type))),
      type,
    }
  }
  return refuse(`avg() of ${typeName(x.type)}`, 'average numbers')
})

/** min/max of any orderable type, as its own type. */
const extreme = (duck: 'min' | 'max') =>
  aggregate((site) => {
    if (site.argCount === 2) refuse(`${duck}(x, n)`, `use array_agg with ORDER BY and slice`)
    const x = one(site)
    if (x.type.kind === 'map' || x.type.kind === 'json')
      sqlError(`${duck}() of ${typeName(x.type)} is not orderable`)
    return { node: site.aggregate(duck, [x.node]), type: x.type }
  })

const by = (duck: 'arg_max_null' | 'arg_min_null') =>
  aggregate((site) => {
    if (site.argCount === 3) refuse(`${site.name}(x, y, n)`, 'use array_agg with ORDER BY and slice')
    site.arity(2)
    const [x, y] = [site.arg(0), site.arg(1)]
    return { node: site.aggregate(duck, [x.node, y.node]), type: x.type }
  })

const boolean = (duck: 'bool_and' | 'bool_or') =>
  aggregate((site) => {
    const x = coerce(one(site), BOOLEAN, `${site.name}() argument`)
    return { node: site.aggregate(duck, [x.node]), type: BOOLEAN }
  })

const statistic = (duck: string) =>
  aggregate((site) => {
    const x = one(site)
    if (!isNumeric(x.type)) site.unexpected()
    return { node: site.aggregate(duck, [coerce(x, DOUBLE).node]), type: DOUBLE }
  })

const pairStatistic = (duck: string) =>
  aggregate((site) => {
    site.arity(2)
    const [y, x] = [coerce(site.arg(0), DOUBLE), coerce(site.arg(1), DOUBLE)]
    return { node: site.aggregate(duck, [y.node, x.node]), type: DOUBLE }
  })

const arrayAgg = aggregate((site) => {
  const x = one(site)
  return { node: site.aggregate('list', [x.node]), type: arrayOf(x.type) }
})

const approxPercentile = aggregate((site) => {
  if (site.argCount !== 2)
    refuse('approx_percentile with a weight or an accuracy', 'use approx_percentile(x, p)')
  const x = site.arg(0)
  const p = site.arg(1)
  if (!isNumeric(x.type)) site.unexpected()
  if (p.type.kind === 'array')
    refuse('approx_percentile with an array of percentiles', 'ask for one percentile at a time')
  const fraction = coerce(p, DOUBLE)
  const type: TrinoType = isIntegral(x.type) ? BIGINT : x.type.kind === 'real' ? REAL : DOUBLE
  return {
    node: cast(site.aggregate('quantile_disc', [coerce(x, type).node, fraction.node]), duckTypeOf(type)),
    type,
  }
})

const listagg = aggregate((site) => {
  site.arity(1, 2)
  const x = coerce(site.arg(0), VARCHAR)
  const separator = site.argCount === 2 ? site.arg(1) : undefined
  if (separator && typeof separator.literal !== 'string')
    sqlError('listagg() separator must be a string literal')
  return {
    node: site.aggregate('string_agg', [x.node, constant(String(separator?.literal ?? ''))]),
    type: VARCHAR,
  }
})

export const AGGREGATE_FUNCTIONS: FunctionTable = {
  count,
  count_if: aggregate((site) => {
    const x = coerce(one(site), BOOLEAN, 'count_if() argument')
    // DuckDB's count_if of no rows is NULL; a count is 0.
    return { node: coalesce(site.aggregate('count_if', [x.node]), constant(0n)), type: BIGINT }
  }),
  sum,
  avg,
  min: extreme('min'),
  max: extreme('max'),
  max_by: by('arg_max_null'),
  min_by: by('arg_min_null'),
  bool_and: boolean('bool_and'),
  every: boolean('bool_and'),
  bool_or: boolean('bool_or'),
  arbitrary: aggregate((site) => ({
    node: site.aggregate('any_value', [one(site).node]),
    type: one(site).type,
  })),
  any_value: aggregate((site) => ({
    node: site.aggregate('any_value', [one(site).node]),
    type: one(site).type,
  })),
  array_agg: arrayAgg,
  listagg,
  approx_distinct: aggregate((site) => {
    if (site.argCount === 2) refuse('approx_distinct(x, e)', 'use approx_distinct(x)')
    return { node: site.aggregate('count', [one(site).node], { distinct: true }), type: BIGINT }
  }),
  approx_percentile: approxPercentile,
  stddev: statistic('stddev_samp'),
  stddev_samp: statistic('stddev_samp'),
  stddev_pop: statistic('stddev_pop'),
  variance: statistic('var_samp'),
  var_samp: statistic('var_samp'),
  var_pop: statistic('var_pop'),
  corr: pairStatistic('corr'),
  covar_pop: pairStatistic('covar_pop'),
  covar_samp: pairStatistic('covar_samp'),
  regr_slope: pairStatistic('regr_slope'),
  regr_intercept: pairStatistic('regr_intercept'),
}
