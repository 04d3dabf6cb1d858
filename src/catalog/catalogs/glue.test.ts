import {
  AccessDeniedException,
  BatchCreatePartitionCommand,
  BatchDeletePartitionCommand,
  BatchUpdatePartitionCommand,
  CreateDatabaseCommand,
  CreateTableCommand,
  EntityNotFoundException,
  GetDatabaseCommand,
  GetPartitionsCommand,
  GetTableCommand,
  GetTablesCommand,
  GlueClient,
  type PartitionInput,
  UpdateTableCommand,
} from '@aws-sdk/client-glue'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../../test/support/manual-clock.js'
import type { CatalogTable } from '../catalog.js'
import type { GlueStorageDescriptor } from '../glue-shapes.js'
import { GlueCatalog } from './glue.js'

const glue = mockClient(GlueClient)
const client = new GlueClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'k', secretAccessKey: 's' },
})
const noWait = { sleep: async () => {} }
const meta = { $metadata: { httpStatusCode: 400 } }

const sd = (location: string): GlueStorageDescriptor => ({
  Columns: [{ Name: 'id', Type: 'string' }],
  Location: location,
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
  Parameters: { classification: 'parquet' },
  StoredAsSubDirectories: false,
})
const partition = (day: string) => ({
  Values: [day],
  StorageDescriptor: sd(`s3://lake/transformed/tracks/snapshot_date=${day}/`),
  Parameters: { classification: 'parquet' },
})
const days = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
  )
const doc = (n: number): CatalogTable => ({
  version: 1,
  table: {
    Name: 'tracks',
    Owner: 'owner',
    Retention: 0,
    TableType: 'EXTERNAL_TABLE',
    PartitionKeys: [{ Name: 'snapshot_date', Type: 'string' }],
    StorageDescriptor: sd('s3://lake/transformed/tracks/'),
    Parameters: { classification: 'parquet', UPDATED_BY_CRAWLER: 'tunelake' },
  },
  partitions: days(n).map(partition),
  history: [],
})
const notFound = () => new EntityNotFoundException({ message: 'Entity Not Found', ...meta })

beforeEach(() => {
  glue.reset()
})

describe('GlueCatalog', () => {
  it('creates the database, the table and 250 partitions in batches of 100', async () => {
    glue.on(GetDatabaseCommand).rejects(notFound())
    glue.on(CreateDatabaseCommand).resolves({})
    glue.on(GetTableCommand).rejects(notFound())
    glue.on(CreateTableCommand).resolves({})
    glue.on(BatchCreatePartitionCommand).resolves({ Errors: [] })
    const wanted = doc(250)
    await new GlueCatalog(client, noWait).putTable('tunelake', wanted)
    expect(glue.commandCalls(CreateDatabaseCommand)[0]!.args[0].input).toEqual({
      DatabaseInput: { Name: 'tunelake' },
    })
    expect(glue.commandCalls(CreateTableCommand)[0]!.args[0].input).toEqual({
      DatabaseName: 'tunelake',
      TableInput: wanted.table,
    })
    const batches = glue.commandCalls(BatchCreatePartitionCommand).map((c) => c.args[0].input)
    expect(batches.map((b) => b.PartitionInputList?.length)).toEqual([100, 100, 50])
    expect(batches[0]).toMatchObject({ DatabaseName: 'tunelake', TableName: 'tracks' })
    expect(batches.flatMap((b) => b.PartitionInputList ?? [])).toEqual(wanted.partitions)
  })

  it('sends again only the entries that failed for a retryable reason, and updates those that exist', async () => {
    glue.on(GetDatabaseCommand).resolves({ Database: { Name: 'tunelake' } })
    glue.on(GetTableCommand).rejects(notFound())
    glue.on(CreateTableCommand).resolves({})
    glue
      .on(BatchCreatePartitionCommand)
      .resolvesOnce({
        Errors: [
          {
            PartitionValues: ['2026-01-02'],
            ErrorDetail: { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' },
          },
          {
            PartitionValues: ['2026-01-03'],
            ErrorDetail: { ErrorCode: 'AlreadyExistsException', ErrorMessage: 'exists' },
          },
        ],
      })
      .resolves({ Errors: [] })
    glue.on(BatchUpdatePartitionCommand).resolves({ Errors: [] })
    await new GlueCatalog(client, noWait).putTable('tunelake', doc(3))
    const creates = glue
      .commandCalls(BatchCreatePartitionCommand)
      .map((c) => c.args[0].input.PartitionInputList)
    expect(creates.map((list) => list?.map((p: PartitionInput) => p.Values?.[0]))).toEqual([
      ['2026-01-01', '2026-01-02', '2026-01-03'],
      ['2026-01-02'],
    ])
    expect(glue.commandCalls(BatchUpdatePartitionCommand)[0]!.args[0].input.Entries).toEqual([
      { PartitionValueList: ['2026-01-03'], PartitionInput: partition('2026-01-03') },
    ])
    expect(glue.commandCalls(CreateDatabaseCommand)).toHaveLength(0)
  })

  it('stops with one line on an entry no retry can mend, and after five throttled attempts', async () => {
    glue.on(GetDatabaseCommand).resolves({ Database: { Name: 'tunelake' } })
    glue.on(GetTableCommand).rejects(notFound())
    glue.on(CreateTableCommand).resolves({})
    glue.on(BatchCreatePartitionCommand).resolves({
      Errors: [
        {
          PartitionValues: ['2026-01-01'],
          ErrorDetail: { ErrorCode: 'InvalidInputException', ErrorMessage: 'bad location' },
        },
      ],
    })
    await expect(new GlueCatalog(client, noWait).putTable('tunelake', doc(1))).rejects.toThrow(
      /^Glue could not create partition \(2026-01-01\) of tunelake.tracks: InvalidInputException \(bad location\)$/,
    )
    glue.on(BatchCreatePartitionCommand).resolves({
      Errors: [{ PartitionValues: ['2026-01-01'], ErrorDetail: { ErrorCode: 'ThrottlingException' } }],
    })
    await expect(new GlueCatalog(client, noWait).putTable('tunelake', doc(1))).rejects.toThrow(
      /kept failing on 1 partition\(s\) after 5 attempts/,
    )
  })

  it('updates a changed table and partitions, and deletes gone partitions 25 at a time', async () => {
    const before = doc(30)
    glue.on(GetDatabaseCommand).resolves({ Database: { Name: 'tunelake' } })
    glue
      .on(GetTableCommand)
      .resolves({ Table: { ...before.table, DatabaseName: 'tunelake', VersionId: '3' } })
    glue.on(GetPartitionsCommand).resolves({ Partitions: before.partitions.slice(0, 20), NextToken: 'page2' })
    glue
      .on(GetPartitionsCommand, { NextToken: 'page2' })
      .resolves({ Partitions: before.partitions.slice(20) })
    glue.on(UpdateTableCommand).resolves({})
    glue.on(BatchUpdatePartitionCommand).resolves({})
    glue.on(BatchDeletePartitionCommand).resolves({ Errors: [] })
    glue.on(BatchCreatePartitionCommand).resolves({})
    const catalog = new GlueCatalog(client, noWait)
    expect((await catalog.getTable('tunelake', 'tracks'))?.version).toBe(4)
    const next = doc(1)
    next.table.StorageDescriptor.Columns.push({ Name: 'isrc', Type: 'string' })
    next.partitions[0]!.Parameters = { classification: 'parquet', recordCount: '5' }
    await catalog.putTable('tunelake', next)
    expect(glue.commandCalls(UpdateTableCommand)[0]!.args[0].input.TableInput).toEqual(next.table)
    expect(
      glue
        .commandCalls(BatchUpdatePartitionCommand)[0]!
        .args[0].input.Entries?.map((e) => e.PartitionValueList),
    ).toEqual([['2026-01-01']])
    const deletes = glue
      .commandCalls(BatchDeletePartitionCommand)
      .map((c) => c.args[0].input.PartitionsToDelete)
    expect(deletes.map((d) => d?.length)).toEqual([25, 4])
    expect(glue.commandCalls(BatchCreatePartitionCommand)).toHaveLength(0)
  })

  it('lists tables across pages, reads a missing table as undefined, and says when access is denied', async () => {
    glue
      .on(GetTablesCommand)
      .resolvesOnce({ TableList: [{ Name: 'tracks' }], NextToken: 't' })
      .resolves({ TableList: [{ Name: 'albums' }] })
    glue.on(GetTableCommand).rejects(notFound())
    const catalog = new GlueCatalog(client, noWait)
    expect(await catalog.listTables('tunelake')).toEqual(['albums', 'tracks'])
    expect(await catalog.getTable('tunelake', 'nope')).toBeUndefined()
    glue.on(GetTablesCommand).rejects(new AccessDeniedException({ message: 'not authorized', ...meta }))
    await expect(catalog.listTables('tunelake')).rejects.toThrow(
      /^Glue denied the request to list the tables of tunelake; allow glue:/,
    )
  })
})

describe('crawl into Glue', () => {
  it('writes through Glue exactly the documents the local catalog keeps', async () => {
    const { tempLake } = await import('../../../test/support/temp-lake.js')
    const { writeParquet } = await import('../../lake/parquet/parquet-writer.js')
    const { crawl } = await import('../crawler.js')
    const { store, catalog } = await tempLake('crawl-glue')
    const spec = { name: 'tracks' as const, key: ['id'], columns: [{ name: 'id', type: 'VARCHAR' as const }] }
    for (const day of ['2026-11-20', '2026-11-21']) {
      await store.put(
        `transformed/tracks/snapshot_date=${day}/part-00000.parquet`,
        await writeParquet(spec, [{ id: day }]),
      )
    }
    const clock = new ManualClock('2026-11-23T00:00:00.000Z')
    await crawl(store, catalog, 'tunelake', { clock })
    glue.on(GetTablesCommand).resolves({ TableList: [] })
    glue.on(GetDatabaseCommand).rejects(notFound())
    glue.on(CreateDatabaseCommand).resolves({})
    glue.on(GetTableCommand).rejects(notFound())
    glue.on(CreateTableCommand).resolves({})
    glue.on(BatchCreatePartitionCommand).resolves({})
    const report = await crawl(store, new GlueCatalog(client, noWait), 'tunelake', { clock })
    expect(report.tablesCreated).toEqual(['tracks'])
    const local = await catalog.getTable('tunelake', 'tracks')
    expect(glue.commandCalls(CreateTableCommand)[0]!.args[0].input.TableInput).toEqual(local?.table)
    expect(glue.commandCalls(BatchCreatePartitionCommand)[0]!.args[0].input.PartitionInputList).toEqual(
      local?.partitions,
    )
  })
})
