import { isTrivia, tokenize } from '../dialect/sql-tokens.js'
import type { SerializedSql } from './duckdb-guard.js'

/**
 * The query bounded to `rows` rows inside DuckDB: `(query) LIMIT rows`, which keeps the query's
 * ORDER BY and its column names. The engine can then run it in one step, as a materialized
 * result, without holding more rows than it returns (a streamed result is a prepared statement,
 * and DuckDB binds a prepared statement over Parquet files again when it runs it: every view's
 * file list twice). A query with its own top-level LIMIT or OFFSET is left as written, which
 * bounds it already (`(... LIMIT 5) LIMIT 11` does not parse).
 *
 * @example
 * withRowLimit('SELECT * FROM tracks ORDER BY popularity DESC;', parsed, 10_001)
 * // "(SELECT * FROM tracks ORDER BY popularity DESC\n) LIMIT 10001"
 */
export function withRowLimit(sql: string, parsed: SerializedSql, rows: number): string {
  if (hasTopLevelLimit(parsed)) return sql
  const tokens = tokenize(sql)
  let end = tokens.length
  while (end > 0 && (isTrivia(tokens[end - 1]) || tokens[end - 1]!.text === ';')) end--
  // The newline ends a trailing `--` comment inside the query before the closing parenthesis.
  return `(${tokens
    .slice(0, end)
    .map((t) => t.text)
    .join('')}\n) LIMIT ${rows}`
}

function hasTopLevelLimit(parsed: SerializedSql): boolean {
  const statement = parsed.statements?.[0] as { node?: { modifiers?: { type?: string }[] } } | undefined
  return (statement?.node?.modifiers ?? []).some((m) => m.type?.startsWith('LIMIT') === true)
}
