import { isTrivia, tokenize } from '../dialect/sql-tokens.js'
import { QueryRefusedError, QuerySqlError } from '../errors.js'

/**
 * Which statements user SQL may be on the local engine, decided from DuckDB's own parse tree
 * (`json_serialize_sql`, which parses without binding, so nothing is read yet): one SELECT
 * statement. What that SELECT may name is duckdb-confinement.ts's to decide; DuckDB's lockdown
 * (duckdb-lockdown.ts) is the wall behind both.
 */

/** DuckDB's answer to `json_serialize_sql(sql)`. */
export interface SerializedSql {
  error?: boolean
  error_type?: string
  error_message?: string
  statements?: unknown[]
}

const HINT = "queries read only the catalog's tables"

/**
 * Throws a refusal (or an SQL error for text DuckDB cannot parse) unless `sql` is one harmless
 * SELECT; `statements` is how many statements DuckDB's parser found in it.
 */
export function assertReadOnlySelect(sql: string, statements: number, parsed: SerializedSql): void {
  const keyword = firstKeyword(sql)
  // DuckDB expands some statements into several (PIVOT): those are refused for what they are.
  const refusedKind = parsed.error && parsed.error_type !== 'parser' && !SELECT_WORDS.has(keyword ?? '')
  if (statements !== 1 && !refusedKind) {
    throw new QueryRefusedError(
      statements === 0
        ? 'the query holds no statement; write one SELECT'
        : `the query holds ${statements} statements; run one SELECT statement at a time`,
    )
  }
  if (parsed.error && parsed.error_type === 'parser') {
    throw new QuerySqlError(`SQL error: ${parsed.error_message}; fix the query and run it again`)
  }
  if (parsed.error) {
    const kind = keyword ? `${keyword} statements are refused` : 'the statement is refused'
    throw new QueryRefusedError(
      `only SELECT queries run here (WITH ... SELECT too): the engine is read-only and ${kind}`,
    )
  }
}

/** Words a SELECT may start with. */
const SELECT_WORDS = new Set(['SELECT', 'WITH', 'FROM', 'VALUES', 'TABLE'])

/** The first keyword of the statement (`COPY`, `ATTACH`, ...), past comments and parentheses. */
function firstKeyword(sql: string): string | undefined {
  const word = tokenize(sql).find((t) => !isTrivia(t) && t.kind === 'word')
  return word?.text.toUpperCase()
}

/** DuckDB's error for a file it was kept from reading, as a refusal; other errors as SQL errors. */
export function duckDbErrorToQueryError(error: unknown): QueryRefusedError | QuerySqlError {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim()
  if (/^Permission Error/i.test(message) || /file system operations are disabled/i.test(message)) {
    const file = /"([^"]+)"/.exec(message)?.[1]
    return new QueryRefusedError(
      `reading ${file ? `'${file}'` : 'that file'} is refused: ${HINT}, and the engine can read nothing outside the lake`,
    )
  }
  if (/configuration has been locked/i.test(message)) {
    return new QueryRefusedError('changing the engine configuration is refused: it is locked')
  }
  return new QuerySqlError(`SQL error: ${message}; fix the query and run it again`)
}
