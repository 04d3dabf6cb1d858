import { mkdir, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempLake } from '../../../test/support/temp-lake.js'
import { crawl } from '../../catalog/crawler.js'
import { writeParquet } from '../../lake/parquet/parquet-writer.js'
import { QueryRefusedError } from '../errors.js'
import { DuckDbEngine } from './duckdb.js'

let engine: DuckDbEngine
let lake: string

beforeAll(async () => {
  const { store, catalog, dir } = await tempLake('escape')
  lake = dir
  await store.put(
    'transformed/tracks/snapshot_date=2026-11-20/part-00000.parquet',
    await writeParquet({ columns: [{ name: 'track_id', type: 'VARCHAR' }] }, [{ track_id: 'a' }]),
  )
  await crawl(store, catalog, 'tunelake')
  await mkdir(path.join(dir, 'outside-link'), { recursive: true })
  await symlink('/etc/passwd', path.join(dir, 'outside-link', 'passwd.csv'))
  await symlink('/etc', path.join(dir, 'etc-link'))
  await writeFile(path.join(dir, 'inside.csv'), 'a,b\n1,2\n')
  engine = await DuckDbEngine.open({ store, catalog, database: 'tunelake' })
})

afterAll(async () => {
  await engine?.close()
})

const TABLE_FUNCTION = /the table function \w+\(\) is refused: queries read only the catalog's tables/
const FILE_PATH = /reading the file '.*' is refused: queries read only the catalog's tables/
const NOT_SELECT = /only SELECT queries run here .*: the engine is read-only and \w+ statements are refused/
const MANY = /the query holds 2 statements; run one SELECT statement at a time/

/** Every way we know to read a file, write one, or change the engine, each with the refusal it must get. */
const ATTEMPTS: [string, (lake: string) => string, RegExp][] = [
  ['read_csv', () => "SELECT * FROM read_csv('/etc/passwd')", TABLE_FUNCTION],
  ['read_csv_auto', () => "SELECT * FROM read_csv_auto('/etc/passwd')", TABLE_FUNCTION],
  ['read_text', () => "SELECT * FROM read_text('/etc/passwd')", TABLE_FUNCTION],
  ['read_blob', () => "SELECT * FROM read_blob('/etc/passwd')", TABLE_FUNCTION],
  ['read_json', () => "SELECT * FROM read_json('/etc/passwd')", TABLE_FUNCTION],
  ['read_json_objects', () => "SELECT * FROM read_ndjson_objects('/etc/passwd')", TABLE_FUNCTION],
  ['read_parquet', () => "SELECT * FROM read_parquet('/etc/passwd')", TABLE_FUNCTION],
  ['parquet_metadata', () => "SELECT * FROM parquet_metadata('/etc/passwd')", TABLE_FUNCTION],
  ['sniff_csv', () => "SELECT * FROM sniff_csv('/etc/passwd')", TABLE_FUNCTION],
  ['glob', () => "SELECT * FROM glob('/etc/*')", TABLE_FUNCTION],
  ['a file name as a table', () => "SELECT * FROM '/etc/passwd'", FILE_PATH],
  ['FROM-first syntax', () => "FROM read_csv('/etc/passwd')", TABLE_FUNCTION],
  ['a relative path', () => "SELECT * FROM 'inside.csv'", FILE_PATH],
  ['a relative path up', () => "SELECT * FROM read_text('../../../../etc/passwd')", TABLE_FUNCTION],
  ['.. out of the lake', (l) => `SELECT * FROM '${l}/../../../etc/passwd'`, FILE_PATH],
  ['a symlink out of the lake', (l) => `SELECT * FROM '${l}/outside-link/passwd.csv'`, FILE_PATH],
  ['a symlinked folder', (l) => `SELECT * FROM read_csv('${l}/etc-link/passwd')`, TABLE_FUNCTION],
  [
    'a list mixing inside and outside',
    (l) => `SELECT * FROM read_csv(['${l}/inside.csv', '/etc/passwd'])`,
    TABLE_FUNCTION,
  ],
  ['an http URL', () => "SELECT * FROM read_parquet('https://example.com/x.parquet')", TABLE_FUNCTION],
  ['an http URL as a table', () => "SELECT * FROM 'https://example.com/x.parquet'", FILE_PATH],
  ['an s3 URL as a table', () => "SELECT * FROM 's3://bucket/x.parquet'", FILE_PATH],
  [
    'query() running other SQL',
    () => "SELECT * FROM query('SELECT * FROM read_text(''/etc/passwd'')')",
    TABLE_FUNCTION,
  ],
  ['a CTE', () => "WITH x AS (SELECT * FROM read_text('/etc/passwd')) SELECT * FROM x", TABLE_FUNCTION],
  ['a scalar subquery', () => "SELECT (SELECT content FROM read_text('/etc/passwd')) AS c", TABLE_FUNCTION],
  ['a lateral join', () => "SELECT * FROM tracks, LATERAL read_text('/etc/passwd')", TABLE_FUNCTION],
  ['a quoted function name', () => 'SELECT * FROM "READ_TEXT"(\'/etc/passwd\')', TABLE_FUNCTION],
  ['engine internals', () => 'SELECT * FROM duckdb_settings()', TABLE_FUNCTION],
  ['a second statement', () => "SELECT 1; SELECT * FROM read_text('/etc/passwd')", MANY],
  ['a statement behind a comment', () => 'SELECT 1 /* harmless ; */ ; DROP VIEW tracks', MANY],
  ['a statement after a line comment', () => "SELECT 1 -- note\n; COPY tracks TO '/tmp/out.csv'", MANY],
  ['COPY out of the lake', () => "COPY (SELECT 1) TO '/tmp/tunelake-escape.csv'", NOT_SELECT],
  ['COPY into the lake', (l) => `COPY tracks TO '${l}/evil.csv'`, NOT_SELECT],
  ['ATTACH', () => "ATTACH '/tmp/tunelake-escape.db' AS x", NOT_SELECT],
  ['INSTALL', () => 'INSTALL httpfs', NOT_SELECT],
  ['LOAD', () => 'LOAD httpfs', NOT_SELECT],
  ['SET', () => 'SET enable_external_access = true', NOT_SELECT],
  ['RESET', () => 'RESET lock_configuration', NOT_SELECT],
  ['PRAGMA', () => 'PRAGMA database_list', NOT_SELECT],
  ['CALL', () => 'CALL pragma_database_list()', NOT_SELECT],
  ['EXPORT DATABASE', () => "EXPORT DATABASE '/tmp/tunelake-export'", NOT_SELECT],
  ['CREATE TABLE AS', () => 'CREATE TABLE t AS SELECT 1', NOT_SELECT],
  ['DROP VIEW', () => 'DROP VIEW tracks', NOT_SELECT],
  ['DELETE', () => 'DELETE FROM tracks', NOT_SELECT],
  ['a comment hiding the keyword', () => "/* SELECT */ COPY tracks TO '/tmp/x.csv'", NOT_SELECT],
]

describe('the locked-down engine refuses every escape attempt', () => {
  it.each(ATTEMPTS)('%s', async (_, sql, message) => {
    const error = await engine.run(sql(lake)).catch((e) => e)
    expect(error).toBeInstanceOf(QueryRefusedError)
    expect(error.message).toMatch(message)
    expect(error.message).not.toMatch(/root:/)
  })

  it('has more than twenty of them', () => {
    expect(ATTEMPTS.length).toBeGreaterThan(20)
  })

  it('still answers a plain SELECT afterwards, with the configuration locked', async () => {
    expect((await engine.run('SELECT count(*) AS n FROM tracks')).rows).toEqual([{ n: 1 }])
    expect(
      (
        await engine.run(
          "SELECT current_setting('lock_configuration') AS locked, current_setting('enable_external_access') AS ext",
        )
      ).rows,
    ).toEqual([{ locked: true, ext: false }])
  })
})
