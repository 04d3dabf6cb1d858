import { pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../test/support/manual-clock.js'
import { tempLake } from '../../test/support/temp-lake.js'
import { writeParquet } from '../lake/parquet/parquet-writer.js'
import { crawl } from './crawler.js'

const NOW = new Date('2026-11-23T06:30:00.000Z')
const options = { clock: new ManualClock(NOW.getTime()) }
const TEXT = {
  InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
  NumberOfBuckets: -1,
  BucketColumns: [],
  SortColumns: [],
  StoredAsSubDirectories: false,
}
const BASE = {
  CrawlerSchemaDeserializerVersion: '1.0',
  CrawlerSchemaSerializerVersion: '1.0',
  UPDATED_BY_CRAWLER: 'tunelake',
  typeOfData: 'file',
}
const stats = (records: number, bytes: number, objects = 1) => ({
  averageRecordSize: String(Math.round(bytes / records)),
  objectCount: String(objects),
  recordCount: String(records),
  sizeKey: String(bytes),
})

describe('crawl: a user’s CSV, JSON and gzip folders under transformed/', () => {
  it('makes a CSV table with a header exactly as Glue does', async () => {
    const { store, catalog, dir } = await tempLake('crawl-csv')
    const csv = 'day,plays,share,top\n2026-11-20,3,0.5,true\n2026-11-21,4,1,false\n'
    await store.put('transformed/listening/region=eu/plays.csv', csv)
    await crawl(store, catalog, 'db', options)
    const params = {
      ...BASE,
      classification: 'csv',
      compressionType: 'none',
      areColumnsQuoted: 'false',
      columnsOrdered: 'true',
      delimiter: ',',
      'skip.header.line.count': '1',
      ...stats(2, csv.length),
    }
    const columns = [
      { Name: 'day', Type: 'string' },
      { Name: 'plays', Type: 'bigint' },
      { Name: 'share', Type: 'double' },
      { Name: 'top', Type: 'boolean' },
    ]
    const root = `${pathToFileURL(dir).href}/transformed/listening/`
    expect(await catalog.getTable('db', 'listening')).toEqual({
      version: 1,
      table: {
        Name: 'listening',
        Owner: 'owner',
        Retention: 0,
        TableType: 'EXTERNAL_TABLE',
        PartitionKeys: [{ Name: 'region', Type: 'string' }],
        StorageDescriptor: {
          Columns: columns,
          Location: root,
          ...TEXT,
          Compressed: false,
          SerdeInfo: {
            SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
            Parameters: { 'field.delim': ',' },
          },
          Parameters: params,
        },
        Parameters: params,
      },
      partitions: [
        {
          Values: ['eu'],
          StorageDescriptor: {
            Columns: columns,
            Location: `${root}region=eu/`,
            ...TEXT,
            Compressed: false,
            SerdeInfo: {
              SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
              Parameters: { 'field.delim': ',' },
            },
            Parameters: params,
          },
          Parameters: params,
        },
      ],
      history: [{ version: 1, at: NOW.toISOString(), changes: ['created'] }],
    })
  })

  it('gives an all-string CSV no header (col0..), and quoted CSV the OpenCSVSerde', async () => {
    const { store, catalog } = await tempLake('crawl-csv')
    await store.put('transformed/cities/all.csv', 'city,country\nOslo,Norway\nLima,Peru\n')
    await store.put('transformed/people/p.csv', 'name|age\n"Smith | J."|40\n"O""Neil"|31\n')
    await crawl(store, catalog, 'db', options)
    const cities = await catalog.getTable('db', 'cities')
    expect(cities?.table.StorageDescriptor.Columns).toEqual([
      { Name: 'col0', Type: 'string' },
      { Name: 'col1', Type: 'string' },
    ])
    expect(cities?.table.Parameters['skip.header.line.count']).toBeUndefined()
    expect(cities?.table.Parameters.recordCount).toBe('3')
    const people = await catalog.getTable('db', 'people')
    expect(people?.table.StorageDescriptor.SerdeInfo).toEqual({
      SerializationLibrary: 'org.apache.hadoop.hive.serde2.OpenCSVSerde',
      Parameters: { escapeChar: '\\', quoteChar: '"', separatorChar: '|' },
    })
    expect(people?.table.Parameters).toMatchObject({
      areColumnsQuoted: 'true',
      delimiter: '|',
      'skip.header.line.count': '1',
    })
    expect(people?.table.PartitionKeys).toEqual([])
  })

  it('makes a JSON-lines table from gzip files, with nested types and widened columns', async () => {
    const { store, catalog } = await tempLake('crawl-json')
    const lines = [
      { id: 1, user: { name: 'ada', tags: ['x'] }, score: 1 },
      { id: 2, user: { name: 'bob', age: 31 }, score: 2.5, extra: null },
      { id: 3_000_000_000, user: null, score: 3 },
    ]
    const text = `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`
    const gz = gzipSync(text)
    await store.put('transformed/events/dt=2026-11-20/part-1.json.gz', gz)
    await crawl(store, catalog, 'db', options)
    const doc = await catalog.getTable('db', 'events')
    expect(doc?.table.StorageDescriptor.Columns).toEqual([
      { Name: 'id', Type: 'bigint' },
      { Name: 'user', Type: 'struct<name:string,tags:array<string>,age:int>' },
      { Name: 'score', Type: 'double' },
      { Name: 'extra', Type: 'string' },
    ])
    expect(doc?.table.StorageDescriptor).toMatchObject({
      ...TEXT,
      Compressed: true,
      SerdeInfo: {
        SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
        Parameters: { paths: 'extra,id,score,user' },
      },
    })
    expect(doc?.table.Parameters).toEqual({
      ...BASE,
      classification: 'json',
      compressionType: 'gzip',
      ...stats(3, gz.byteLength),
    })
  })

  it('skips what no classifier knows, empty and hidden files, and files a table’s format does not share', async () => {
    const { store, catalog } = await tempLake('crawl-mixed')
    const parquet = await writeParquet({ columns: [{ name: 'id', type: 'VARCHAR' }] }, [{ id: 'a' }])
    await store.put('transformed/mixed/d=1/a.parquet', parquet)
    await store.put('transformed/mixed/d=2/b.parquet', parquet)
    await store.put('transformed/mixed/d=3/c.csv', 'a,b\n1,2\n3,4\n')
    await store.put('transformed/mixed/d=4/notes.txt', 'just some words')
    await store.put('transformed/mixed/d=4/empty.csv', '')
    await store.put('transformed/mixed/_temporary/x.csv', 'a,b\n1,2\n3,4\n')
    const report = await crawl(store, catalog, 'db', options)
    expect(report.skipped).toEqual([
      {
        key: 'transformed/mixed/d=3/c.csv',
        reason:
          'not compatible with table folder transformed/mixed/ (csv delimited by ",", uncompressed, 1 partition level(s) among parquet, uncompressed, 1 partition level(s))',
      },
      { key: 'transformed/mixed/d=4/empty.csv', reason: 'empty file' },
      {
        key: 'transformed/mixed/d=4/notes.txt',
        reason: 'no classifier recognised it (not Parquet, JSON or CSV with two or more columns and rows)',
      },
    ])
    expect((await catalog.getTable('db', 'mixed'))?.partitions.map((p) => p.Values)).toEqual([['1'], ['2']])
  })
})
