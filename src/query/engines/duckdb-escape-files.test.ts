import { stat } from 'node:fs/promises'
import path from 'node:path'
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectStopped, FILE_ATTEMPTS } from '../../../test/support/escape-attempts.js'
import { escapeEngine } from '../../../test/support/escape-lake.js'
import { DEFAULT_QUERY_LIMITS } from '../query-limits.js'
import { createSpillDirectory, lockdownStatements, removeSpillDirectory } from './duckdb-lockdown.js'

const lake = escapeEngine()

describe('no spelling of a file reaches DuckDB: each is refused by name before it is bound', () => {
  it.each(FILE_ATTEMPTS.map((a) => [a.name, a] as const))('%s', async (_, attempt) => {
    await expectStopped(lake.engine, attempt, lake.paths)
  })

  it('still reads the catalog tables, by every name Athena accepts', async () => {
    for (const name of [
      'tracks',
      'tunelake.tracks',
      'awsdatacatalog.tunelake.tracks',
      '"AwsDataCatalog"."tunelake"."TRACKS"',
    ]) {
      expect((await lake.engine.run(`SELECT track_id FROM ${name}`)).rows, name).toEqual([{ track_id: 'a' }])
    }
  })
})

describe("DuckDB's own wall, behind the parse-tree check", () => {
  const tableFile = () =>
    path.join(lake.paths.lake, 'transformed/tracks/snapshot_date=2026-11-20/part-00000.parquet')
  let connection: DuckDBConnection
  let instance: DuckDBInstance
  let spill: string

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    })
    connection = await instance.connect()
    spill = await createSpillDirectory()
    const limits = DEFAULT_QUERY_LIMITS
    for (const statement of lockdownStatements({ files: [tableFile()], spillDirectory: spill, limits }))
      await connection.run(statement)
  })

  afterAll(async () => {
    connection?.closeSync()
    instance?.closeSync()
    await removeSpillDirectory(spill)
  })

  it('reads exactly the files the views list', async () => {
    const reader = await connection.runAndReadAll(`SELECT count(*) FROM read_parquet(['${tableFile()}'])`)
    expect(reader.getRows()).toEqual([[1n]])
  })

  it.each([
    ['a file outside the lake', () => `${lake.paths.outside}/secret.csv`],
    ['Parquet outside the lake', () => `${lake.paths.outside}/secret.parquet`],
    ['the lake ledger', () => `${lake.paths.lake}/_state/transform-ledger/snapshot_date=2026-11-20.json`],
    ['a run record', () => `${lake.paths.lake}/_runs/run-1.json`],
    ['a raw object', () => `${lake.paths.lake}/raw/spotify/playlist/snapshot_date=2026-11-20/p/run-1-0.json`],
    ['a file beside the partition', () => `${lake.paths.lake}/transformed/tracks/notes.csv`],
    ['a symlink out of the lake', () => `${lake.paths.lake}/outside-link/secret.csv`],
    ['.. out of a listed folder', () => `${path.dirname(tableFile())}/../notes.csv`],
    ['the system', () => '/etc/passwd'],
  ])('refuses %s, in any reader', async (_, file) => {
    // DuckDB reads a name as a file (a replacement scan) only when it has an extension.
    const scans = path.extname(file()) === '' ? [] : [`SELECT * FROM '${file()}'`]
    for (const sql of [...scans, `SELECT * FROM read_text('${file()}')`]) {
      await expect(connection.run(sql), sql).rejects.toThrow(/Permission Error|disabled by configuration/)
    }
    await expect(connection.run(`SELECT * FROM glob('${path.dirname(file())}/*')`)).rejects.toThrow(
      /Permission Error|disabled by configuration/,
    )
  })

  it('cannot be unlocked or pointed elsewhere', async () => {
    for (const sql of [
      'SET enable_external_access = true',
      "SET allowed_directories = ['/']",
      "SET temp_directory = '/tmp'",
      "SET memory_limit = '100GB'",
      'RESET lock_configuration',
    ]) {
      await expect(connection.run(sql), sql).rejects.toThrow(/locked|disabled|Cannot change/)
    }
  })

  it('spills into a folder of its own that only this user can open, the one folder it may read', async () => {
    expect((await stat(spill)).mode & 0o777).toBe(0o700)
    const reader = await connection.runAndReadAll("SELECT current_setting('allowed_directories')")
    expect(reader.getRowsJson()).toEqual([[[`${spill}/`]]])
  })
})
