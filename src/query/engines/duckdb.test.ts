import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempLake } from '../../../test/support/temp-lake.js'
import { crawl } from '../../catalog/crawler.js'
import { writeParquet } from '../../lake/parquet/parquet-writer.js'
import type { TableSpec } from '../../transform/table-specs.js'
import { QueryCancelledError, QuerySqlError, QueryTimeoutError } from '../errors.js'
import { DuckDbEngine } from './duckdb.js'

const SPEC: TableSpec = {
  name: 'tracks',
  key: ['track_id'],
  columns: [
    { name: 'track_id', type: 'VARCHAR' },
    { name: 'popularity', type: 'INTEGER' },
    { name: 'followers', type: 'BIGINT' },
    { name: 'added_at', type: 'TIMESTAMP_MS' },
    { name: 'released', type: 'DATE' },
    { name: 'genres', type: 'VARCHAR[]' },
  ],
}

let engine: DuckDbEngine
let cachedEngine: DuckDbEngine

beforeAll(async () => {
  const { store, catalog } = await tempLake('engine')
  await store.put(
    'transformed/tracks/snapshot_date=2026-11-20/part-00000.parquet',
    await writeParquet(SPEC, [
      {
        track_id: 'a',
        popularity: 5,
        followers: 9_007_199_254_740_994,
        added_at: '2026-11-20T06:00:01.250Z',
        released: '1999-03-01',
        genres: ['rock', 'pop'],
      },
      { track_id: 'b', popularity: 2, followers: null, added_at: null, released: null, genres: null },
    ]),
  )
  await store.put(
    'transformed/tracks/snapshot_date=2026-11-21/part-00000.parquet',
    await writeParquet(SPEC, [
      { track_id: 'a', popularity: 7, followers: 12, added_at: null, released: null, genres: [] },
    ]),
  )
  const evolving = (columns: TableSpec['columns']): TableSpec => ({ name: 'tracks', key: [], columns })
  await store.put(
    'transformed/evolving/snapshot_date=2026-11-20/part-00000.parquet',
    await writeParquet(evolving([{ name: 'a', type: 'INTEGER' }]), [{ a: 1 }]),
  )
  await store.put(
    'transformed/evolving/snapshot_date=2026-11-21/part-00000.parquet',
    await writeParquet(
      evolving([
        { name: 'b', type: 'VARCHAR' },
        { name: 'a', type: 'BIGINT' },
      ]),
      [{ b: 'x', a: 5_000_000_000 }],
    ),
  )
  await crawl(store, catalog, 'tunelake')
  engine = await DuckDbEngine.open({ store, catalog, database: 'tunelake', maxRows: 2, timeoutMs: 1500 })
  cachedEngine = await DuckDbEngine.open({ store, catalog, database: 'tunelake', cacheBytes: 10_000_000 })
})

afterAll(async () => {
  await engine?.close()
  await cachedEngine?.close()
})

describe('DuckDbEngine', () => {
  it('reads every partition with the partition key as a string, typed in Trino names', async () => {
    const result = await engine.run(
      'SELECT snapshot_date, count(*) AS n, sum(popularity) AS p FROM tracks GROUP BY snapshot_date ORDER BY 1',
    )
    expect(result.rows).toEqual([
      { snapshot_date: '2026-11-20', n: 2, p: 7 },
      { snapshot_date: '2026-11-21', n: 1, p: 7 },
    ])
    expect(result.columns).toEqual([
      { name: 'snapshot_date', type: 'varchar' },
      { name: 'n', type: 'bigint' },
      { name: 'p', type: 'bigint' },
    ])
  })

  it('types values as Athena prints them', async () => {
    const { rows, columns } = await engine.run(
      "SELECT added_at, released, genres, followers FROM tracks WHERE track_id = 'a' AND snapshot_date = '2026-11-20'",
    )
    expect(rows).toEqual([
      {
        added_at: '2026-11-20 06:00:01.250',
        released: '1999-03-01',
        genres: ['rock', 'pop'],
        followers: '9007199254740994',
      },
    ])
    expect(columns.map((c) => c.type)).toEqual(['timestamp(3)', 'date', 'array(varchar)', 'bigint'])
  })

  it('reads partitions whose schemas differ by column name, widened as the catalog says', async () => {
    const { rows, columns } = await engine.run(
      'SELECT a, b, snapshot_date FROM evolving ORDER BY snapshot_date',
    )
    expect(rows).toEqual([
      { a: 1, b: null, snapshot_date: '2026-11-20' },
      { a: 5_000_000_000, b: 'x', snapshot_date: '2026-11-21' },
    ])
    expect(columns.map((c) => c.type)).toEqual(['bigint', 'varchar', 'varchar'])
  })

  it('answers the same from tables kept in memory, and still explains from the files', async () => {
    const sql = 'SELECT snapshot_date, track_id, popularity, genres FROM tracks ORDER BY 1, 2'
    const fromFiles = await engine.run(sql, { maxRows: 100 })
    expect((await cachedEngine.run(sql)).rows).toEqual(fromFiles.rows)
    expect((await cachedEngine.run(sql)).rows).toEqual(fromFiles.rows)
    expect((await cachedEngine.run('SELECT count(*) AS n FROM tunelake.tracks')).rows).toEqual([{ n: 3 }])
    const estimate = await cachedEngine.explain(
      "SELECT popularity FROM tracks WHERE snapshot_date = '2026-11-21'",
    )
    expect(estimate.scans.map((s) => [s.table, s.partitionsRead])).toEqual([['tracks', 1]])
    expect(estimate.bytes).toBeGreaterThan(0)
  })

  it('answers `database.table` as Athena does', async () => {
    expect((await engine.run('SELECT count(*) AS n FROM tunelake.tracks')).rows).toEqual([{ n: 3 }])
  })

  it('divides integers as Athena does', async () => {
    expect((await engine.run('SELECT 5 / 2 AS q, (-5) / 2 AS m, CAST(5 AS double) / 2 AS r')).rows).toEqual([
      { q: 2, m: -2, r: 2.5 },
    ])
  })

  it('binds ? parameters in order', async () => {
    const { rows } = await engine.run(
      'SELECT track_id, popularity FROM tracks WHERE snapshot_date = ? AND popularity > ? ORDER BY 1',
      { params: ['2026-11-20', 3] },
    )
    expect(rows).toEqual([{ track_id: 'a', popularity: 5 }])
    await expect(engine.run('SELECT ? AS a', { params: [] })).rejects.toThrow(/1 \? placeholder/)
  })

  it('cuts results at the row limit and says so', async () => {
    const result = await engine.run('SELECT * FROM UNNEST(sequence(0, 9))')
    expect(result.rows).toHaveLength(2)
    expect(result.truncated).toBe(true)
    const exact = await engine.run('SELECT * FROM UNNEST(sequence(0, 1))')
    expect(exact.truncated).toBe(false)
    expect((await engine.run('SELECT * FROM UNNEST(sequence(0, 9))', { maxRows: 20 })).rows).toHaveLength(10)
  })

  it('keeps the order, the own LIMIT and the column names of a query it cuts', async () => {
    const ordered = await engine.run(
      'SELECT i FROM UNNEST(sequence(0, 9)) AS t(i) ORDER BY i DESC; -- newest first',
    )
    expect(ordered.rows).toEqual([{ i: 9 }, { i: 8 }])
    expect(ordered.truncated).toBe(true)
    const own = await engine.run('SELECT i FROM UNNEST(sequence(0, 9)) AS t(i) ORDER BY i LIMIT 3 OFFSET 1', {
      maxRows: 5,
    })
    expect(own.rows).toEqual([{ i: 1 }, { i: 2 }, { i: 3 }])
    expect(own.truncated).toBe(false)
    const twice = await engine.run('SELECT 1 AS x, 2 AS x, \'a\' AS "select"')
    expect(twice.rows).toEqual([{ x: 1, x_2: 2, select: 'a' }])
  })

  it('streams rows as they come', async () => {
    const stream = await engine.stream('SELECT i FROM UNNEST(sequence(0, 4)) AS t(i)', { maxRows: 100 })
    expect(stream.columns).toEqual([{ name: 'i', type: 'bigint' }])
    const seen: unknown[] = []
    for await (const row of stream) seen.push(row.i)
    expect(seen).toEqual([0, 1, 2, 3, 4])
    expect(stream.stats().engine).toBe('duckdb')
  })

  it('reports SQL errors on one line, naming the tables when one is unknown', async () => {
    const error = await engine.run('SELECT nope FROM tracks').catch((e) => e)
    expect(error).toBeInstanceOf(QuerySqlError)
    expect(error.message).toMatch(/^SQL error: .*nope.*; fix the query/)
    expect(error.message).not.toContain('\n')
    await expect(engine.run('SELECT * FROM trakcs')).rejects.toThrow(/the tables are evolving, tracks/)
  })

  /** A count that runs for hours: 10^12 rows of three crossed sequences. */
  const SLOW =
    'SELECT count(*) FROM UNNEST(sequence(1, 10000)) a CROSS JOIN UNNEST(sequence(1, 10000)) b CROSS JOIN UNNEST(sequence(1, 10000)) c'

  it('stops a query at the time limit', async () => {
    const started = Date.now()
    const error = await engine.run(SLOW).catch((e) => e)
    expect(error).toBeInstanceOf(QueryTimeoutError)
    expect(error.message).toMatch(/1.5 s time limit/)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect((await engine.run('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
  })

  it('cancels a running query by signal and by cancel()', async () => {
    const controller = new AbortController()
    const pending = engine.run(SLOW, { signal: controller.signal })
    setTimeout(() => controller.abort(), 50)
    await expect(pending).rejects.toBeInstanceOf(QueryCancelledError)
    const other = engine.run(SLOW)
    const cancelling = setInterval(() => void engine.cancel(), 20)
    await expect(other).rejects.toBeInstanceOf(QueryCancelledError)
    clearInterval(cancelling)
  })
})
