import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { describe, expect, it } from 'vitest'
import { expectStopped, INTERNALS_ATTEMPTS } from '../../../test/support/escape-attempts.js'
import { escapeEngine, escapeLake } from '../../../test/support/escape-lake.js'
import { DuckDbEngine } from './duckdb.js'
import { isEngineFunction } from './duckdb-confinement.js'

const lake = escapeEngine()

describe("the engine's settings, catalog, session and secrets stay hidden", () => {
  it.each(INTERNALS_ATTEMPTS.map((a) => [a.name, a] as const))('%s', async (_, attempt) => {
    await expectStopped(lake.engine, attempt, lake.paths)
  })

  it('answers information_schema with the catalog tables and columns only', async () => {
    const schemas = await lake.engine.run(
      'SELECT DISTINCT table_schema FROM information_schema.tables ORDER BY 1',
    )
    expect(schemas.rows).toEqual([{ table_schema: 'information_schema' }, { table_schema: 'tunelake' }])
    const everything = JSON.stringify(
      await Promise.all(
        ['tables', 'columns', 'schemata', 'views'].map(
          async (t) => (await lake.engine.run(`SELECT * FROM information_schema.${t}`)).rows,
        ),
      ),
    )
    expect(everything).not.toMatch(/__tunelake|duckdb|pg_catalog|"main"|"memory"|"system"|read_parquet/)
    expect(everything).not.toContain(lake.paths.lake)
    const columns = await lake.engine.run(
      "SELECT column_name, data_type, extra_info FROM information_schema.columns WHERE table_schema = 'tunelake' ORDER BY ordinal_position",
    )
    expect(columns.rows).toEqual([
      { column_name: 'track_id', data_type: 'varchar', extra_info: null },
      { column_name: 'snapshot_date', data_type: 'varchar', extra_info: 'partition key' },
    ])
  })

  it('names lake files in its errors by their key, never by the folder they are in', async () => {
    const own = await escapeLake()
    const file = path.join(own.lake, 'transformed/tracks/snapshot_date=2026-11-20/part-00000.parquet')
    const open = () => DuckDbEngine.open({ store: own.store, catalog: own.catalog, database: 'tunelake' })
    const engine = await open()
    try {
      await writeFile(file, 'not parquet any more')
      const error = (await engine.run('SELECT * FROM tracks').catch((e: unknown) => e)) as Error
      expect(error.message).toMatch(/'transformed\/tracks\/snapshot_date=2026-11-20\/part-00000\.parquet'/)
      expect(error.message).not.toContain(own.lake)
    } finally {
      await engine.close()
    }
    const failed = (await open().catch((e: unknown) => e)) as Error
    expect(failed.message).toMatch(
      /^the lake's tables cannot be opened: .*'transformed\/tracks\/snapshot_date=2026-11-20\/part-00000\.parquet'.*; check that file, or crawl the lake again/,
    )
    expect(failed.message).not.toContain(own.lake)
  })
})

describe('the list of engine functions', () => {
  /** What may depend on more than its arguments: clocks, random numbers and error(). */
  const CLOCKS_AND_RANDOM = new Set([
    'now',
    'current_date',
    'get_current_time',
    'get_current_timestamp',
    'transaction_timestamp',
    'today',
    'random',
    'uuid',
    'uuidv4',
    'uuidv7',
    'gen_random_uuid',
    'error',
  ])

  it("covers every DuckDB function whose answer is the engine's state, so a new one cannot slip through", async () => {
    const instance = await DuckDBInstance.create(':memory:')
    const connection = await instance.connect()
    try {
      const reader = await connection.runAndReadAll(
        "SELECT DISTINCT function_name, schema_name FROM duckdb_functions() WHERE function_type IN ('scalar', 'macro', 'aggregate') AND (stability <> 'CONSISTENT' OR schema_name <> 'main') ORDER BY 1",
      )
      const unclassified = reader
        .getRows()
        .map(([name, schema]) => [String(name), String(schema)] as const)
        .filter(([name, schema]) => !isEngineFunction(name, schema) && !CLOCKS_AND_RANDOM.has(name))
      expect(unclassified).toEqual([])
      for (const name of CLOCKS_AND_RANDOM) expect(isEngineFunction(name), name).toBe(false)
    } finally {
      connection.closeSync()
      instance.closeSync()
    }
  })
})
