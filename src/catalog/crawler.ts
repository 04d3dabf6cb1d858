import { lakeUri } from '../lake/lake-uri.js'
import { TRANSFORMED_PREFIX } from '../lake/layout.js'
import { listAll, type ObjectInfo, type ObjectStore } from '../lake/object-store.js'
import type { Catalog, CatalogTable } from './catalog.js'
import { CrawlFileInvalidError } from './errors.js'
import type { GlueColumn, GluePartitionInput, GlueStorageDescriptor, GlueTableInput } from './glue-shapes.js'
import { PARQUET_FORMAT } from './glue-shapes.js'
import { readParquetFooter } from './parquet-footer.js'
import { widenType } from './type-widening.js'

export interface CrawlReport {
  tablesCreated: string[]
  tablesUpdated: string[]
  partitionsAdded: number
  columnsAdded: string[]
  columnsWidened: string[]
}

interface PartitionScan {
  values: string[]
  folder: string
  columns: GlueColumn[]
  rows: number
  bytes: number
  objects: number
}

/**
 * Crawls `transformed/` the way a Glue crawler configured with `CombineCompatibleSchemas`
 * and one table per folder does: each folder under `transformed/` is a table, `key=value`
 * folders below it are string partition keys (other folders `partition_0..N`), the schema
 * comes from the Parquet footers and differing types widen by the stated lattice.
 * Writes Glue TableInput and PartitionInput documents through the catalog port.
 */
export async function crawl(store: ObjectStore, catalog: Catalog, database: string): Promise<CrawlReport> {
  const report: CrawlReport = {
    tablesCreated: [],
    tablesUpdated: [],
    partitionsAdded: 0,
    columnsAdded: [],
    columnsWidened: [],
  }
  const byTable = new Map<string, ObjectInfo[]>()
  for (const object of await listAll(store, TRANSFORMED_PREFIX)) {
    const rest = object.key.slice(TRANSFORMED_PREFIX.length).split('/')
    if (rest.length < 2 || rest.some((part) => part.startsWith('_') || part.startsWith('.'))) continue
    if (!object.key.endsWith('.parquet')) continue
    const table = rest[0]!
    byTable.set(table, [...(byTable.get(table) ?? []), object])
  }
  for (const [name, objects] of [...byTable].sort(([a], [b]) => a.localeCompare(b))) {
    const partitions = await scanPartitions(store, name, objects)
    await writeTable(store, catalog, database, name, partitions, report)
  }
  return report
}

async function scanPartitions(
  store: ObjectStore,
  table: string,
  objects: ObjectInfo[],
): Promise<PartitionScan[]> {
  const byFolder = new Map<string, PartitionScan>()
  for (const object of objects) {
    const folder = object.key.slice(0, object.key.lastIndexOf('/') + 1)
    let footer: ReturnType<typeof readParquetFooter>
    try {
      footer = readParquetFooter(await store.get(object.key))
    } catch (error) {
      throw new CrawlFileInvalidError(
        `${object.key} in ${store.location} is not a readable Parquet file (${(error as Error).message}); remove or replace it and crawl again`,
      )
    }
    const scan = byFolder.get(folder)
    if (scan) {
      scan.columns = mergeColumns(scan.columns, footer.columns).columns
      scan.rows += footer.rows
      scan.bytes += object.size
      scan.objects++
    } else {
      const levels = folder.slice(`${TRANSFORMED_PREFIX}${table}/`.length).split('/').filter(Boolean)
      byFolder.set(folder, {
        values: levels.map((level) => (level.includes('=') ? level.slice(level.indexOf('=') + 1) : level)),
        folder,
        columns: footer.columns,
        rows: footer.rows,
        bytes: object.size,
        objects: 1,
      })
    }
  }
  return [...byFolder.values()].sort((a, b) => a.folder.localeCompare(b.folder))
}

async function writeTable(
  store: ObjectStore,
  catalog: Catalog,
  database: string,
  name: string,
  partitions: PartitionScan[],
  report: CrawlReport,
): Promise<void> {
  const first = partitions[0]!
  const levels = first.folder.slice(`${TRANSFORMED_PREFIX}${name}/`.length).split('/').filter(Boolean)
  const partitionKeys = levels.map((level, i) => ({
    Name: level.includes('=') ? level.slice(0, level.indexOf('=')).toLowerCase() : `partition_${i}`,
    Type: 'string',
  }))
  const existing = await catalog.getTable(database, name)
  let columns = existing?.table.StorageDescriptor.Columns ?? []
  const changes: string[] = []
  for (const partition of partitions) {
    const merged = mergeColumns(columns, partition.columns)
    columns = merged.columns
    for (const added of merged.added) changes.push(`added column ${added}`)
    for (const widened of merged.widened) changes.push(`widened column ${widened}`)
  }
  const rows = partitions.reduce((sum, p) => sum + p.rows, 0)
  const bytes = partitions.reduce((sum, p) => sum + p.bytes, 0)
  const objects = partitions.reduce((sum, p) => sum + p.objects, 0)
  const stats = {
    recordCount: String(rows),
    objectCount: String(objects),
    sizeKey: String(bytes),
    averageRecordSize: String(rows > 0 ? Math.round(bytes / rows) : 0),
  }
  const table: GlueTableInput = {
    Name: name,
    Owner: 'owner',
    Retention: 0,
    TableType: 'EXTERNAL_TABLE',
    PartitionKeys: partitionKeys,
    StorageDescriptor: storageDescriptor(lakeUri(store, `${TRANSFORMED_PREFIX}${name}/`), columns, stats),
    Parameters: { ...crawlerParameters(), ...stats },
  }
  const partitionInputs: GluePartitionInput[] = partitions.map((p) => ({
    Values: p.values,
    StorageDescriptor: storageDescriptor(lakeUri(store, p.folder), p.columns, {
      recordCount: String(p.rows),
      objectCount: String(p.objects),
      sizeKey: String(p.bytes),
    }),
    Parameters: crawlerParameters(),
  }))
  const known = new Set((existing?.partitions ?? []).map((p) => p.Values.join('/')))
  report.partitionsAdded += partitionInputs.filter((p) => !known.has(p.Values.join('/'))).length
  const schemaChanged =
    !existing ||
    changes.length > 0 ||
    JSON.stringify(existing.table.PartitionKeys) !== JSON.stringify(partitionKeys)
  const version = existing ? existing.version + (schemaChanged ? 1 : 0) : 1
  const history = [...(existing?.history ?? [])]
  if (schemaChanged) {
    history.push({ version, at: new Date().toISOString(), changes: existing ? changes : ['created'] })
  }
  const doc: CatalogTable = { version, table, partitions: partitionInputs, history }
  if (!existing) report.tablesCreated.push(name)
  else if (
    JSON.stringify(existing.table) !== JSON.stringify(table) ||
    existing.partitions.length !== partitionInputs.length
  ) {
    report.tablesUpdated.push(name)
  }
  if (existing) {
    report.columnsAdded.push(
      ...changes.filter((c) => c.startsWith('added')).map((c) => `${name}.${c.slice(13)}`),
    )
    report.columnsWidened.push(
      ...changes.filter((c) => c.startsWith('widened')).map((c) => `${name}.${c.slice(15)}`),
    )
  }
  await catalog.putTable(database, doc)
}

function mergeColumns(
  base: readonly GlueColumn[],
  next: readonly GlueColumn[],
): { columns: GlueColumn[]; added: string[]; widened: string[] } {
  const columns = base.map((c) => ({ ...c }))
  const added: string[] = []
  const widened: string[] = []
  for (const column of next) {
    const current = columns.find((c) => c.Name === column.Name)
    if (!current) {
      columns.push({ ...column })
      added.push(`${column.Name} ${column.Type}`)
    } else if (current.Type !== column.Type) {
      const type = widenType(current.Type, column.Type)
      if (type !== current.Type) widened.push(`${column.Name} ${current.Type} -> ${type}`)
      current.Type = type
    }
  }
  return { columns, added, widened }
}

function crawlerParameters(): Record<string, string> {
  return {
    classification: 'parquet',
    compressionType: 'none',
    typeOfData: 'file',
    CrawlerSchemaDeserializerVersion: '1.0',
    CrawlerSchemaSerializerVersion: '1.0',
    UPDATED_BY_CRAWLER: 'tunelake',
  }
}

function storageDescriptor(
  location: string,
  columns: GlueColumn[],
  stats: Record<string, string>,
): GlueStorageDescriptor {
  return {
    Columns: columns,
    Location: location,
    InputFormat: PARQUET_FORMAT.InputFormat,
    OutputFormat: PARQUET_FORMAT.OutputFormat,
    Compressed: false,
    NumberOfBuckets: -1,
    SerdeInfo: {
      SerializationLibrary: PARQUET_FORMAT.SerdeInfo.SerializationLibrary,
      Parameters: { ...PARQUET_FORMAT.SerdeInfo.Parameters },
    },
    BucketColumns: [],
    SortColumns: [],
    Parameters: { ...crawlerParameters(), ...stats },
    StoredAsSubDirectories: false,
  }
}
