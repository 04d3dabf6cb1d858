import { quoteIdent } from '../../sql-quote.js'
import { isTrivia, tokenize } from '../dialect/sql-tokens.js'
import { QueryRefusedError, QuerySqlError } from '../errors.js'
import { INFORMATION_SCHEMA_TABLES } from '../metadata/information-schema.js'
import { type ParseTreeNames, parseTreeNames, type TableReference } from './duckdb-parse-tree.js'

/**
 * What user SQL may name on the local engine, decided on DuckDB's parse tree before anything is
 * bound: the catalog's tables (bare, `db.table` or `awsdatacatalog.db.table`), CTEs in scope,
 * Athena's `information_schema`, the table functions that read no file, and no function that
 * reveals the engine (its settings, paths, version, user, memory). Everything else is refused by
 * name, so no spelling of a path reaches DuckDB's replacement scans. DuckDB's own lockdown
 * (duckdb-lockdown.ts) is the wall behind this one.
 */

/** What the engine serves: its catalog database and that database's tables, lower-cased. */
export interface LakeScope {
  database: string
  tables: ReadonlySet<string>
  /** Every column name of those tables, lower-cased (a column may be called `user`). */
  columns: ReadonlySet<string>
}

/** Where the engine keeps Athena's information_schema tables (information-schema.ts). */
export const INFORMATION_SCHEMA_SCHEMA = '__tunelake_information_schema'

/** Table functions that read no file: row generators and unnesting. */
const ALLOWED_TABLE_FUNCTIONS = new Set(['unnest', 'range', 'generate_series', 'json_each', 'json_tree'])

/** FROM items user SQL may use (DuckDB's DESCRIBE/SHOW/SUMMARIZE parse as SHOW_REF). */
const ALLOWED_FROM_KINDS = new Set([
  'BASE_TABLE',
  'JOIN',
  'SUBQUERY',
  'TABLE_FUNCTION',
  'EMPTY',
  'EXPRESSION_LIST',
  'PIVOT',
])

/**
 * Functions whose answer is the engine's state rather than their arguments: settings and
 * variables, the session's user, catalog and schema, the version, sequences, logs and timers.
 * The test beside this file checks that every DuckDB function marked volatile or consistent
 * only within a query is here or is a clock or random number.
 */
const ENGINE_FUNCTIONS = new Set([
  'current_setting',
  'getvariable',
  'getenv',
  'version',
  'current_user',
  'user',
  'session_user',
  'current_role',
  'current_catalog',
  'current_database',
  'current_schema',
  'current_schemas',
  'current_query',
  'current_query_id',
  'current_connection_id',
  'current_transaction_id',
  'txid_current',
  'in_search_path',
  'get_block_size',
  'which_secret',
  'stats',
  'write_log',
  'nextval',
  'currval',
  'setseed',
  'sleep_ms',
  'col_description',
  'obj_description',
  'shobj_description',
  'format_type',
  'format_pg_type',
  'map_to_pg_oid',
])

/** Prefixes of DuckDB's catalog, PostgreSQL-compatibility and pragma functions. */
const ENGINE_FUNCTION_PREFIXES = ['duckdb_', 'pragma_', 'pg_', 'has_', 'inet_']

/** Names DuckDB binds to a session function when no column has them (`SELECT current_user`). */
const SESSION_NAMES = new Set([
  'current_user',
  'user',
  'session_user',
  'current_role',
  'current_catalog',
  'current_schema',
])

const HINT = "queries read only the catalog's tables"

/** True for a function the local engine refuses because it reveals the engine, not the lake. */
export function isEngineFunction(name: string, schema = '', catalog = ''): boolean {
  const lower = name.toLowerCase()
  return (
    ENGINE_FUNCTIONS.has(lower) ||
    ENGINE_FUNCTION_PREFIXES.some((prefix) => lower.startsWith(prefix)) ||
    ['pg_catalog', 'information_schema'].includes(schema.toLowerCase()) ||
    ['system', 'temp'].includes(catalog.toLowerCase())
  )
}

/**
 * Checks every name in a parsed SELECT against the lake's scope and returns the SQL to run
 * (`information_schema.<table>` and `awsdatacatalog.<db>.<table>` rewritten to the engine's own
 * names, everything else as written) and the catalog tables it reads, lower-cased. Throws a
 * refusal (or an SQL error for an unknown table).
 */
export function confineToLake(
  sql: string,
  statements: unknown,
  scope: LakeScope,
): { sql: string; tables: Set<string> } {
  const names = parseTreeNames(statements)
  checkFromKinds(names)
  checkFunctions(names, scope)
  const edits: { location: number; parts: number; replacement: string }[] = []
  for (const reference of names.tables) {
    const replacement = resolveTable(reference, scope)
    if (replacement === undefined) continue
    if (reference.location === undefined) {
      throw new QueryRefusedError(
        `the table ${qualified(reference)} could not be located in the query; write it as ${replacement}`,
      )
    }
    edits.push({ location: reference.location, parts: partCount(reference), replacement })
  }
  const tables = names.tables.filter(
    (t) =>
      !t.cte && t.schema.toLowerCase() !== 'information_schema' && scope.tables.has(t.table.toLowerCase()),
  )
  return { sql: applyEdits(sql, edits), tables: new Set(tables.map((t) => t.table.toLowerCase())) }
}

function checkFromKinds(names: ParseTreeNames): void {
  for (const kind of names.fromKinds) {
    if (ALLOWED_FROM_KINDS.has(kind)) continue
    throw new QueryRefusedError(
      kind === 'SHOW_REF'
        ? "DuckDB's DESCRIBE, SHOW and SUMMARIZE are refused; Athena's SHOW TABLES, SHOW COLUMNS, SHOW SCHEMAS and DESCRIBE <table> run as statements of their own"
        : `this kind of FROM item (${kind.toLowerCase()}) is refused: ${HINT}`,
    )
  }
  for (const name of names.tableFunctions) {
    if (ALLOWED_TABLE_FUNCTIONS.has(name)) continue
    throw new QueryRefusedError(
      `the table function ${name}() is refused: ${HINT}, never files or the engine's internals`,
    )
  }
}

function checkFunctions(names: ParseTreeNames, scope: LakeScope): void {
  for (const fn of names.functions) {
    if (!isEngineFunction(fn.name, fn.schema, fn.catalog)) continue
    throw new QueryRefusedError(
      `the function ${fn.name}() is refused: it shows the local engine's settings or session, which Athena does not have; ${HINT}`,
    )
  }
  for (const name of names.bareColumns) {
    if (!SESSION_NAMES.has(name) || scope.columns.has(name)) continue
    throw new QueryRefusedError(
      `${name} is refused: it is the local engine's session, not Athena's; if you meant a column, qualify it (t.${name})`,
    )
  }
}

/** The name to write instead (undefined: keep it), or a refusal. */
function resolveTable(reference: TableReference, scope: LakeScope): string | undefined {
  if (reference.cte) return undefined
  const catalog = reference.catalog.toLowerCase()
  const schema = reference.schema.toLowerCase()
  const table = reference.table.toLowerCase()
  if (looksLikeFile(reference)) {
    throw new QueryRefusedError(
      `reading the file '${fileName(reference)}' is refused: ${HINT}, never files by path`,
    )
  }
  if (catalog !== '' && catalog !== 'awsdatacatalog') throw outsideLake(reference, scope)
  if (schema === 'information_schema') {
    if (!INFORMATION_SCHEMA_TABLES.has(table)) {
      throw new QueryRefusedError(
        `information_schema.${table} is not reproduced by the local engine; information_schema has tables, columns, schemata and views here`,
      )
    }
    return `${INFORMATION_SCHEMA_SCHEMA}.${quoteIdent(table)}`
  }
  if (schema !== '' && schema !== scope.database) throw outsideLake(reference, scope)
  if (!scope.tables.has(table)) {
    const known = [...scope.tables].sort().join(', ')
    throw new QuerySqlError(
      `SQL error: table 'awsdatacatalog.${scope.database}.${table}' does not exist; the tables are ${known}`,
    )
  }
  return catalog === '' ? undefined : `${quoteIdent(scope.database)}.${quoteIdent(table)}`
}

function outsideLake(reference: TableReference, scope: LakeScope): QueryRefusedError {
  return new QueryRefusedError(
    `reading ${qualified(reference)} is refused: ${HINT} (database ${scope.database}) and information_schema, never the engine's own schemas`,
  )
}

/** A name DuckDB would read as a file: a path, a URL, a glob, a quoted file name with a dot. */
function looksLikeFile(reference: TableReference): boolean {
  const parts = [reference.catalog, reference.schema, reference.table]
  return parts.some((part) => /[/\\:~*?[\]{}]/.test(part)) || reference.table.includes('.')
}

/** The text a replacement scan would read: DuckDB joins the qualified parts with dots. */
function fileName(reference: TableReference): string {
  return [reference.catalog, reference.schema, reference.table].filter((p) => p !== '').join('.')
}

function qualified(reference: TableReference): string {
  return [reference.catalog, reference.schema, reference.table]
    .filter((p) => p !== '')
    .map((p) => (/^[a-z_][a-z0-9_]*$/i.test(p) ? p : quoteIdent(p)))
    .join('.')
}

function partCount(reference: TableReference): number {
  return reference.catalog !== '' ? 3 : reference.schema !== '' ? 2 : 1
}

/** Replaces each qualified name (`parts` identifiers joined by dots) at its byte offset. */
function applyEdits(sql: string, edits: { location: number; parts: number; replacement: string }[]): string {
  if (edits.length === 0) return sql
  const bytes = Buffer.from(sql, 'utf8')
  let out = sql
  for (const edit of [...edits].sort((a, b) => b.location - a.location)) {
    const start = bytes.subarray(0, edit.location).toString('utf8').length
    const end = start + qualifiedNameLength(sql.slice(start), edit.parts)
    out = `${out.slice(0, start)}${edit.replacement}${out.slice(end)}`
  }
  return out
}

/** The length of `parts` identifiers joined by dots at the start of `text` (comments and spaces allowed between). */
function qualifiedNameLength(text: string, parts: number): number {
  let length = 0
  let seen = 0
  for (const token of tokenize(text)) {
    if (isTrivia(token)) {
      length += token.text.length
      continue
    }
    const expectName = seen % 2 === 0
    if (expectName ? token.kind !== 'word' && token.kind !== 'quoted' : token.text !== '.') break
    length += token.text.length
    seen++
    if (seen === parts * 2 - 1) return length
  }
  throw new QueryRefusedError('a qualified table name could not be read; write it as schema.table')
}
