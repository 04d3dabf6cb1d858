import type { Analyzer } from '../analysis/analyzer.js'
import type { Scope } from '../analysis/scope.js'
import type { Typed } from '../analysis/typed.js'
import { cast, columnRef, type Expr, type Node, selectNode, subqueryRef, withAlias } from '../duck-ast.js'
import { sqlError } from '../refusal.js'
import { duckTypeOf } from '../types/duck-type.js'
import { BOOLEAN, type TrinoType, typeName } from '../types/trino-type.js'
import { commonSuperType } from '../types/type-coercion.js'

/**
 * `(SELECT ...)` as a value (one column; more than one row is an error, in DuckDB as in Trino),
 * `EXISTS (...)`, and `x IN (SELECT ...)` / `x op ANY|ALL (...)` with both sides of one type.
 */
export function analyzeSubquery(an: Analyzer, node: Expr, scope: Scope): Typed {
  const query = an.query((node.subquery as { node: Node }).node, scope, scope.ctes)
  const subquery = { ...(node.subquery as Node), node: query.node }
  switch (node.subquery_type) {
    case 'EXISTS':
    case 'NOT_EXISTS':
      return { node: { ...node, subquery }, type: BOOLEAN }
    case 'SCALAR':
      if (query.columns.length !== 1)
        sqlError(`a scalar subquery must return one column, not ${query.columns.length}`)
      return { node: { ...node, subquery }, type: query.columns[0]!.type }
    case 'ANY': {
      if (query.columns.length !== 1) sqlError('a subquery compared with a value must return one column')
      const child = an.expr(node.child as Expr, scope)
      const column = query.columns[0]!
      const common = commonSuperType(child.type, column.type)
      if (!common)
        sqlError(`Cannot compare ${typeName(child.type)} with subquery of ${typeName(column.type)}`)
      const value = coerceNode(child, common)
      const rows =
        column.type.kind === common.kind && typeName(column.type) === typeName(common)
          ? query.node
          : castColumn(query.node, column.name, common)
      return { node: { ...node, child: value, subquery: { ...subquery, node: rows } }, type: BOOLEAN }
    }
    default:
      return sqlError(`unsupported subquery ${String(node.subquery_type)}`)
  }
}

function coerceNode(value: Typed, type: TrinoType): Expr {
  return typeName(value.type) === typeName(type) ? value.node : cast(value.node, duckTypeOf(type))
}

/** `SELECT CAST(c AS type) FROM (query)`: a subquery's one column in the type it is compared as. */
function castColumn(query: Node, name: string, type: TrinoType): Node {
  return selectNode(
    [withAlias(cast(columnRef(name), duckTypeOf(type)), name)],
    subqueryRef(query, '__subquery'),
  )
}
