import { coerce } from '../analysis/typed.js'
import { call, cast } from '../duck-ast.js'
import { analyzeLike } from '../expressions/comparison.js'
import { refuse, sqlError } from '../refusal.js'
import { duckTypeOf } from '../types/duck-type.js'
import { canonicalZone } from '../types/time-zones.js'
import { BIGINT, rowOf, VARCHAR } from '../types/trino-type.js'
import { AGGREGATE_FUNCTIONS } from './aggregate.js'
import type { CallSite } from './call-site.js'
import { atTimeZone, extractField } from './datetime.js'
import { type FunctionRule, type FunctionTable, scalar } from './function-rule.js'
import { STRING_FUNCTIONS } from './string.js'

/**
 * SQL syntax DuckDB's parser writes as function calls in the schema `main`: `x AT TIME ZONE z`,
 * `EXTRACT(field FROM x)`, `ROW(a, b)`, `POSITION(a IN b)`, `SUBSTRING(s FROM a FOR b)`,
 * `TRIM([BOTH|LEADING|TRAILING] [chars] FROM s)`, `LIKE ... ESCAPE`, and `count(*)`.
 */
const like = (negated: boolean): FunctionRule =>
  scalar((site) => analyzeLike(site.analyzer, site.children(), negated, site.scope))

const trim = (duck: 'trim' | 'ltrim' | 'rtrim'): FunctionRule =>
  scalar((site) => {
    if (site.argCount === 1) return STRING_FUNCTIONS[duck]!.analyze(site)
    site.arity(2)
    const [s, chars] = [coerce(site.arg(0), VARCHAR).node, coerce(site.arg(1), VARCHAR).node]
    return { node: call(duck, [s, chars]), type: VARCHAR }
  })

function zone(site: CallSite): string {
  const arg = site.arg(0)
  if (typeof arg.literal !== 'string')
    refuse('AT TIME ZONE with a computed zone', "write the zone as a literal, e.g. 'Europe/Berlin'")
  return canonicalZone(arg.literal)
}

export const SYNTAX: FunctionTable = {
  timezone: scalar((site) => atTimeZone(site.arg(1), zone(site))),
  date_part: scalar((site) => {
    const field = site.arg(0).literal
    if (typeof field !== 'string') return sqlError('EXTRACT needs a field name')
    return extractField(field.toLowerCase(), site.arg(1), site)
  }),
  row: scalar((site) => {
    const args = site.args()
    const type = rowOf(args.map((a) => ({ type: a.type })))
    // Named _1, _2, ...: DuckDB's unnamed structs break in subqueries.
    const row = call(
      'row',
      args.map((a) => a.node),
    )
    return { node: cast(row, duckTypeOf(type)), type }
  }),
  position: scalar((site) => {
    site.arity(2)
    const [s, sub] = [coerce(site.arg(0), VARCHAR).node, coerce(site.arg(1), VARCHAR).node]
    return { node: call('strpos', [s, sub]), type: BIGINT }
  }),
  substring: STRING_FUNCTIONS.substring!,
  trim: trim('trim'),
  ltrim: trim('ltrim'),
  rtrim: trim('rtrim'),
  like_escape: like(false),
  not_like_escape: like(true),
  count_star: AGGREGATE_FUNCTIONS.count!,
}
