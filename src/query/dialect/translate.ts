import { Analyzer, type OutputColumn, type TableShape } from './analysis/analyzer.js'
import { type Node, parseTree, stringifyTree } from './duck-ast.js'
import { sqlError } from './refusal.js'

export type { OutputColumn, TableShape }

/** A statement translated: DuckDB's parse tree of the query that computes Athena's answer, and its columns. */
export interface Translation {
  /** `json_serialize_sql` JSON of the rewritten statement, for `json_deserialize_sql`. */
  json: string
  columns: OutputColumn[]
}

/**
 * Translates one parsed SELECT statement (DuckDB's `json_serialize_sql` output of the pre-parsed
 * text) into the DuckDB statement that gives Athena engine v3's answer, typing every expression
 * by Trino's rules; anything without such a translation is refused with a `QueryRefusedError`.
 *
 * @example
 * const { json, columns } = translateStatement(serialized, preParsedSql, tables, 'tunelake')
 * // columns: [{ name: 'd', type: { kind: 'date' } }]; json goes to json_deserialize_sql
 */
export function translateStatement(
  serialized: string,
  sql: string,
  tables: readonly TableShape[],
  database: string,
): Translation {
  const tree = parseTree(serialized) as { statements?: { node: Node }[] }
  const statement = tree.statements?.[0]
  if (!statement || tree.statements!.length !== 1) return sqlError('expected one SELECT statement')
  const analyzer = new Analyzer(tables, database.toLowerCase(), sql)
  const shape = analyzer.query(statement.node, undefined, new Map())
  const json = stringifyTree({ ...tree, statements: [{ ...statement, node: shape.node }] })
  return { json, columns: shape.columns }
}
