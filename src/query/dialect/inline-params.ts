import { QuerySqlError } from '../errors.js'
import type { QueryParam } from '../query-engine.js'
import { sqlLiteral } from '../sql-literal.js'
import { tokenize } from './sql-tokens.js'

/**
 * The query with each `?` placeholder (outside strings, identifiers and comments) replaced by its
 * value as a literal, in order. The local engine runs it so: DuckDB then prunes partitions on
 * the values when it plans, as Athena does with its execution parameters.
 */
export function inlineParams(sql: string, params: readonly QueryParam[]): string {
  const tokens = tokenize(sql)
  const slots = tokens.filter((t) => t.kind === 'symbol' && t.text === '?').length
  if (slots !== params.length) {
    throw new QuerySqlError(
      `SQL error: the query has ${slots} ? placeholder(s) but ${params.length} value(s) were given`,
    )
  }
  if (slots === 0) return sql
  let next = 0
  return tokens
    .map((t) => (t.kind === 'symbol' && t.text === '?' ? sqlLiteral(params[next++]!) : t.text))
    .join('')
}
