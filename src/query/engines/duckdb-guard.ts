import { isTrivia, tokenize } from '../dialect/sql-tokens.js'
import { QueryRefusedError, QuerySqlError } from '../errors.js'

/**
 * What user SQL may do on the local engine, decided from DuckDB's own parse tree
 * (`json_serialize_sql`, which parses without binding, so nothing is read yet): one SELECT
 * statement, reading catalog tables and CTEs, with no table function but the few that read no
 * file. DuckDB's lockdown (allowed_directories, external access off, configuration locked) is
 * the second wall; this one gives each refusal a clear message.
 */

/** Table functions that read no file: row generators and unnesting. */
const ALLOWED_TABLE_FUNCTIONS = new Set(['unnest', 'range', 'generate_series', 'json_each', 'json_tree'])

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
  if (statements !== 1) {
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
    const keyword = firstKeyword(sql)
    const kind = keyword ? `${keyword} statements are refused` : 'the statement is refused'
    throw new QueryRefusedError(
      `only SELECT queries run here (WITH ... SELECT too): the engine is read-only and ${kind}`,
    )
  }
  walk(parsed.statements)
}

function walk(node: unknown): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child)
    return
  }
  if (node === null || typeof node !== 'object') return
  const record = node as Record<string, unknown>
  if (record.type === 'TABLE_FUNCTION') {
    const fn = record.function as { function_name?: string } | undefined
    const name = String(fn?.function_name ?? '').toLowerCase()
    if (!ALLOWED_TABLE_FUNCTIONS.has(name)) {
      throw new QueryRefusedError(
        `the table function ${name}() is refused: ${HINT}, never files or the engine's internals`,
      )
    }
  }
  if (record.type === 'BASE_TABLE' && typeof record.table_name === 'string') {
    const name = record.table_name
    if (/[/\\:~]|\.[a-z0-9]{1,8}$/i.test(name) || name.startsWith('.')) {
      throw new QueryRefusedError(`reading the file '${name}' is refused: ${HINT}, never files by path`)
    }
  }
  for (const value of Object.values(record)) walk(value)
}

/** The names of the tables (and CTEs) a parsed statement reads, lower-cased. */
export function referencedTables(parsed: SerializedSql): Set<string> {
  const names = new Set<string>()
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child)
      return
    }
    if (node === null || typeof node !== 'object') return
    const record = node as Record<string, unknown>
    if (record.type === 'BASE_TABLE' && typeof record.table_name === 'string')
      names.add(record.table_name.toLowerCase())
    for (const value of Object.values(record)) visit(value)
  }
  visit(parsed.statements)
  return names
}

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
