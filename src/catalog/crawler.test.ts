import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { tempLake } from '../../test/support/temp-lake.js'
import { writeParquet } from '../lake/parquet/parquet-writer.js'
import type { TableSpec } from '../transform/table-specs.js'
import { crawl } from './crawler.js'

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

describe('crawler', () => {
  it('writes a Glue TableInput with string partition keys and crawler parameters', async () => {
    const { store, catalog, dir } = await tempLake('crawl')
    const part = await writeParquet(V1, [ROW])
    await store.put('transformed/tracks/snapshot_date=2026-11-20/part-00000.parquet', part)
    await store.put('transformed/tracks/snapshot_date=2026-11-21/part-00000.parquet', part)
    const report = await crawl(store, catalog, 'db')
    expect(report).toMatchObject({ tablesCreated: ['tracks'], partitionsAdded: 2 })
    const doc = await catalog.getTable('db', 'tracks')
    const root = `${pathToFileURL(dir).href}/transformed/tracks/`
    expect(doc?.version).toBe(1)
    expect(doc?.table).toEqual({
      Name: 'tracks',
      Owner: 'owner',
      Retention: 0,
      TableType: 'EXTERNAL_TABLE',
      PartitionKeys: [{ Name: 'snapshot_date', Type: 'string' }],
      StorageDescriptor: {
        Columns: [
          { Name: 'id', Type: 'string' },
          { Name: 'plays', Type: 'int' },
          { Name: 'released', Type: 'date' },
          { Name: 'added_at', Type: 'timestamp' },
          { Name: 'genres', Type: 'array<string>' },
          { Name: 'explicit', Type: 'boolean' },
        ],
        Location: root,
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
        Parameters: expect.objectContaining({
          classification: 'parquet',
          recordCount: '2',
          objectCount: '2',
        }),
        StoredAsSubDirectories: false,
      },
      Parameters: expect.objectContaining({
        classification: 'parquet',
        compressionType: 'none',
        typeOfData: 'file',
        CrawlerSchemaDeserializerVersion: '1.0',
        recordCount: '2',
      }),
    })
    expect(doc?.partitions.map((p) => [p.Values, p.StorageDescriptor.Location])).toEqual([
      [['2026-11-20'], `${root}snapshot_date=2026-11-20/`],
      [['2026-11-21'], `${root}snapshot_date=2026-11-21/`],
    ])
  })

  it('adds new columns and widens types in a new version, keeping old partitions', async () => {
    const { store, catalog } = await tempLake('crawl')
    await store.put(
      'transformed/tracks/snapshot_date=2026-11-20/part-00000.parquet',
      await writeParquet(V1, [ROW]),
    )
    await crawl(store, catalog, 'db')
    await store.put(
      'transformed/tracks/snapshot_date=2026-11-21/part-00000.parquet',
      await writeParquet(V2, [{ ...ROW, isrc: 'QZ1' }]),
    )
    const report = await crawl(store, catalog, 'db')
    expect(report).toMatchObject({
      tablesUpdated: ['tracks'],
      partitionsAdded: 1,
      columnsAdded: ['tracks.isrc string'],
      columnsWidened: ['tracks.plays int -> bigint'],
    })
    const doc = await catalog.getTable('db', 'tracks')
    expect(doc?.version).toBe(2)
    expect(doc?.table.StorageDescriptor.Columns.find((c) => c.Name === 'plays')?.Type).toBe('bigint')
    expect(doc?.partitions[0]?.StorageDescriptor.Columns.find((c) => c.Name === 'plays')?.Type).toBe('int')
    expect(doc?.history.map((h) => h.changes)).toEqual([
      ['created'],
      ['added column isrc string', 'widened column plays int -> bigint'],
    ])
  })

  it('names non-Hive folders partition_0 and refuses a corrupt Parquet file clearly', async () => {
    const { store, catalog } = await tempLake('crawl')
    await store.put('transformed/events/2026/11/part.parquet', await writeParquet(V1, [ROW]))
    await crawl(store, catalog, 'db')
    expect((await catalog.getTable('db', 'events'))?.table.PartitionKeys).toEqual([
      { Name: 'partition_0', Type: 'string' },
      { Name: 'partition_1', Type: 'string' },
    ])
    await store.put('transformed/broken/snapshot_date=2026-11-20/part.parquet', 'not parquet at all')
    await expect(crawl(store, catalog, 'db')).rejects.toThrow(
      /broken\/snapshot_date=2026-11-20\/part.parquet .* is not a readable Parquet file/,
    )
  })

  it('says so when a catalog document was edited into invalid JSON', async () => {
    const { store, catalog } = await tempLake('crawl')
    await store.put('_catalog/db/tracks.json', '{"version": 1,')
    await expect(catalog.getTable('db', 'tracks')).rejects.toThrow(
      /_catalog\/db\/tracks.json .* is invalid .* run tunelake crawl/,
    )
  })
})
