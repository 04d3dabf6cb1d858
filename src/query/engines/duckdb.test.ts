import { mkdir, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempLake } from '../../../test/support/temp-lake.js'
import { crawl } from '../../catalog/crawler.js'
import { writeParquet } from '../../lake/parquet/parquet-writer.js'
import type { TableSpec } from '../../transform/table-specs.js'
import { QueryRefusedError, QuerySqlError } from '../errors.js'
import { DuckDbEngine } from './duckdb.js'

const SPEC: TableSpec = {
  name: 'tracks',
  key: ['track_id'],
  columns: [
    { name: 'track_id', type: 'VARCHAR' },
    { name: 'popularity', type: 'INTEGER' },
    { name: 'followers', type: 'BIGINT' },
  ],
}

let engine: DuckDbEngine
let lakeDir: string

beforeAll(async () => {
  const { store, catalog, dir } = await tempLake('engine')
  lakeDir = dir
  await store.put(
    'transformed/tracks/snapshot_date=2026-11-20/part-00000.parquet',
    await writeParquet(SPEC, [
      { track_id: 'a', popularity: 5, followers: 10 },
      { track_id: 'b', popularity: 2, followers: null },
    ]),
  )
  await store.put(
    'transformed/tracks/snapshot_date=2026-11-21/part-00000.parquet',
    await writeParquet(SPEC, [{ track_id: 'a', popularity: 7, followers: 12 }]),
  )
  await crawl(store, catalog, 'db')
  await mkdir(path.join(dir, 'outside-link'), { recursive: true })
  await symlink('/etc/passwd', path.join(dir, 'outside-link', 'passwd.csv'))
  await writeFile(path.join(dir, 'inside.csv'), 'a,b\n1,2\n')
  engine = await DuckDbEngine.open({ store, catalog, database: 'db', maxRows: 2 })
})

afterAll(async () => {
  await engine?.close()
})

describe('DuckDbEngine', () => {
  it('reads every partition with the partition key as a string', async () => {
    const result = await engine.run(
      'SELECT snapshot_date, count(*) AS n, sum(popularity) AS p FROM tracks GROUP BY snapshot_date ORDER BY 1',
    )
    expect(result.rows).toEqual([
      { snapshot_date: '2026-11-20', n: 2, p: 7 },
      { snapshot_date: '2026-11-21', n: 1, p: 7 },
    ])
    expect(result.columns[0]).toEqual({ name: 'snapshot_date', type: 'VARCHAR' })
  })

  it('divides integers as Athena does', async () => {
    expect((await engine.run('SELECT 5 / 2 AS q, CAST(5 AS double) / 2 AS r')).rows).toEqual([
      { q: 2, r: 2.5 },
    ])
  })

  it('cuts results at the row limit and says so', async () => {
    const result = await engine.run('SELECT * FROM range(10)')
    expect(result.rows).toHaveLength(2)
    expect(result.truncated).toBe(true)
  })

  it('reports SQL errors on one line', async () => {
    const error = await engine.run('SELECT nope FROM tracks').catch((e) => e)
    expect(error).toBeInstanceOf(QuerySqlError)
    expect(error.message).toMatch(/^SQL error: .*nope.*; fix the query/)
    expect(error.message).not.toContain('\n')
  })

  it.each([
    ["SELECT * FROM read_csv('/etc/passwd')", /SQL error/],
    ["SELECT * FROM read_text('/etc/hostname')", /SQL error/],
    ["SELECT * FROM glob('/etc/*')", /SQL error/],
    ['SELECT 1; SELECT 2', /2 statements/],
    ["COPY (SELECT 1) TO '/tmp/tunelake-escape.csv'", /only SELECT/],
    ["ATTACH '/tmp/x.db' AS x", /only SELECT/],
    ['INSTALL httpfs', /only SELECT/],
    ['SET enable_external_access = true', /only SELECT/],
    ['CREATE TABLE t AS SELECT 1', /only SELECT/],
    ['DROP VIEW tracks', /only SELECT/],
  ])('refuses %s', async (sql, message) => {
    await expect(engine.run(sql)).rejects.toThrow(message)
  })

  it('refuses a file outside the lake even through a symlink or ../', async () => {
    await expect(engine.run(`SELECT * FROM read_csv('${lakeDir}/outside-link/passwd.csv')`)).rejects.toThrow(
      QuerySqlError,
    )
    await expect(engine.run(`SELECT * FROM read_csv('${lakeDir}/../../etc/passwd')`)).rejects.toThrow(
      QuerySqlError,
    )
    expect((await engine.run(`SELECT count(*) AS n FROM read_csv('${lakeDir}/inside.csv')`)).rows).toEqual([
      { n: 1 },
    ])
  })

  it('tells a refusal from an SQL error', async () => {
    await expect(engine.run('DELETE FROM tracks')).rejects.toBeInstanceOf(QueryRefusedError)
  })
})
