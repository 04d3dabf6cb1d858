import {
  call,
  coalesce,
  columnRef,
  constant,
  type Expr,
  type Node,
  operator,
  selectNode,
  subqueryRef,
  withAlias,
} from '../duck-ast.js'
import { sqlError } from '../refusal.js'
import { BIGINT, type TrinoType, typeName } from '../types/trino-type.js'
import type { RelationShape } from './analyze-relation.js'
import type { Analyzer } from './analyzer.js'
import type { Field, Scope } from './scope.js'

/**
 * Trino's UNNEST: an array gives one column (an array of rows one column per field), a map two
 * (key, value); several arguments are zipped, the shorter padded with NULLs; WITH ORDINALITY adds
 * the 1-based position as a bigint. One plain array (with or without ordinality) stays DuckDB's
 * own UNNEST; the rest becomes a subquery of DuckDB's select-list unnest, which pads alike.
 */
export function analyzeUnnest(an: Analyzer, node: Node, scope: Scope): RelationShape {
  const fn = node.function as Expr
  const args = (fn.children as Expr[]).map((child) => an.expr(child, scope))
  if (args.length === 0) sqlError('UNNEST needs at least one argument')
  const ordinality = node.with_ordinality === 'WITH_ORDINALITY'
  const parts: { expr: Expr; type: TrinoType }[][] = args.map((arg) => {
    const type = arg.type
    if (type.kind === 'array') {
      if (type.element.kind === 'row') {
        return type.element.fields.map((field, i) => ({
          // By position: a row built by ROW(...) or zip() has no field names in DuckDB.
          expr: call('struct_extract_at', [columnRef('__element'), constant(i + 1, 'BIGINT')]),
          type: field.type,
        }))
      }
      return [{ expr: columnRef('__element'), type: type.element }]
    }
    if (type.kind === 'map') {
      return [
        { expr: columnRef('__key'), type: type.key },
        { expr: columnRef('__value'), type: type.value },
      ]
    }
    if (type.kind === 'unknown') return [{ expr: columnRef('__element'), type }]
    return sqlError(`Cannot unnest type: ${typeName(type)}`)
  })
  const types = [...parts.flat().map((p) => p.type), ...(ordinality ? [BIGINT] : [])]
  const aliases = (node.column_name_alias as string[] | undefined) ?? []
  if (aliases.length > 0 && aliases.length !== types.length) {
    sqlError(`Column alias list has ${aliases.length} entries but UNNEST has ${types.length} columns`)
  }
  const names = types.map((_, i) => aliases[i] ?? `_col${i}`)
  const alias = String(node.alias ?? '').toLowerCase() || 'unnest'
  const fields: Field[] = types.map((type, i) => ({ relation: alias, name: names[i]!, type }))
  const only = args[0]!.type
  if (args.length === 1 && only.kind === 'array' && only.element.kind !== 'row') {
    const unnest = { ...fn, children: [args[0]!.node] }
    return { node: { ...node, alias, function: unnest, column_name_alias: names }, fields }
  }
  return {
    node: zipped(
      args.map((a) => a.node),
      parts,
      ordinality,
      alias,
      names,
    ),
    fields,
  }
}

/**
 * `(SELECT <fields> FROM (SELECT unnest(a1) AS u0, unnest(map_keys(m)) AS k1, ...)) AS alias(names)`:
 * DuckDB's select-list unnest runs as long as the longest list and pads the others with NULLs.
 */
function zipped(
  args: Expr[],
  parts: { expr: Expr; type: TrinoType }[][],
  ordinality: boolean,
  alias: string,
  names: string[],
): Node {
  const inner: Expr[] = []
  const outer: Expr[] = []
  args.forEach((arg, i) => {
    const isMap = parts[i]!.length === 2 && parts[i]![0]!.expr.column_names?.toString() === '__key'
    if (isMap) {
      inner.push(withAlias(call('unnest', [call('map_keys', [arg])]), `__k${i}`))
      inner.push(withAlias(call('unnest', [call('map_values', [arg])]), `__v${i}`))
      outer.push(columnRef(`__k${i}`), columnRef(`__v${i}`))
      return
    }
    inner.push(withAlias(call('unnest', [arg]), `__u${i}`))
    for (const part of parts[i]!) outer.push(renameElement(part.expr, `__u${i}`))
  })
  if (ordinality) {
    const lengths = args.map((arg) => coalesce(call('len', [arg]), constant(0)))
    const longest = lengths.length === 1 ? lengths[0]! : call('greatest', lengths)
    const positions = call('range', [constant(1n), operator('+', [longest, constant(1n)])])
    inner.push(withAlias(call('unnest', [positions]), '__ordinality'))
    outer.push(columnRef('__ordinality'))
  }
  const select = selectNode(
    outer.map((expr, i) => withAlias(expr, names[i]!)),
    subqueryRef(selectNode(inner), '__unnest'),
  )
  return subqueryRef(select, alias, names)
}

/** The element reference of a part, pointed at its own unnested column. */
function renameElement(expr: Expr, column: string): Expr {
  if (expr.class === 'COLUMN_REF') return columnRef(column)
  const children = expr.children as Expr[]
  return { ...expr, children: [columnRef(column), ...children.slice(1)] }
}
