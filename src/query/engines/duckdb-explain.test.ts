import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { parquetMetadata } from 'hyparquet'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempLake } from '../../../test/support/temp-lake.js'
import { crawl } from '../../catalog/crawler.js'
import { writeParquet } from '../../lake/parquet/parquet-writer.js'
import type { Row, TableSpec } from '../../transform/table-specs.js'
import { athenaCostUsd } from '../athena-cost.js'
import { DuckDbEngine } from './duckdb.js'

const TRACKS: TableSpec = {
  name: 'tracks',
  key: ['track_id'],
  columns: [
    { name: 'track_id', type: 'VARCHAR' },
    { name: 'name', type: 'VARCHAR' },
    { name: 'popularity', type: 'INTEGER' },
  ],
}
const ENTRIES: TableSpec = {
  name: 'playlist_tracks',
  key: ['playlist_id', 'position'],
  columns: [
    { name: 'playlist_id', type: 'VARCHAR' },
    { name: 'position', type: 'INTEGER' },
    { name: 'track_id', type: 'VARCHAR' },
  ],
}
const DAYS = ['2026-11-20', '2026-11-21', '2026-11-22']

let engine: DuckDbEngine
let dir: string

/** Compressed bytes of `columns` in one partition file, read with hyparquet (not DuckDB). */
async function bytesOf(table: string, day: string, columns: string[]): Promise<number> {
  const file = await readFile(path.join(dir, `transformed/${table}/snapshot_date=${day}/part-00000.parquet`))
  const metadata = parquetMetadata(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength))
  let bytes = 0
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      if (columns.includes(chunk.meta_data!.path_in_schema[0]!))
        bytes += Number(chunk.meta_data!.total_compressed_size)
    }
  }
  return bytes
}

beforeAll(async () => {
  const lake = await tempLake('explain')
  dir = lake.dir
  for (const [d, day] of DAYS.entries()) {
    const tracks: Row[] = Array.from({ length: 50 + d * 40 }, (_, i) => ({
      track_id: `t${i}`,
      name: `Track number ${i} of day ${day}`,
      popularity: (i * 7) % 100,
    }))
    const entries: Row[] = tracks.map((t, i) => ({
      playlist_id: 'p',
      position: i + 1,
      track_id: t.track_id ?? null,
    }))
    await lake.store.put(
      `transformed/tracks/snapshot_date=${day}/part-00000.parquet`,
      await writeParquet(TRACKS, tracks),
    )
    await lake.store.put(
      `transformed/playlist_tracks/snapshot_date=${day}/part-00000.parquet`,
      await writeParquet(ENTRIES, entries),
    )
  }
  await crawl(lake.store, lake.catalog, 'tunelake')
  engine = await DuckDbEngine.open({ store: lake.store, catalog: lake.catalog, database: 'tunelake' })
})

afterAll(async () => {
  await engine?.close()
})

describe('DuckDbEngine.explain', () => {
  it('names the partitions and columns a filtered query reads, and their bytes from the Parquet footers', async () => {
    const estimate = await engine.explain("SELECT name FROM tracks WHERE snapshot_date = '2026-11-21'")
    expect(estimate.scans).toEqual([
      {
        table: 'tracks',
        partitions: ['snapshot_date=2026-11-21'],
        partitionsRead: 1,
        partitionsTotal: 3,
        columns: ['name'],
        bytes: await bytesOf('tracks', '2026-11-21', ['name']),
      },
    ])
    expect(estimate.bytes).toBeGreaterThan(0)
    expect(estimate.athenaCostUsd).toBe(athenaCostUsd(estimate.bytes!))
  })

  it('counts every table of a join, with ranges and bound parameters pruning partitions', async () => {
    const estimate = await engine.explain(
      `SELECT t.name, pt.position FROM playlist_tracks pt
       JOIN tracks t ON t.track_id = pt.track_id AND t.snapshot_date = pt.snapshot_date
       WHERE pt.snapshot_date >= ? AND t.snapshot_date >= ?`,
      { params: ['2026-11-21', '2026-11-21'] },
    )
    const byTable = Object.fromEntries(estimate.scans.map((s) => [s.table, s]))
    expect(byTable.playlist_tracks?.partitions).toEqual([
      'snapshot_date=2026-11-21',
      'snapshot_date=2026-11-22',
    ])
    expect(byTable.tracks?.partitions).toEqual(['snapshot_date=2026-11-21', 'snapshot_date=2026-11-22'])
    expect(byTable.playlist_tracks?.columns.sort()).toEqual(['position', 'track_id'])
    expect(byTable.tracks?.columns.sort()).toEqual(['name', 'track_id'])
    let expected = 0
    for (const day of ['2026-11-21', '2026-11-22']) {
      expected += await bytesOf('playlist_tracks', day, ['position', 'track_id'])
      expected += await bytesOf('tracks', day, ['name', 'track_id'])
    }
    expect(estimate.bytes).toBe(expected)
  })

  it('reads every partition when nothing prunes them, and nothing for count(*) but the footers', async () => {
    const all = await engine.explain('SELECT avg(popularity) FROM tracks')
    expect(all.scans[0]?.partitionsRead).toBe(3)
    let expected = 0
    for (const day of DAYS) expected += await bytesOf('tracks', day, ['popularity'])
    expect(all.bytes).toBe(expected)
    const count = await engine.explain('SELECT count(*) FROM tracks')
    expect(count.scans[0]?.columns).toEqual([])
    expect(count.bytes).toBe(0)
    expect(count.athenaCostUsd).toBe(athenaCostUsd(0))
  })

  it('refuses to explain what it refuses to run', async () => {
    await expect(engine.explain("SELECT * FROM read_text('/etc/passwd')")).rejects.toThrow(/refused/)
  })
})
