import { expect } from 'vitest'
import type { EscapeLake } from './escape-lake.js'
import { SECRET } from './escape-lake.js'

/**
 * Every way we know for user SQL to read a file, reach the engine's internals or change the
 * engine, each with the one-line answer it must get. Shared by the engine's tests
 * (src/query/engines/duckdb-escape-*.test.ts), `tunelake query` and `POST /api/sql`.
 */
export interface EscapeAttempt {
  name: string
  sql: (paths: EscapeLake) => string
  answer: RegExp
  /** `refused` (exit 2, HTTP 403) or `sql` (an SQL error: exit 2, HTTP 400). */
  kind: 'refused' | 'sql'
}

const FILE = /reading the file '.*' is refused: queries read only the catalog's tables, never files by path/
const TABLE_FUNCTION = /the table function \w+\(\) is refused: queries read only the catalog's tables/
const OUTSIDE = /reading .* is refused: queries read only the catalog's tables \(database tunelake\)/
const UNKNOWN = /SQL error: table 'awsdatacatalog\.tunelake\.\w+' does not exist; the tables are tracks/
const ENGINE_FUNCTION = /the function \w+\(\) is refused: it shows the local engine's settings or session/
const SESSION = /\w+ is refused: it is the local engine's session, not Athena's/
const NOT_SELECT = /only SELECT queries run here .*: the engine is read-only and \w+ statements are refused/
const MANY = /the query holds 2 statements; run one SELECT statement at a time/

const attempt = (
  name: string,
  sql: (paths: EscapeLake) => string,
  answer: RegExp,
  kind: EscapeAttempt['kind'] = 'refused',
): EscapeAttempt => ({ name, sql, answer, kind })

/** Files named as tables, in every spelling DuckDB's replacement scans accept. */
export const FILE_ATTEMPTS: EscapeAttempt[] = [
  attempt('an absolute path', () => "SELECT * FROM '/etc/passwd'", FILE),
  attempt('a quoted name and an extension', (p) => `SELECT * FROM "${p.outside}/secret".csv`, FILE),
  attempt('a quoted name with its extension', (p) => `SELECT * FROM "${p.outside}/secret.csv"`, FILE),
  attempt('a gzipped CSV', (p) => `SELECT * FROM '${p.outside}/secret.csv.gz'`, FILE),
  attempt('a gzipped CSV in parts', (p) => `SELECT * FROM "${p.outside}/secret".csv.gz`, FILE),
  attempt('JSON', (p) => `SELECT * FROM '${p.outside}/secret.json'`, FILE),
  attempt('NDJSON', (p) => `SELECT * FROM "${p.outside}/secret".ndjson`, FILE),
  attempt('Parquet', (p) => `SELECT * FROM '${p.outside}/secret.parquet'`, FILE),
  attempt('a bare relative name', () => 'SELECT * FROM secret.csv', OUTSIDE),
  attempt('a bare relative name in three parts', () => 'SELECT * FROM outside.secret.csv', OUTSIDE),
  attempt('a quoted relative name', () => "SELECT * FROM 'secret.csv'", FILE),
  attempt('a relative path', () => "SELECT * FROM 'outside-link/secret.csv'", FILE),
  attempt('a glob', (p) => `SELECT * FROM '${p.outside}/*.csv'`, FILE),
  attempt('a glob in parts', (p) => `SELECT * FROM "${p.outside}/*".csv`, FILE),
  attempt('a list of files', (p) => `SELECT * FROM '${p.outside}/secret.{csv,json}'`, FILE),
  attempt(
    '.. out of the lake',
    (p) => `SELECT * FROM '${p.lake}/../${p.outside.split('/').pop()}/secret.csv'`,
    FILE,
  ),
  attempt('.. from the working directory', () => "SELECT * FROM '../../../../etc/passwd'", FILE),
  attempt('a symlink out of the lake', (p) => `SELECT * FROM '${p.lake}/outside-link/secret.csv'`, FILE),
  attempt('a symlinked folder', (p) => `SELECT * FROM '${p.lake}/outside-folder/secret.csv'`, FILE),
  attempt('the lake ledger', (p) => `SELECT * FROM '${p.lake}/_state/transform-ledger/*.json'`, FILE),
  attempt('the lake ledger by a relative name', () => 'SELECT * FROM "_state/transform-ledger/*".json', FILE),
  attempt('the run records', () => `SELECT * FROM "_runs/run-1".json`, FILE),
  attempt('the raw zone', (p) => `SELECT * FROM '${p.lake}/raw/spotify/**/*.json'`, FILE),
  attempt(
    'a file beside the partitions',
    (p) => `SELECT * FROM '${p.lake}/transformed/tracks/notes.csv'`,
    FILE,
  ),
  attempt(
    "a table's own Parquet file by path",
    (p) => `SELECT * FROM '${p.lake}/transformed/tracks/snapshot_date=2026-11-20/part-00000.parquet'`,
    FILE,
  ),
  attempt('a file as a schema-qualified table', () => 'SELECT * FROM tunelake."/etc/passwd"', FILE),
  attempt('an http URL', () => "SELECT * FROM 'https://example.com/x.parquet'", FILE),
  attempt('an s3 URL', () => "SELECT * FROM 's3://bucket/x.parquet'", FILE),
  attempt('a home-relative path', () => "SELECT * FROM '~/.aws/credentials'", FILE),
  attempt('a file joined to a table', (p) => `SELECT * FROM tracks, '${p.outside}/secret.csv'`, FILE),
  attempt(
    'a file in a CTE',
    (p) => `WITH x AS (SELECT * FROM '${p.outside}/secret.csv') SELECT * FROM x`,
    FILE,
  ),
  attempt(
    'a CTE named like the file, read outside its scope',
    (p) =>
      `SELECT * FROM (WITH "${p.outside}/secret.csv" AS (SELECT 1 AS a) SELECT a FROM "${p.outside}/secret.csv") s, "${p.outside}/secret.csv"`,
    FILE,
  ),
  attempt(
    'a CTE read before it is defined',
    (p) =>
      `WITH a AS (SELECT * FROM "${p.outside}/secret.csv"), "${p.outside}/secret.csv" AS (SELECT 1) SELECT * FROM a`,
    FILE,
  ),
  attempt(
    'a file in a scalar subquery',
    (p) => `SELECT (SELECT max(secret) FROM '${p.outside}/secret.csv') AS s`,
    FILE,
  ),
  attempt(
    'a file in IN (...)',
    (p) => `SELECT 1 WHERE 'x' IN (SELECT secret FROM '${p.outside}/secret.csv')`,
    FILE,
  ),
  attempt('a file in EXISTS', (p) => `SELECT 1 WHERE EXISTS (SELECT 1 FROM '${p.outside}/secret.csv')`, FILE),
  attempt(
    'a file in a UNION',
    (p) => `SELECT track_id FROM tracks UNION ALL SELECT * FROM '${p.outside}/secret.csv'`,
    FILE,
  ),
  attempt(
    'a file in a lateral join',
    (p) => `SELECT * FROM tracks, LATERAL (SELECT * FROM '${p.outside}/secret.csv')`,
    FILE,
  ),
  attempt(
    'a file as a PIVOT source',
    (p) => `SELECT * FROM '${p.outside}/secret.csv' PIVOT (count(*) FOR secret IN ('a'))`,
    FILE,
  ),
  attempt(
    'a file inside unnest()',
    (p) => `SELECT * FROM unnest((SELECT list(secret) FROM '${p.outside}/secret.csv'))`,
    FILE,
  ),
  attempt('FROM-first syntax', (p) => `FROM '${p.outside}/secret.csv'`, FILE),
  attempt('a file in VALUES', (p) => `VALUES ((SELECT max(secret) FROM '${p.outside}/secret.csv'))`, FILE),
  attempt(
    "a file in a lambda's subquery",
    (p) => `SELECT list_transform([1], x -> (SELECT max(secret) FROM '${p.outside}/secret.csv'))`,
    FILE,
  ),
  attempt(
    'UNPIVOT of a file',
    (p) => `UNPIVOT '${p.outside}/secret.csv' ON secret INTO NAME n VALUE v`,
    FILE,
  ),
  attempt('read_csv', (p) => `SELECT * FROM read_csv('${p.outside}/secret.csv')`, TABLE_FUNCTION),
  attempt('read_csv_auto', () => "SELECT * FROM read_csv_auto('/etc/passwd')", TABLE_FUNCTION),
  attempt('read_text', () => "SELECT * FROM read_text('/etc/passwd')", TABLE_FUNCTION),
  attempt('read_blob', () => "SELECT * FROM read_blob('/etc/passwd')", TABLE_FUNCTION),
  attempt('read_json', (p) => `SELECT * FROM read_json('${p.outside}/secret.json')`, TABLE_FUNCTION),
  attempt('read_ndjson_objects', () => "SELECT * FROM read_ndjson_objects('/etc/passwd')", TABLE_FUNCTION),
  attempt('read_parquet', (p) => `SELECT * FROM read_parquet('${p.outside}/secret.parquet')`, TABLE_FUNCTION),
  attempt('parquet_scan', (p) => `SELECT * FROM parquet_scan('${p.outside}/secret.parquet')`, TABLE_FUNCTION),
  attempt('parquet_metadata', () => "SELECT * FROM parquet_metadata('/etc/passwd')", TABLE_FUNCTION),
  attempt(
    'parquet_schema',
    (p) => `SELECT * FROM parquet_schema('${p.outside}/secret.parquet')`,
    TABLE_FUNCTION,
  ),
  attempt('sniff_csv', () => "SELECT * FROM sniff_csv('/etc/passwd')", TABLE_FUNCTION),
  attempt('glob', () => "SELECT * FROM glob('/etc/*')", TABLE_FUNCTION),
  attempt('a quoted function name', () => 'SELECT * FROM "READ_TEXT"(\'/etc/passwd\')', TABLE_FUNCTION),
  attempt(
    'query() running other SQL',
    () => "SELECT * FROM query('SELECT * FROM read_text(''/etc/passwd'')')",
    TABLE_FUNCTION,
  ),
  attempt('query_table()', () => "SELECT * FROM query_table('/etc/passwd')", TABLE_FUNCTION),
  attempt(
    'a table function in a subquery',
    () => "SELECT (SELECT content FROM read_text('/etc/passwd')) AS c",
    TABLE_FUNCTION,
  ),
]

/** The engine's settings, catalog, session and secrets, which Athena does not have. */
export const INTERNALS_ATTEMPTS: EscapeAttempt[] = [
  attempt('pg_settings', () => 'SELECT * FROM pg_settings', UNKNOWN, 'sql'),
  attempt('pg_catalog.pg_settings', () => 'SELECT * FROM pg_catalog.pg_settings', OUTSIDE),
  attempt('duckdb_settings()', () => 'SELECT * FROM duckdb_settings()', TABLE_FUNCTION),
  attempt('duckdb_settings as a view', () => 'SELECT * FROM duckdb_settings', UNKNOWN, 'sql'),
  attempt('duckdb_views', () => 'SELECT sql FROM duckdb_views', UNKNOWN, 'sql'),
  attempt('duckdb_views()', () => 'SELECT sql FROM duckdb_views()', TABLE_FUNCTION),
  attempt('duckdb_tables()', () => 'SELECT * FROM duckdb_tables()', TABLE_FUNCTION),
  attempt('duckdb_temporary_files()', () => 'SELECT * FROM duckdb_temporary_files()', TABLE_FUNCTION),
  attempt('duckdb_secrets()', () => 'SELECT * FROM duckdb_secrets()', TABLE_FUNCTION),
  attempt('which_secret()', () => "SELECT * FROM which_secret('s3://bucket/x', 's3')", TABLE_FUNCTION),
  attempt(
    'sql_auto_complete()',
    () => "SELECT * FROM sql_auto_complete('SELECT * FROM tra')",
    TABLE_FUNCTION,
  ),
  attempt('pragma_version()', () => 'SELECT * FROM pragma_version()', TABLE_FUNCTION),
  attempt('system.main.duckdb_settings', () => 'SELECT * FROM system.main.duckdb_settings', OUTSIDE),
  attempt(
    "DuckDB's information_schema by its catalog",
    () => 'SELECT * FROM system.information_schema.tables',
    OUTSIDE,
  ),
  attempt("the engine's own schema", () => 'SELECT * FROM main.tracks', OUTSIDE),
  attempt("the engine's cache schema", () => 'SELECT * FROM __tunelake_cache.tracks', OUTSIDE),
  attempt('the memory catalog', () => 'SELECT * FROM memory.main.tracks', OUTSIDE),
  attempt('the temp catalog', () => 'SELECT * FROM temp.main.x', OUTSIDE),
  attempt(
    'information_schema.roles',
    () => 'SELECT * FROM information_schema.roles',
    /information_schema\.roles is not reproduced/,
  ),
  attempt('current_setting()', () => "SELECT current_setting('allowed_directories')", ENGINE_FUNCTION),
  attempt(
    'current_setting() of the temp folder',
    () => "SELECT current_setting('temp_directory')",
    ENGINE_FUNCTION,
  ),
  attempt('current_setting() by its schema', () => "SELECT main.current_setting('threads')", ENGINE_FUNCTION),
  attempt('getvariable()', () => "SELECT getvariable('x')", ENGINE_FUNCTION),
  attempt('getenv()', () => "SELECT getenv('HOME')", ENGINE_FUNCTION),
  attempt('version()', () => 'SELECT version()', ENGINE_FUNCTION),
  attempt('version() by its catalog', () => 'SELECT system.main.version()', ENGINE_FUNCTION),
  attempt('current_database()', () => 'SELECT current_database()', ENGINE_FUNCTION),
  attempt('current_schemas()', () => 'SELECT current_schemas(true)', ENGINE_FUNCTION),
  attempt('current_query()', () => 'SELECT current_query()', ENGINE_FUNCTION),
  attempt('pg_get_viewdef()', () => "SELECT pg_get_viewdef('tracks')", ENGINE_FUNCTION),
  attempt('a pg_catalog macro', () => "SELECT pg_catalog.obj_description(1, 'x')", ENGINE_FUNCTION),
  attempt('stats()', () => 'SELECT stats(track_id) FROM tracks', ENGINE_FUNCTION),
  attempt('write_log()', () => "SELECT write_log('x')", ENGINE_FUNCTION),
  attempt('current_user', () => 'SELECT current_user', SESSION),
  attempt('user', () => 'SELECT user', SESSION),
  attempt('current_catalog', () => 'SELECT current_catalog', SESSION),
  attempt('current_schema', () => 'SELECT current_schema', SESSION),
  attempt('session_user, quoted', () => 'SELECT "SESSION_USER"', SESSION),
  attempt(
    'an engine function inside a CTE',
    () => "WITH s AS (SELECT current_setting('threads') AS t) SELECT t FROM s",
    ENGINE_FUNCTION,
  ),
  attempt(
    'an engine function in a lambda',
    () => "SELECT list_transform([1], x -> current_setting('threads'))",
    ENGINE_FUNCTION,
  ),
  attempt(
    "DuckDB's SUMMARIZE",
    () => 'SUMMARIZE tracks',
    /DuckDB's DESCRIBE, SHOW and SUMMARIZE are refused/,
  ),
  attempt('SHOW ALL TABLES', () => 'SHOW ALL TABLES', /SHOW ALL is not reproduced by the local engine/),
  attempt(
    'DESCRIBE a query',
    () => 'DESCRIBE SELECT 1',
    /DESCRIBE SELECT is not reproduced by the local engine/,
  ),
]

/** Statements that write, load, attach or reconfigure. */
export const STATEMENT_ATTEMPTS: EscapeAttempt[] = [
  attempt('a second statement', () => "SELECT 1; SELECT * FROM read_text('/etc/passwd')", MANY),
  attempt('a statement behind a comment', () => 'SELECT 1 /* harmless ; */ ; DROP VIEW tracks', MANY),
  attempt(
    'a statement after a line comment',
    () => "SELECT 1 -- note\n; COPY tracks TO '/tmp/out.csv'",
    MANY,
  ),
  attempt('COPY out of the lake', () => "COPY (SELECT 1) TO '/tmp/tunelake-escape.csv'", NOT_SELECT),
  attempt('COPY into the lake', (p) => `COPY tracks TO '${p.lake}/evil.csv'`, NOT_SELECT),
  attempt('COPY FROM a file', (p) => `COPY tracks FROM '${p.outside}/secret.csv'`, NOT_SELECT),
  attempt('ATTACH', () => "ATTACH '/tmp/tunelake-escape.db' AS x", NOT_SELECT),
  attempt('INSTALL', () => 'INSTALL httpfs', NOT_SELECT),
  attempt('LOAD', () => 'LOAD httpfs', NOT_SELECT),
  attempt('SET', () => 'SET enable_external_access = true', NOT_SELECT),
  attempt('SET a variable', () => "SET VARIABLE x = 'y'", NOT_SELECT),
  attempt('RESET', () => 'RESET lock_configuration', NOT_SELECT),
  attempt('PRAGMA', () => 'PRAGMA database_list', NOT_SELECT),
  attempt('CALL', () => 'CALL pragma_database_list()', NOT_SELECT),
  attempt('EXPORT DATABASE', () => "EXPORT DATABASE '/tmp/tunelake-export'", NOT_SELECT),
  attempt('CREATE TABLE AS', () => 'CREATE TABLE t AS SELECT 1', NOT_SELECT),
  attempt('CREATE SECRET', () => "CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')", NOT_SELECT),
  attempt(
    'CREATE MACRO',
    () => "CREATE MACRO m() AS TABLE SELECT * FROM read_text('/etc/passwd')",
    NOT_SELECT,
  ),
  attempt('PREPARE', () => "PREPARE p AS SELECT * FROM read_text('/etc/passwd')", NOT_SELECT),
  attempt('DROP VIEW', () => 'DROP VIEW tracks', NOT_SELECT),
  attempt('DELETE', () => 'DELETE FROM tracks', NOT_SELECT),
  attempt('PIVOT as a statement', (p) => `PIVOT '${p.outside}/secret.csv' ON secret`, NOT_SELECT),
  attempt('a comment hiding the keyword', () => "/* SELECT */ COPY tracks TO '/tmp/x.csv'", NOT_SELECT),
]

export const ESCAPE_ATTEMPTS: EscapeAttempt[] = [
  ...FILE_ATTEMPTS,
  ...INTERNALS_ATTEMPTS,
  ...STATEMENT_ATTEMPTS,
]

/** Runs the attempt on the engine and checks its answer: the right refusal, no secret, no file content. */
export async function expectStopped(
  engine: { run(sql: string): Promise<unknown> },
  attempt: EscapeAttempt,
  paths: EscapeLake,
): Promise<void> {
  const error = (await engine.run(attempt.sql(paths)).then(
    (result) => new Error(`it answered ${JSON.stringify(result).slice(0, 300)}`),
    (e: unknown) => e,
  )) as Error
  expect(error.name).toBe(attempt.kind === 'sql' ? 'QuerySqlError' : 'QueryRefusedError')
  expect(error.message).toMatch(attempt.answer)
  expect(error.message).not.toContain(SECRET)
  expect(error.message).not.toMatch(/root:/)
}
