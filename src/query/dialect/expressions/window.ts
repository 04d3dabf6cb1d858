import type { Analyzer } from '../analysis/analyzer.js'
import type { Scope } from '../analysis/scope.js'
import { coerce, type Typed } from '../analysis/typed.js'
import { call, type Expr, type Node } from '../duck-ast.js'
import { AGGREGATE_CALLS, CallSite } from '../functions/call-site.js'
import { FUNCTIONS, SYNTAX } from '../functions/registry.js'
import { refuse, sqlError } from '../refusal.js'
import { BIGINT, DOUBLE, isIntegral, typeName } from '../types/trino-type.js'

const RANKING: Readonly<Record<string, typeof BIGINT>> = {
  row_number: BIGINT,
  rank: BIGINT,
  dense_rank: BIGINT,
  ntile: BIGINT,
  percent_rank: DOUBLE,
  cume_dist: DOUBLE,
}

const VALUE_FUNCTIONS = new Set(['lag', 'lead', 'first_value', 'last_value', 'nth_value'])

/**
 * `f(...) OVER (PARTITION BY ... ORDER BY ... frame)`: Trino's ranking and value functions, and
 * any aggregate the registry reproduces (its DuckDB aggregate calls become window calls with
 * this window).
 */
export function analyzeWindow(an: Analyzer, node: Expr, scope: Scope): Typed {
  const name = String(node.function_name).toLowerCase()
  const window = analyzeFrame(an, node, scope)
  const children = node.children as Expr[]
  if (node.filter_expr) sqlError('FILTER on a window function is not supported by Athena')
  if (name in RANKING) {
    if (name === 'ntile') {
      const [buckets] = children.map((c) => an.expr(c, scope))
      if (!buckets || !isIntegral(buckets.type)) sqlError('ntile() takes one integer argument')
      return { node: { ...window, children: [coerce(buckets, BIGINT).node] }, type: BIGINT }
    }
    if (children.length > 0) sqlError(`${name}() takes no arguments`)
    return { node: window, type: RANKING[name]! }
  }
  if (VALUE_FUNCTIONS.has(name)) return valueFunction(an, name, window, children, scope)
  const rule = FUNCTIONS[name] ?? (name === 'count_star' ? SYNTAX.count_star : undefined)
  if (rule?.kind !== 'aggregate') {
    return rule
      ? sqlError(`${name}() is not a window function`)
      : refuse(`the window function ${name}()`, 'run the query on Athena')
  }
  const asCall: Expr = { ...call(name, children), distinct: node.distinct === true }
  const typed = rule.analyze(new CallSite(name, asCall, an, scope))
  if (node.distinct) refuse(`${name}(DISTINCT ...) OVER (...)`, 'aggregate the distinct values in a subquery')
  return { ...typed, node: overWindow(typed.node, window) }
}

function valueFunction(an: Analyzer, name: string, window: Expr, children: Expr[], scope: Scope): Typed {
  const [value, ...rest] = children.map((c) => an.expr(c, scope))
  if (!value) return sqlError(`${name}() needs an argument`)
  const offset = (node: Expr | null | undefined) => {
    if (!node) return null
    const typed = an.expr(node, scope)
    if (!isIntegral(typed.type)) sqlError(`${name}() offset must be an integer, not ${typeName(typed.type)}`)
    return coerce(typed, BIGINT).node
  }
  const defaultValue = window.default_expr
    ? coerce(an.expr(window.default_expr as Expr, scope), value.type).node
    : null
  if (rest.length > 0 && name !== 'nth_value') sqlError(`${name}() takes its offset and default in OVER form`)
  const nth =
    name === 'nth_value'
      ? coerce(rest[0] ?? sqlError('nth_value() needs a position'), BIGINT).node
      : undefined
  if (nth && typeof rest[0]?.literal === 'number' && rest[0].literal < 1) {
    sqlError('the offset of nth_value must be positive')
  }
  if (nth && rest[0]?.literal === undefined)
    refuse('nth_value() with a computed offset', 'write the offset as a literal')
  return {
    node: {
      ...window,
      children: nth ? [value.node, nth] : [value.node],
      offset_expr: offset(window.offset_expr as Expr | null),
      default_expr: defaultValue,
    },
    type: value.type,
  }
}

/** The window's PARTITION BY, ORDER BY and frame bounds, analysed. */
function analyzeFrame(an: Analyzer, node: Expr, scope: Scope): Expr {
  const expr = (e: unknown) => (e ? an.expr(e as Expr, scope).node : null)
  const partitions = (node.partitions as Expr[]).map((p) => an.expr(p, scope).node)
  const orders = (node.orders as Node[]).map((o) => ({ ...o, expression: expr(o.expression) }))
  if (node.exclude_clause && node.exclude_clause !== 'NO_OTHER')
    refuse('EXCLUDE in a window frame', 'filter the rows another way')
  return { ...node, partitions, orders, start_expr: expr(node.start_expr), end_expr: expr(node.end_expr) }
}

/** The rule's result with each DuckDB aggregate call in it computed over the window instead. */
function overWindow(node: unknown, window: Expr): Expr {
  return replaceDeep(node, window) as Expr
}

function replaceDeep(value: unknown, window: Expr): unknown {
  if (Array.isArray(value)) return value.map((v) => replaceDeep(v, window))
  if (typeof value !== 'object' || value === null) return value
  const node = value as Expr
  if (AGGREGATE_CALLS.has(node)) {
    if (node.filter) sqlError('FILTER on a window function is not supported by Athena')
    if ((node.order_bys as { orders: unknown[] }).orders.length > 0) {
      refuse('an ordered aggregate over a window', 'aggregate in a subquery')
    }
    return { ...window, function_name: node.function_name, children: node.children, type: 'WINDOW_AGGREGATE' }
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, replaceDeep(v, window)]))
}
