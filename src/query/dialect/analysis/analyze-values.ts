import type { Expr, Node } from '../duck-ast.js'
import { sqlError } from '../refusal.js'
import type { RelationShape } from './analyze-relation.js'
import type { Analyzer } from './analyzer.js'
import { Scope } from './scope.js'
import { coerceAll, type Typed } from './typed.js'

/**
 * `VALUES (1, 'a'), (2, 'b')`: each column takes the common type of its rows, as in Trino (so
 * `VALUES 1, 'a'` is a type error, not strings), and is named `_col0`, `_col1`, ... unless aliased.
 */
export function analyzeValues(an: Analyzer, node: Node, outer: Scope | undefined): RelationShape {
  const rows = node.values as Expr[][]
  const width = rows[0]?.length ?? 0
  if (rows.some((row) => row.length !== width)) sqlError('VALUES rows have different numbers of columns')
  const scope = outer ?? new Scope([])
  const typedRows: Typed[][] = rows.map((row) => row.map((cell) => an.expr(cell, scope)))
  const columns = Array.from({ length: width }, (_, i) =>
    coerceAll(
      typedRows.map((row) => row[i]!),
      `VALUES column ${i + 1}`,
    ),
  )
  const values = rows.map((_, r) => columns.map((column) => column.values[r]!.node))
  const relation = String(node.alias ?? '').toLowerCase() || undefined
  const fields = columns.map((column, i) => ({
    relation,
    name: `_col${i}`,
    duckName: `col${i}`,
    type: column.type,
  }))
  return { node: { ...node, values }, fields }
}
