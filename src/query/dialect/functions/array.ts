import { coerce, coerceAll, type Typed } from '../analysis/typed.js'
import {
  call,
  cast,
  coalesce,
  columnRef,
  comparison,
  constant,
  type Expr,
  fail,
  iff,
  isNotNull,
  isNull,
  lambda,
  NULL,
  not,
  operator,
  or,
} from '../duck-ast.js'
import { castValue } from '../expressions/casts.js'
import { refuse, sqlError } from '../refusal.js'
import { duckTypeOf } from '../types/duck-type.js'
import {
  arrayOf,
  BIGINT,
  BOOLEAN,
  DATE,
  isIntegral,
  type TrinoType,
  typeName,
  VARCHAR,
} from '../types/trino-type.js'
import type { CallSite } from './call-site.js'
import { type FunctionTable, scalar } from './function-rule.js'

/**
 * Array functions (docs: functions/array.md) with Trino's NULL rules: `contains` and
 * `array_max` are NULL when a NULL element leaves the answer open, `array_distinct` keeps the
 * first of each (a NULL once), `sequence` counts down when start > stop and fails past 10,000
 * entries, `element_at` is NULL past the end and `slice` fails on a 0 start.
 */
function array(site: CallSite, i: number): Typed & { type: { kind: 'array'; element: TrinoType } } {
  const arg = site.arg(i)
  if (arg.type.kind === 'unknown') return { node: arg.node, type: arrayOf(arg.type) } as never
  if (arg.type.kind !== 'array') site.unexpected()
  return arg as never
}

const el = (name = '__x') => columnRef(name)
const hasNull = (list: Expr) =>
  comparison(
    'COMPARE_LESSTHAN',
    call('len', [call('list_filter', [list, lambda(['__n'], isNotNull(el('__n')))])]),
    call('len', [list]),
  )
const nullIfNull = (args: Expr[], node: Expr) => iff(or(...args.map(isNull)), NULL(), node)

const cardinality = scalar((site) => {
  site.arity(1)
  const arg = site.arg(0)
  if (arg.type.kind === 'array') return { node: call('len', [arg.node]), type: BIGINT }
  if (arg.type.kind === 'map') return { node: call('cardinality', [arg.node]), type: BIGINT }
  return site.unexpected()
})

const elementAt = scalar((site) => {
  site.arity(2)
  const base = site.arg(0)
  if (base.type.kind === 'map') {
    const key = coerce(site.arg(1), base.type.key, 'element_at() key')
    return { node: call('map_extract_value', [base.node, key.node]), type: base.type.value }
  }
  const a = array(site, 0)
  const index = coerce(site.arg(1), BIGINT, 'element_at() index').node
  const node = iff(
    comparison('COMPARE_EQUAL', index, constant(0n)),
    fail('SQL array indices start at 1'),
    call('list_extract', [a.node, index]),
  )
  return { node, type: a.type.element }
})

const contains = scalar((site) => {
  site.arity(2)
  const a = array(site, 0)
  const x = coerce(site.arg(1), a.type.element, 'contains() element').node
  const node = iff(
    call('list_contains', [a.node, x]),
    constant(true),
    iff(hasNull(a.node), NULL(), constant(false)),
  )
  return { node: nullIfNull([a.node, x], node), type: BOOLEAN }
})

const arrayPosition = scalar((site) => {
  site.arity(2)
  const a = array(site, 0)
  const x = coerce(site.arg(1), a.type.element, 'array_position() element').node
  return { node: nullIfNull([x], coalesce(call('list_position', [a.node, x]), constant(0n))), type: BIGINT }
})

const arrayJoin = scalar((site) => {
  site.arity(2, 3)
  const a = array(site, 0)
  const asText = castValue({ node: el(), type: a.type.element }, VARCHAR)
  const texts = call('list_transform', [a.node, lambda(['__x'], asText.node)])
  const separator = coerce(site.arg(1), VARCHAR).node
  if (site.argCount === 2) return { node: call('array_to_string', [texts, separator]), type: VARCHAR }
  const replacement = coerce(site.arg(2), VARCHAR).node
  const filled = call('list_transform', [texts, lambda(['__t'], coalesce(el('__t'), replacement))])
  return { node: nullIfNull([replacement], call('array_to_string', [filled, separator])), type: VARCHAR }
})

const arrayDistinct = scalar((site) => {
  site.arity(1)
  const a = array(site, 0)
  const first = lambda(
    ['__x', '__i'],
    comparison('COMPARE_EQUAL', call('list_position', [a.node, el()]), el('__i')),
  )
  return { node: call('list_filter', [a.node, first]), type: a.type }
})

const extreme = (duck: 'list_max' | 'list_min') =>
  scalar((site) => {
    site.arity(1)
    const a = array(site, 0)
    if (a.type.element.kind === 'double' || a.type.element.kind === 'real') {
      refuse(`${site.name}() of floating point numbers`, 'cast the elements to decimal first')
    }
    return { node: iff(hasNull(a.node), NULL(), call(duck, [a.node])), type: a.type.element }
  })

const slice = scalar((site) => {
  site.arity(3)
  const a = array(site, 0)
  const [start, length] = [coerce(site.arg(1), BIGINT).node, coerce(site.arg(2), BIGINT).node]
  const from = iff(
    comparison('COMPARE_GREATERTHAN', start, constant(0n)),
    start,
    operator('+', [operator('+', [call('len', [a.node]), start]), constant(1n)]),
  )
  const sliced = iff(
    comparison('COMPARE_LESSTHAN', from, constant(1n)),
    cast(call('list_value', []), duckTypeOf(a.type)),
    call('list_slice', [a.node, from, operator('-', [operator('+', [from, length]), constant(1n)])]),
  )
  const node = iff(
    comparison('COMPARE_EQUAL', start, constant(0n)),
    fail('SQL array indices start at 1'),
    iff(
      comparison('COMPARE_LESSTHAN', length, constant(0n)),
      fail('Length must be greater than or equal to 0'),
      sliced,
    ),
  )
  return { node: nullIfNull([a.node, start, length], node), type: a.type }
})

const sequence = scalar((site) => {
  site.arity(2, 3)
  const [first, last] = [site.arg(0), site.arg(1)]
  if (first.type.kind === 'date' || last.type.kind === 'date' || first.type.kind === 'timestamp') {
    return temporalSequence(site)
  }
  if (!isIntegral(first.type) || !isIntegral(last.type)) site.unexpected()
  const [start, stop] = [coerce(first, BIGINT).node, coerce(last, BIGINT).node]
  const step =
    site.argCount === 3
      ? coerce(site.arg(2), BIGINT, 'sequence() step').node
      : iff(comparison('COMPARE_LESSTHANOREQUALTO', start, stop), constant(1n), constant(-1n))
  return {
    node: nullIfNull([start, stop, step], call('tl_sequence', [start, stop, step])),
    type: arrayOf(BIGINT),
  }
})

function temporalSequence(site: CallSite): Typed {
  const { values, type } = coerceAll([site.arg(0), site.arg(1)], 'sequence() bounds')
  if (type.kind !== 'date' && type.kind !== 'timestamp') return site.unexpected()
  const [start, stop] = values.map((v) => v.node) as [Expr, Expr]
  let step: Expr
  if (site.argCount === 3) {
    const span = site.arg(2)
    if (span.type.kind !== 'interval day to second' && span.type.kind !== 'interval year to month')
      site.unexpected()
    if (type.kind === 'date' && span.type.kind === 'interval day to second') {
      if (typeof span.literal !== 'number' || span.literal % 86_400_000 !== 0) {
        refuse(
          'sequence() of dates by a computed or partial-day step',
          "step by whole days, e.g. INTERVAL '1' DAY",
        )
      }
    }
    step = span.node
  } else {
    if (type.kind !== 'date') sqlError('sequence() of timestamps needs a step')
    step = iff(
      comparison('COMPARE_LESSTHANOREQUALTO', start, stop),
      call('to_days', [constant(1)]),
      call('to_days', [constant(-1)]),
    )
  }
  const series = call('tl_temporal_sequence', [
    cast(start, duckTypeOf({ kind: 'timestamp', precision: 6 })),
    cast(stop, duckTypeOf({ kind: 'timestamp', precision: 6 })),
    step,
  ])
  const node = type.kind === 'date' ? cast(series, duckTypeOf(arrayOf(DATE))) : series
  return { node: nullIfNull([start, stop, step], node), type: arrayOf(type) }
}

const transform = scalar((site) => {
  site.arity(2)
  const a = array(site, 0)
  const fn = site.lambda(1, [a.type.element])
  return { node: call('list_transform', [a.node, fn.node]), type: arrayOf(fn.type) }
})

const filter = scalar((site) => {
  site.arity(2)
  const a = array(site, 0)
  const fn = site.lambda(1, [a.type.element])
  if (fn.type.kind !== 'boolean' && fn.type.kind !== 'unknown')
    sqlError(`filter() lambda must return boolean, not ${typeName(fn.type)}`)
  return { node: call('list_filter', [a.node, fn.node]), type: a.type }
})

/** any_match / all_match / none_match with Trino's three-valued answers. */
const match = (kind: 'any' | 'all' | 'none') =>
  scalar((site) => {
    site.arity(2)
    const a = array(site, 0)
    const fn = site.lambda(1, [a.type.element])
    const mapped = call('list_transform', [a.node, fn.node])
    const count = (pred: Expr) => call('len', [call('list_filter', [mapped, lambda(['__m'], pred)])])
    const some = (pred: Expr) => comparison('COMPARE_GREATERTHAN', count(pred), constant(0n))
    const anyTrue = some(el('__m'))
    const anyFalse = some(not(el('__m')))
    const anyNull = some(isNull(el('__m')))
    const node =
      kind === 'all'
        ? iff(anyFalse, constant(false), iff(anyNull, NULL(), constant(true)))
        : iff(anyTrue, constant(kind === 'any'), iff(anyNull, NULL(), constant(kind !== 'any')))
    return { node: nullIfNull([a.node], node), type: BOOLEAN }
  })

const arraySort = scalar((site) => {
  if (site.argCount === 2)
    refuse('array_sort() with a comparator', 'sort with array_sort(x), then reverse() if needed')
  site.arity(1)
  const a = array(site, 0)
  return { node: call('list_sort', [a.node, constant('ASC'), constant('NULLS LAST')]), type: a.type }
})

const flatten = scalar((site) => {
  site.arity(1)
  const a = array(site, 0)
  if (a.type.element.kind !== 'array') site.unexpected()
  return { node: call('flatten', [a.node]), type: a.type.element }
})

const arraysOverlap = scalar((site) => {
  site.arity(2)
  const { values } = coerceAll([array(site, 0), array(site, 1)], 'arrays_overlap() arguments')
  const [x, y] = values.map((v) => v.node) as [Expr, Expr]
  const node = iff(
    call('list_has_any', [x, y]),
    constant(true),
    iff(or(hasNull(x), hasNull(y)), NULL(), constant(false)),
  )
  return { node: nullIfNull([x, y], node), type: BOOLEAN }
})

const zip = scalar((site) => {
  if (site.argCount < 2 || site.argCount > 5) sqlError('zip() takes 2 to 5 arrays')
  const arrays = site.args().map((_, i) => array(site, i))
  const type = arrayOf({ kind: 'row', fields: arrays.map((a) => ({ type: a.type.element })) })
  // Named _1, _2, ...: DuckDB's unnamed structs break in subqueries.
  const zipped = cast(
    call(
      'list_zip',
      arrays.map((a) => a.node),
    ),
    duckTypeOf(type),
  )
  return {
    node: nullIfNull(
      arrays.map((a) => a.node),
      zipped,
    ),
    type,
  }
})

/**
 * reduce(array, initial, (s, x) -> s', s -> r): the state keeps the initial value's type (the
 * input lambda's result is coerced to it), then the output lambda is applied to the last state.
 */
const reduce = scalar((site) => {
  site.arity(4)
  const a = array(site, 0)
  const initial = site.arg(1)
  const state = initial.type
  const step = site.lambda(2, [state, a.type.element])
  const stepBody = coerce(
    { node: step.node.expr as Expr, type: step.type },
    state,
    'reduce() input function result',
  )
  const reduced = call('list_reduce', [a.node, { ...step.node, expr: stepBody.node }, initial.node])
  const finish = site.lambda(3, [state])
  const applied = call('list_extract', [
    call('list_transform', [call('list_value', [reduced]), finish.node]),
    constant(1n),
  ])
  return { node: nullIfNull([a.node], applied), type: finish.type }
})

export const ARRAY_FUNCTIONS: FunctionTable = {
  cardinality,
  element_at: elementAt,
  contains,
  array_position: arrayPosition,
  array_join: arrayJoin,
  array_distinct: arrayDistinct,
  array_max: extreme('list_max'),
  array_min: extreme('list_min'),
  slice,
  sequence,
  transform,
  filter,
  any_match: match('any'),
  all_match: match('all'),
  none_match: match('none'),
  array_sort: arraySort,
  flatten,
  arrays_overlap: arraysOverlap,
  zip,
  reduce,
}
