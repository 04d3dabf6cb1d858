import { isTrivia, tokenize } from '../dialect/sql-tokens.js'
import { QueryRefusedError } from '../errors.js'

const READING = new Set(['select', 'with', 'values', 'table'])

/**
 * The Athena engine runs what the local engine runs: one SELECT (or WITH ... SELECT). Athena's
 * own permissions are the real wall; this keeps the CLI and console from sending DDL or a
 * second statement to it. Decided from tokens, so strings and comments cannot hide a keyword.
 */
export function assertAthenaSelect(sql: string): void {
  const solid = tokenize(sql).filter((t) => !isTrivia(t))
  let end = solid.length
  while (end > 0 && solid[end - 1]!.text === ';') end--
  const statements = solid.slice(0, end).filter((t) => t.kind === 'symbol' && t.text === ';').length + 1
  if (end === 0) throw new QueryRefusedError('the query holds no statement; write one SELECT')
  if (statements > 1) {
    throw new QueryRefusedError(
      `the query holds ${statements} statements; run one SELECT statement at a time`,
    )
  }
  const first = solid.find((t) => t.text !== '(')
  const keyword = first?.kind === 'word' ? first.text.toLowerCase() : ''
  if (!READING.has(keyword)) {
    throw new QueryRefusedError(
      `only SELECT queries run here (WITH ... SELECT too): the engine is read-only and ${keyword.toUpperCase() || 'that'} statements are refused`,
    )
  }
}
