import { describe, expect } from 'vitest'
import type { Catalog, CatalogTable } from '../../src/catalog/catalog.js'
import type { GluePartitionInput, GlueStorageDescriptor } from '../../src/catalog/glue-shapes.js'
import { contractCases, type Unsupported } from './declared-cases.js'

/** One catalog adapter, fresh and empty, on a place of its own. */
export interface CatalogSubject {
  /** The adapter under test. */
  catalog: Catalog
  /** The location of a lake key as this catalog's tables point to it (`file:///...`, `s3://...`). */
  location(key: string): string
  /** Another adapter on the same place, as another process opens it. */
  reopen(): Catalog
  /**
   * For an adapter that only reads: the catalog the cases write to, and a wait until a write
   * shows through the adapter.
   */
  source?: { catalog: Catalog; settle(): Promise<void> }
}

const DB = 'tunelake'

function descriptor(
  location: string,
  columns = [{ Name: 'track_id', Type: 'string' }],
): GlueStorageDescriptor {
  return {
    Columns: columns,
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
  }
}

/** A crawler-shaped table document with a partition per value, in the order given. */
function tableDoc(
  subject: CatalogSubject,
  name: string,
  values: readonly string[],
  options: { version?: number; columns?: GlueStorageDescriptor['Columns']; history?: string[] } = {},
): CatalogTable {
  const root = `transformed/${name}/`
  const partition = (value: string): GluePartitionInput => ({
    Values: [value],
    StorageDescriptor: descriptor(subject.location(`${root}snapshot_date=${value}/`), options.columns),
    Parameters: { classification: 'parquet', recordCount: '2' },
  })
  const version = options.version ?? 1
  return {
    version,
    table: {
      Name: name,
      Description: `the ${name} table`,
      Owner: 'owner',
      Retention: 0,
      TableType: 'EXTERNAL_TABLE',
      PartitionKeys: [{ Name: 'snapshot_date', Type: 'string' }],
      StorageDescriptor: descriptor(subject.location(root), options.columns),
      Parameters: { classification: 'parquet', UPDATED_BY_CRAWLER: 'tunelake', owner_note: 'kept' },
    },
    partitions: values.map(partition),
    history: (options.history ?? ['created']).map((change, i) => ({
      version: i + 1,
      at: '2026-11-23T06:00:00.000Z',
      changes: [change],
    })),
  }
}

const days = (n: number, from = Date.UTC(2026, 0, 1)) =>
  Array.from({ length: n }, (_, i) => new Date(from + i * 86_400_000).toISOString().slice(0, 10))

/**
 * What every Catalog adapter must do for the crawler, the query engine and the dashboard,
 * run once per adapter: local documents in a folder and on S3, Glue, the dashboard's cache.
 */
export function catalogContract(
  name: string,
  open: () => Promise<CatalogSubject>,
  options: { unsupported?: Unsupported[] } = {},
): void {
  describe(`Catalog contract: ${name}`, () => {
    const cases = contractCases(options.unsupported)
    /** Writes through the source of a read-only adapter, else the adapter, then waits for it to show. */
    const write = async (subject: CatalogSubject, doc: CatalogTable, database = DB) => {
      await writeQuietly(subject, doc, database)
      await subject.source?.settle()
    }
    const writeQuietly = (subject: CatalogSubject, doc: CatalogTable, database = DB) =>
      (subject.source?.catalog ?? subject.catalog).putTable(database, doc)

    cases.it('lists no tables and reads a missing table as undefined when empty', async () => {
      const { catalog } = await open()
      expect(await catalog.listTables(DB)).toEqual([])
      expect(await catalog.getTable(DB, 'tracks')).toBeUndefined()
    })

    cases.it('reads back a written table: its definition, its partitions in order, its version', async () => {
      const subject = await open()
      const doc = tableDoc(subject, 'tracks', ['2026-11-20', '2026-11-21', '2026-11-22'])
      await write(subject, doc)
      const read = await subject.catalog.getTable(DB, 'tracks')
      expect(read?.table).toEqual(doc.table)
      expect(read?.partitions).toEqual(doc.partitions)
      expect(read?.version).toBe(1)
      expect(await subject.catalog.listTables(DB)).toEqual(['tracks'])
    })

    cases.it('keeps the version of an unchanged definition and raises it for a changed one', async () => {
      const subject = await open()
      await write(subject, tableDoc(subject, 'tracks', ['2026-11-20']))
      await write(subject, tableDoc(subject, 'tracks', ['2026-11-20', '2026-11-21']))
      expect((await subject.catalog.getTable(DB, 'tracks'))?.version).toBe(1)
      const widened = [
        { Name: 'track_id', Type: 'string' },
        { Name: 'popularity', Type: 'bigint' },
      ]
      await write(subject, tableDoc(subject, 'tracks', ['2026-11-20'], { version: 2, columns: widened }))
      const read = await subject.catalog.getTable(DB, 'tracks')
      expect(read?.version).toBe(2)
      expect(read?.table.StorageDescriptor.Columns).toEqual(widened)
    })

    cases.it('keeps the schema history it was given', async () => {
      const subject = await open()
      const doc = tableDoc(subject, 'tracks', ['2026-11-20'], {
        version: 2,
        history: ['created', 'popularity bigint added'],
      })
      await write(subject, doc)
      expect((await subject.catalog.getTable(DB, 'tracks'))?.history).toEqual(doc.history)
    })

    cases.it(
      'replaces the partitions on a rewrite: new ones added, changed ones rewritten, others dropped',
      async () => {
        const subject = await open()
        await write(subject, tableDoc(subject, 'tracks', ['2026-11-20', '2026-11-21', '2026-11-22']))
        const next = tableDoc(subject, 'tracks', ['2026-11-21', '2026-11-22', '2026-11-23'])
        next.partitions[0]!.Parameters = { classification: 'parquet', recordCount: '5' }
        await write(subject, next)
        expect((await subject.catalog.getTable(DB, 'tracks'))?.partitions).toEqual(next.partitions)
      },
    )

    cases.it('holds hundreds of partitions, and drops most of them again', async () => {
      const subject = await open()
      const all = days(250)
      await write(subject, tableDoc(subject, 'tracks', all))
      expect((await subject.catalog.getTable(DB, 'tracks'))?.partitions.map((p) => p.Values[0])).toEqual(all)
      await write(subject, tableDoc(subject, 'tracks', all.slice(200)))
      expect((await subject.catalog.getTable(DB, 'tracks'))?.partitions.map((p) => p.Values[0])).toEqual(
        all.slice(200),
      )
    })

    cases.it('round-trips partition values with spaces, an ampersand, = and unicode', async () => {
      const subject = await open()
      const doc = tableDoc(subject, 'genres', ['Rock & Roll', 'a=b', 'Sœur Ōkami'].sort())
      await write(subject, doc)
      expect((await subject.catalog.getTable(DB, 'genres'))?.partitions).toEqual(doc.partitions)
    })

    cases.it('lists the tables of one database only, by name, past a page of them', async () => {
      const subject = await open()
      const names = Array.from({ length: 105 }, (_, i) => `t_${String(i).padStart(3, '0')}`)
      for (const table of [...names].reverse()) await writeQuietly(subject, tableDoc(subject, table, []))
      await write(subject, tableDoc(subject, 'elsewhere', []), 'other_db')
      expect(await subject.catalog.listTables(DB)).toEqual(names)
      expect(await subject.catalog.listTables('other_db')).toEqual(['elsewhere'])
      expect(await subject.catalog.getTable('other_db', 't_000')).toBeUndefined()
    })

    cases.it('shows what one process wrote to another opened on the same place', async () => {
      const subject = await open()
      const doc = tableDoc(subject, 'tracks', ['2026-11-20'])
      await write(subject, doc)
      const other = subject.reopen()
      expect(await other.listTables(DB)).toEqual(['tracks'])
      expect((await other.getTable(DB, 'tracks'))?.partitions).toEqual(doc.partitions)
    })

    cases.it('writes through the adapter itself, and deletes a table with its partitions', async () => {
      const subject = await open()
      const { catalog } = subject
      await catalog.putTable(DB, tableDoc(subject, 'tracks', ['2026-11-20']))
      await catalog.putTable(DB, tableDoc(subject, 'albums', ['2026-11-20']))
      if (!catalog.deleteTable) throw new Error('this catalog cannot delete tables')
      await catalog.deleteTable(DB, 'tracks')
      await catalog.deleteTable(DB, 'never-there')
      expect(await catalog.listTables(DB)).toEqual(['albums'])
      expect(await catalog.getTable(DB, 'tracks')).toBeUndefined()
      await catalog.putTable(DB, tableDoc(subject, 'tracks', []))
      expect((await catalog.getTable(DB, 'tracks'))?.partitions).toEqual([])
    })

    cases.done()
  })
}
