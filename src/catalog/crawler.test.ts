import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../test/support/manual-clock.js'
import { tempLake } from '../../test/support/temp-lake.js'
import { getText } from '../lake/object-store.js'
import { writeParquet } from '../lake/parquet/parquet-writer.js'
import type { TableSpec } from '../transform/table-specs.js'
import { crawl } from './crawler.js'

const NOW = new Date('2026-11-23T06:30:00.000Z')
const at = NOW.toISOString()
const V1: TableSpec = {
  name: 'tracks',
  key: ['id'],
  columns: [
    { name: 'id', type: 'VARCHAR' },
    { name: 'plays', type: 'INTEGER' },
    { name: 'released', type: 'DATE' },
    { name: 'added_at', type: 'TIMESTAMP_MS' },
    { name: 'genres', type: 'VARCHAR[]' },
    { name: 'explicit', type: 'BOOLEAN' },
  ],
}
const V2: TableSpec = {
  ...V1,
  columns: [
    ...V1.columns.map((c) => (c.name === 'plays' ? { name: 'plays', type: 'BIGINT' as const } : c)),
    { name: 'isrc', type: 'VARCHAR' },
  ],
}
const ROW = {
  id: 'a',
  plays: 3,
  released: '2020-01-02',
  added_at: '2026-11-20T08:00:00.000Z',
  genres: ['pop'],
  explicit: false,
}
const V1_COLUMNS = [
  { Name: 'id', Type: 'string' },
  { Name: 'plays', Type: 'int' },
  { Name: 'released', Type: 'date' },
  { Name: 'added_at', Type: 'timestamp' },
  { Name: 'genres', Type: 'array<string>' },
  { Name: 'explicit', Type: 'boolean' },
]
const PARQUET_SD = {
  InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  Compressed: false,
  NumberOfBuckets: -1,
  SerdeInfo: {
    SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    Parameters: { 'serialization.format': '1' },
  },
  BucketColumns: [],
  SortColumns: [],
  StoredAsSubDirectories: false,
}
const CRAWLER_PARAMS = {
  CrawlerSchemaDeserializerVersion: '1.0',
  CrawlerSchemaSerializerVersion: '1.0',
  UPDATED_BY_CRAWLER: 'tunelake',
  classification: 'parquet',
  compressionType: 'none',
  typeOfData: 'file',
}
const stats = (records: number, objects: number, bytes: number) => ({
  averageRecordSize: String(Math.round(bytes / records)),
  objectCount: String(objects),
  recordCount: String(records),
  sizeKey: String(bytes),
})
const part = (table: string, folder: string) => `transformed/${table}/${folder}/part-00000.parquet`
const options = { clock: new ManualClock(NOW.getTime()) }

describe('crawl: Parquet tables', () => {
  it('writes exactly the Glue TableInput and PartitionInputs a crawler writes', async () => {
    const { store, catalog, dir } = await tempLake('crawl')
    const file = await writeParquet(V1, [ROW])
    await store.put(part('tracks', 'snapshot_date=2026-11-20'), file)
    await store.put(part('tracks', 'snapshot_date=2026-11-21'), file)
    await store.put('transformed/tracks/_SUCCESS', '')
    await store.put('transformed/tracks/snapshot_date=2026-11-21/.part-00000.parquet.crc', 'x')
    const report = await crawl(store, catalog, 'db', options)
    expect(report).toMatchObject({
      tablesCreated: ['tracks'],
      tablesUpdated: [],
      partitionsAdded: 2,
      skipped: [],
    })
    const root = `${pathToFileURL(dir).href}/transformed/tracks/`
    const one = stats(1, 1, file.byteLength)
    const partition = (day: string) => ({
      Values: [day],
      StorageDescriptor: {
        Columns: V1_COLUMNS,
        Location: `${root}snapshot_date=${day}/`,
        ...PARQUET_SD,
        Parameters: { ...CRAWLER_PARAMS, ...one },
      },
      Parameters: { ...CRAWLER_PARAMS, ...one },
    })
    expect(await catalog.getTable('db', 'tracks')).toEqual({
      version: 1,
      table: {
        Name: 'tracks',
        Owner: 'owner',
        Retention: 0,
        TableType: 'EXTERNAL_TABLE',
        PartitionKeys: [{ Name: 'snapshot_date', Type: 'string' }],
        StorageDescriptor: {
          Columns: V1_COLUMNS,
          Location: root,
          ...PARQUET_SD,
          Parameters: { ...CRAWLER_PARAMS, ...stats(2, 2, 2 * file.byteLength) },
        },
        Parameters: { ...CRAWLER_PARAMS, ...stats(2, 2, 2 * file.byteLength) },
      },
      partitions: [partition('2026-11-20'), partition('2026-11-21')],
      history: [{ version: 1, at, changes: ['created'] }],
    })
  })

  it('names folders that are not key=value partition_0..N, keeping the folder text as the value', async () => {
    const { store, catalog } = await tempLake('crawl')
    const file = await writeParquet(V1, [ROW])
    await store.put('transformed/events/2026/11/a.parquet', file)
    await store.put('transformed/events/2026/12/b.parquet', file)
    await crawl(store, catalog, 'db', options)
    const doc = await catalog.getTable('db', 'events')
    expect(doc?.table.PartitionKeys).toEqual([
      { Name: 'partition_0', Type: 'string' },
      { Name: 'partition_1', Type: 'string' },
    ])
    expect(doc?.partitions.map((p) => p.Values)).toEqual([
      ['2026', '11'],
      ['2026', '12'],
    ])
  })

  it('combines mixed schemas: new columns added and types widened in a new version, old partitions kept', async () => {
    const { store, catalog } = await tempLake('crawl')
    await store.put(part('tracks', 'snapshot_date=2026-11-20'), await writeParquet(V1, [ROW]))
    await crawl(store, catalog, 'db', options)
    await store.put(
      part('tracks', 'snapshot_date=2026-11-21'),
      await writeParquet(V2, [{ ...ROW, isrc: 'QZ1' }]),
    )
    const report = await crawl(store, catalog, 'db', options)
    expect(report).toMatchObject({
      tablesCreated: [],
      tablesUpdated: ['tracks'],
      partitionsAdded: 1,
      columnsAdded: ['tracks.isrc string'],
      columnsWidened: ['tracks.plays int -> bigint'],
      columnsRemoved: [],
      logged: [],
    })
    const doc = await catalog.getTable('db', 'tracks')
    expect(doc?.version).toBe(2)
    expect(doc?.table.StorageDescriptor.Columns).toEqual([
      ...V1_COLUMNS.map((c) => (c.Name === 'plays' ? { Name: 'plays', Type: 'bigint' } : c)),
      { Name: 'isrc', Type: 'string' },
    ])
    expect(doc?.partitions.map((p) => p.StorageDescriptor.Columns.length)).toEqual([6, 7])
    expect(doc?.partitions[0]?.StorageDescriptor.Columns).toEqual(V1_COLUMNS)
    expect(doc?.history).toEqual([
      { version: 1, at, changes: ['created'] },
      { version: 2, at, changes: ['added column isrc string', 'widened column plays int -> bigint'] },
    ])
    const again = await crawl(store, catalog, 'db', options)
    expect(again).toMatchObject({ tablesUpdated: [], partitionsAdded: 0 })
    expect((await catalog.getTable('db', 'tracks'))?.version).toBe(2)
  })

  it('with UpdateBehavior LOG reports schema changes without applying them, and still adds partitions', async () => {
    const { store, catalog } = await tempLake('crawl')
    await store.put(part('tracks', 'snapshot_date=2026-11-20'), await writeParquet(V1, [ROW]))
    await crawl(store, catalog, 'db', options)
    await store.put(
      part('tracks', 'snapshot_date=2026-11-21'),
      await writeParquet(V2, [{ ...ROW, isrc: 'QZ1' }]),
    )
    const report = await crawl(store, catalog, 'db', { ...options, updateBehavior: 'LOG' })
    expect(report).toMatchObject({
      tablesUpdated: ['tracks'],
      partitionsAdded: 1,
      columnsAdded: [],
      columnsWidened: [],
    })
    expect(report.logged).toEqual([
      'tracks: added column isrc string (UpdateBehavior LOG: not applied)',
      'tracks: widened column plays int -> bigint (UpdateBehavior LOG: not applied)',
    ])
    const doc = await catalog.getTable('db', 'tracks')
    expect(doc?.version).toBe(1)
    expect(doc?.table.StorageDescriptor.Columns).toEqual(V1_COLUMNS)
    expect(doc?.partitions.map((p) => p.Values)).toEqual([['2026-11-20'], ['2026-11-21']])
  })
})

describe('crawl: data that is gone (DeleteBehavior)', () => {
  async function lakeWithTwoTables() {
    const lake = await tempLake('crawl')
    const file = await writeParquet(V1, [ROW])
    for (const key of [part('kept', 'd=1'), part('kept', 'd=2'), part('gone', 'd=1')])
      await lake.store.put(key, file)
    await crawl(lake.store, lake.catalog, 'db', options)
    await lake.store.delete(part('kept', 'd=2'))
    await lake.store.delete(part('gone', 'd=1'))
    return lake
  }

  it('deprecates a table whose data is gone, as Glue marks it, and drops gone partitions', async () => {
    const { store, catalog } = await lakeWithTwoTables()
    const report = await crawl(store, catalog, 'db', options)
    expect(report).toMatchObject({
      tablesDeprecated: ['gone'],
      partitionsDeleted: 1,
      tablesUpdated: ['kept'],
    })
    const gone = await catalog.getTable('db', 'gone')
    expect(gone?.table.Parameters.DEPRECATED_BY_CRAWLER).toBe(String(NOW.getTime()))
    expect(gone?.table.StorageDescriptor.Parameters.DEPRECATED_BY_CRAWLER).toBe(String(NOW.getTime()))
    expect(gone?.history.at(-1)).toEqual({
      version: 2,
      at,
      changes: ['deprecated: no data under transformed/gone/'],
    })
    expect((await catalog.getTable('db', 'kept'))?.partitions.map((p) => p.Values)).toEqual([['1']])
    await store.put(part('gone', 'd=3'), await writeParquet(V1, [ROW]))
    const back = await crawl(store, catalog, 'db', options)
    expect(back.tablesUpdated).toEqual(['gone'])
    const revived = await catalog.getTable('db', 'gone')
    expect(revived?.table.Parameters.DEPRECATED_BY_CRAWLER).toBeUndefined()
    expect(revived?.history.at(-1)?.changes).toEqual(['no longer deprecated: data is back'])
  })

  it('deletes them with DELETE_FROM_DATABASE, and only logs with LOG', async () => {
    const deleted = await lakeWithTwoTables()
    const report = await crawl(deleted.store, deleted.catalog, 'db', {
      ...options,
      deleteBehavior: 'DELETE_FROM_DATABASE',
    })
    expect(report).toMatchObject({ tablesDeleted: ['gone'], partitionsDeleted: 1 })
    expect(await deleted.catalog.listTables('db')).toEqual(['kept'])

    const logged = await lakeWithTwoTables()
    const log = await crawl(logged.store, logged.catalog, 'db', { ...options, deleteBehavior: 'LOG' })
    expect(log.logged).toEqual([
      'kept: partition 2 has no data any more; kept (DeleteBehavior LOG)',
      'gone: no data under transformed/gone/ any more; kept (DeleteBehavior LOG)',
    ])
    expect(await logged.catalog.listTables('db')).toEqual(['gone', 'kept'])
    expect((await logged.catalog.getTable('db', 'kept'))?.partitions.map((p) => p.Values)).toEqual([
      ['1'],
      ['2'],
    ])
    expect(
      (await logged.catalog.getTable('db', 'gone'))?.table.Parameters.DEPRECATED_BY_CRAWLER,
    ).toBeUndefined()
  })
})

describe('crawl: new folders only (CRAWL_NEW_FOLDERS_ONLY)', () => {
  it('adds new folders that fit the schema, reports the others, and reads nothing it knows', async () => {
    const { store, catalog } = await tempLake('crawl')
    await store.put(part('tracks', 'snapshot_date=2026-11-20'), await writeParquet(V1, [ROW]))
    const incremental = { ...options, recrawlBehavior: 'CRAWL_NEW_FOLDERS_ONLY' as const }
    expect((await crawl(store, catalog, 'db', incremental)).tablesCreated).toEqual(['tracks']) // first crawl: full
    await store.put('transformed/tracks/snapshot_date=2026-11-20/extra.parquet', 'would fail if it were read')
    await store.put(part('tracks', 'snapshot_date=2026-11-21'), await writeParquet(V1, [ROW]))
    await store.put(
      part('tracks', 'snapshot_date=2026-11-22'),
      await writeParquet(V2, [{ ...ROW, isrc: 'x' }]),
    )
    await store.put(part('fresh', 'snapshot_date=2026-11-22'), await writeParquet(V1, [ROW]))
    const report = await crawl(store, catalog, 'db', incremental)
    expect(report).toMatchObject({ tablesCreated: [], tablesUpdated: ['tracks'], partitionsAdded: 1 })
    expect(report.logged).toEqual([
      'transformed/fresh/: new table folder not added (new-folders-only crawls add partitions to known tables)',
      "tracks: new folder transformed/tracks/snapshot_date=2026-11-22/ skipped: column plays is bigint, the table's int (new-folders-only crawls keep the schema)",
    ])
    const doc = await catalog.getTable('db', 'tracks')
    expect(doc?.partitions.map((p) => p.Values)).toEqual([['2026-11-20'], ['2026-11-21']])
    expect(doc?.version).toBe(1)
  })
})

describe('crawl: table level, bad files and bad documents', () => {
  it('puts the tables at TableLevelConfiguration, and refuses a level above the include path', async () => {
    const { store, catalog } = await tempLake('crawl')
    const file = await writeParquet(V1, [ROW])
    await store.put('transformed/a/x=1/f.parquet', file)
    await store.put('transformed/b/x=1/f.parquet', file)
    const report = await crawl(store, catalog, 'db', { ...options, tableLevel: 1 })
    expect(report.tablesCreated).toEqual(['transformed'])
    const doc = await catalog.getTable('db', 'transformed')
    expect(doc?.table.PartitionKeys.map((k) => k.Name)).toEqual(['partition_0', 'x'])
    expect(doc?.partitions.map((p) => p.Values)).toEqual([
      ['a', '1'],
      ['b', '1'],
    ])
    await expect(
      crawl(store, catalog, 'db', { ...options, includePath: 'transformed/a/', tableLevel: 1 }),
    ).rejects.toThrow(
      /table level 1 is above the include path transformed\/a\/ \(level 2 in .*\); choose 2 or more/,
    )
  })

  it('stops at a corrupt Parquet file with one line, writing nothing', async () => {
    const { store, catalog, dir } = await tempLake('crawl')
    await store.put(part('tracks', 'snapshot_date=2026-11-20'), await writeParquet(V1, [ROW]))
    await crawl(store, catalog, 'db', options)
    const before = await getText(store, '_catalog/db/tracks.json')
    await store.put(part('tracks', 'snapshot_date=2026-11-21'), await writeParquet(V1, [ROW]))
    await store.put(part('broken', 'snapshot_date=2026-11-20'), 'PAR1 then nothing a footer needs')
    await expect(crawl(store, catalog, 'db', options)).rejects.toThrow(
      new RegExp(
        `^${dir}/transformed/broken/snapshot_date=2026-11-20/part-00000.parquet is not a readable Parquet file \\(.*\\); remove or replace it and crawl again$`,
      ),
    )
    expect(await getText(store, '_catalog/db/tracks.json')).toBe(before)
    expect(await catalog.listTables('db')).toEqual(['tracks'])
  })

  it('says so when a catalog document was edited into invalid JSON, and leaves it as it is', async () => {
    const { store, catalog } = await tempLake('crawl')
    await store.put(part('tracks', 'snapshot_date=2026-11-20'), await writeParquet(V1, [ROW]))
    await store.put('_catalog/db/tracks.json', '{"version": 1,')
    await expect(crawl(store, catalog, 'db', options)).rejects.toThrow(
      /_catalog\/db\/tracks.json .* is invalid .* run tunelake crawl/,
    )
    expect(await getText(store, '_catalog/db/tracks.json')).toBe('{"version": 1,')
  })
})
