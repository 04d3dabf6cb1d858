import { afterAll, beforeAll, describe, expect } from 'vitest'
import {
  QueryCancelledError,
  QueryRefusedError,
  QuerySqlError,
  QueryTimeoutError,
} from '../../src/query/errors.js'
import type { QueryEngine } from '../../src/query/query-engine.js'
import { buildContractLake, type ContractLake, SONG_COUNT } from '../support/contract-lake.js'
import { contractCases, type Unsupported } from './declared-cases.js'

export interface EngineLimits {
  maxRows?: number
  timeoutMs?: number
}

/**
 * Portable Trino SQL that runs far longer than any test waits (a count over 10^16 rows; a
 * sequence has at most 10,000 entries in Trino).
 */
const ENDLESS =
  'SELECT count(*) AS n FROM UNNEST(sequence(1, 10000)) AS a(x) CROSS JOIN UNNEST(sequence(1, 10000)) AS b(y) CROSS JOIN UNNEST(sequence(1, 10000)) AS c(z) CROSS JOIN UNNEST(sequence(1, 10000)) AS d(w)'

/**
 * What every QueryEngine must do for `tunelake query`, the insights and the dashboard, run once
 * per engine over the same crawled lake: the same SQL gives the same rows, typed the same way.
 */
export function queryEngineContract(
  name: string,
  open: (lake: ContractLake, limits: EngineLimits) => Promise<QueryEngine>,
  options: { unsupported?: Unsupported[] } = {},
): void {
  describe(`QueryEngine contract: ${name}`, () => {
    const cases = contractCases(options.unsupported)
    let lake: ContractLake
    const engines = new Map<string, Promise<QueryEngine>>()
    /** One engine per set of limits, opened on first use and shared by the cases. */
    const engine = (limits: EngineLimits = {}) => {
      const key = JSON.stringify(limits)
      let opened = engines.get(key)
      if (!opened) {
        opened = open(lake, limits)
        engines.set(key, opened)
      }
      return opened
    }

    beforeAll(async () => {
      lake = await buildContractLake()
    })
    afterAll(async () => {
      for (const opened of engines.values()) await (await opened).close()
    })

    cases.it(
      'types values as Athena prints them: integers, big integers, booleans, dates, timestamps, NULL',
      async () => {
        const { rows, columns } = await (await engine()).run(
          'SELECT track_id, popularity, followers, explicit, added_at, released, snapshot_date FROM tracks ORDER BY snapshot_date, track_id',
        )
        expect(rows).toEqual([
          {
            track_id: 'a',
            popularity: 5,
            followers: '9007199254740993',
            explicit: true,
            added_at: '2026-11-20 06:00:01.250',
            released: '1999-03-01',
            snapshot_date: '2026-11-20',
          },
          {
            track_id: 'b',
            popularity: 2,
            followers: null,
            explicit: false,
            added_at: null,
            released: null,
            snapshot_date: '2026-11-20',
          },
          {
            track_id: 'a',
            popularity: 7,
            followers: 12,
            explicit: null,
            added_at: null,
            released: null,
            snapshot_date: '2026-11-21',
          },
        ])
        expect(columns).toEqual([
          { name: 'track_id', type: 'varchar' },
          { name: 'popularity', type: 'integer' },
          { name: 'followers', type: 'bigint' },
          { name: 'explicit', type: 'boolean' },
          { name: 'added_at', type: 'timestamp(3)' },
          { name: 'released', type: 'date' },
          { name: 'snapshot_date', type: 'varchar' },
        ])
      },
    )

    cases.it('computes as Athena does: integer division, doubles, decimals', async () => {
      const { rows, columns } = await (await engine()).run(
        'SELECT 5 / 2 AS q, CAST(5 AS double) / 2 AS r, CAST(3.35 AS decimal(4,2)) AS d, avg(popularity) AS mean FROM tracks',
      )
      expect(rows).toEqual([{ q: 2, r: 2.5, d: 3.35, mean: 14 / 3 }])
      expect(columns.map((c) => c.type)).toEqual(['integer', 'double', 'decimal(4,2)', 'double'])
    })

    cases.it('reads arrays of strings, empty arrays and NULL arrays', async () => {
      const { rows } = await (await engine()).run(
        'SELECT genres FROM tracks ORDER BY snapshot_date, track_id',
      )
      expect(rows).toEqual([{ genres: ['rock', 'pop'] }, { genres: [] }, { genres: null }])
    })

    cases.it('types array elements and names them in the column type', async () => {
      const { rows, columns } = await (await engine()).run('SELECT ARRAY[1, 2] AS xs')
      expect(columns).toEqual([{ name: 'xs', type: 'array(integer)' }])
      expect(rows).toEqual([{ xs: [1, 2] }])
    })

    cases.it('binds ? values in order, quotes and numbers alike', async () => {
      const { rows } = await (await engine()).run(
        'SELECT track_id, popularity FROM tracks WHERE name = ? AND popularity > ? ORDER BY popularity',
        { params: ["it's", 5] },
      )
      expect(rows).toEqual([{ track_id: 'a', popularity: 7 }])
    })

    cases.it('answers `database.table` as Athena does', async () => {
      const { rows } = await (await engine()).run('SELECT count(*) AS n FROM tunelake.tracks')
      expect(rows).toEqual([{ n: 3 }])
    })

    cases.it('returns every row of a result larger than one Athena page', async () => {
      const { rows, truncated } = await (await engine()).run(
        'SELECT song_id, duration_ms FROM songs ORDER BY song_id',
        { maxRows: 10_000 },
      )
      expect(rows).toHaveLength(SONG_COUNT)
      expect(rows[0]).toEqual({ song_id: 's00000', duration_ms: 0 })
      expect(rows[999]).toEqual({ song_id: 's00999', duration_ms: 999 })
      expect(rows.at(-1)).toEqual({ song_id: 's02499', duration_ms: SONG_COUNT - 1 })
      expect(truncated).toBe(false)
    })

    cases.it('cuts a result at the row limit and says so; a result within it is whole', async () => {
      const limited = await engine({ maxRows: 10 })
      const cut = await limited.run('SELECT song_id FROM songs ORDER BY song_id')
      expect(cut.rows.map((r) => r.song_id)).toEqual(
        Array.from({ length: 10 }, (_, i) => `s${String(i).padStart(5, '0')}`),
      )
      expect(cut.truncated).toBe(true)
      const whole = await limited.run('SELECT song_id FROM songs ORDER BY song_id LIMIT 10')
      expect(whole.truncated).toBe(false)
      expect((await limited.run('SELECT song_id FROM songs', { maxRows: 20 })).rows).toHaveLength(20)
    })

    cases.it('streams the rows, then tells which engine ran them and how long it took', async () => {
      const running = await engine()
      const stream = await running.stream('SELECT song_id FROM songs ORDER BY song_id LIMIT 1200')
      expect(stream.columns).toEqual([{ name: 'song_id', type: 'varchar' }])
      let seen = 0
      for await (const row of stream) {
        expect(row.song_id).toBe(`s${String(seen).padStart(5, '0')}`)
        seen++
      }
      expect(seen).toBe(1200)
      expect(stream.truncated).toBe(false)
      expect(stream.stats()).toMatchObject({ engine: running.name, elapsedMs: expect.any(Number) })
    })

    cases.it('refuses anything but one SELECT, on one line', async () => {
      const running = await engine()
      for (const sql of ['DROP TABLE tracks', 'SELECT 1; SELECT 2', 'INSERT INTO tracks VALUES (1)']) {
        const error = await running.run(sql).catch((e: unknown) => e)
        expect(error, sql).toBeInstanceOf(QueryRefusedError)
        expect((error as Error).message, sql).not.toContain('\n')
      }
    })

    cases.it('reports a wrong column or table as an SQL error on one line', async () => {
      const running = await engine()
      for (const [sql, named] of [
        ['SELECT nope FROM tracks', /nope/],
        ['SELECT * FROM trakcs', /trakcs/],
      ] as const) {
        const error = await running.run(sql).catch((e: unknown) => e)
        expect(error, sql).toBeInstanceOf(QuerySqlError)
        expect((error as Error).message, sql).toMatch(named)
        expect((error as Error).message, sql).not.toContain('\n')
      }
    })

    cases.it('stops a query at the time limit and goes on answering', async () => {
      const limited = await engine({ timeoutMs: 400 })
      await expect(limited.run(ENDLESS)).rejects.toBeInstanceOf(QueryTimeoutError)
      expect((await limited.run('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    })

    cases.it('cancels a running query by signal and by cancel()', async () => {
      const running = await engine()
      const controller = new AbortController()
      const bySignal = running.run(ENDLESS, { signal: controller.signal })
      setTimeout(() => controller.abort(), 100)
      await expect(bySignal).rejects.toBeInstanceOf(QueryCancelledError)
      const byCancel = running.run(ENDLESS)
      setTimeout(() => void running.cancel(), 100)
      await expect(byCancel).rejects.toBeInstanceOf(QueryCancelledError)
      expect((await running.run('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    })

    cases.it('explains without running: the engine and the tables the query reads', async () => {
      const running = await engine()
      const estimate = await running.explain(
        'SELECT t.popularity, s.duration_ms FROM tracks t JOIN songs s ON t.track_id = s.song_id',
      )
      expect(estimate.engine).toBe(running.name)
      expect(estimate.scans.map((s) => s.table).sort()).toEqual(['songs', 'tracks'])
    })

    cases.it('explains which partitions a filter reads, and their bytes', async () => {
      const estimate = await (await engine()).explain(
        "SELECT popularity FROM tracks WHERE snapshot_date = '2026-11-21'",
      )
      expect(estimate.scans.map((s) => s.table)).toEqual(['tracks'])
      const [scan] = estimate.scans
      expect(scan?.partitions).toEqual(['snapshot_date=2026-11-21'])
      expect([scan?.partitionsRead, scan?.partitionsTotal]).toEqual([1, 2])
      expect(estimate.bytes).toBeGreaterThan(0)
    })

    cases.done()
  })
}
