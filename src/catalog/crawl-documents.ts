import type { FileFormat, PlannedPartition, PlannedTable } from './crawl-plan.js'
import type { GlueColumn, GluePartitionInput, GlueStorageDescriptor, GlueTableInput } from './glue-shapes.js'
import { JSON_SERDE, LAZY_SIMPLE_SERDE, OPEN_CSV_SERDE, PARQUET_FORMAT, TEXT_FORMAT } from './glue-shapes.js'
import { widenType } from './type-widening.js'

/** A partition as the crawl read it: its Glue document and its own (merged) columns. */
export interface ScannedPartition {
  input: GluePartitionInput
  folder: string
}

/** Columns of several files or partitions merged by name: first seen order, types widened. */
export function mergeColumns(
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

function partitionColumns(partition: PlannedPartition): GlueColumn[] {
  return partition.files.reduce<GlueColumn[]>((acc, f) => mergeColumns(acc, f.classified.columns).columns, [])
}

function stats(partitions: readonly PlannedPartition[]): Record<string, string> {
  const files = partitions.flatMap((p) => p.files)
  const records = files.reduce((n, f) => n + f.classified.records, 0)
  const bytes = files.reduce((n, f) => n + f.info.size, 0)
  return {
    averageRecordSize: String(records > 0 ? Math.round(bytes / records) : 0),
    objectCount: String(files.length),
    recordCount: String(records),
    sizeKey: String(bytes),
  }
}

/** The parameters a Glue crawler sets on what it writes, by format. */
export function crawlerParameters(format: FileFormat, crawler: string): Record<string, string> {
  const common = {
    CrawlerSchemaDeserializerVersion: '1.0',
    CrawlerSchemaSerializerVersion: '1.0',
    UPDATED_BY_CRAWLER: crawler,
    classification: format.classification,
    compressionType: format.compressionType,
    typeOfData: 'file',
  }
  if (format.classification !== 'csv') return common
  return {
    ...common,
    areColumnsQuoted: String(format.quoted === true),
    columnsOrdered: 'true',
    delimiter: format.delimiter ?? ',',
    ...(format.header ? { 'skip.header.line.count': '1' } : {}),
  }
}

function serde(format: FileFormat, columns: readonly GlueColumn[]): GlueStorageDescriptor['SerdeInfo'] {
  if (format.classification === 'parquet') {
    return {
      SerializationLibrary: PARQUET_FORMAT.SerdeInfo.SerializationLibrary,
      Parameters: { 'serialization.format': '1' },
    }
  }
  if (format.classification === 'json') {
    return {
      SerializationLibrary: JSON_SERDE,
      Parameters: {
        paths: columns
          .map((c) => c.Name)
          .sort()
          .join(','),
      },
    }
  }
  if (format.quoted) {
    return {
      SerializationLibrary: OPEN_CSV_SERDE,
      Parameters: { escapeChar: '\\', quoteChar: '"', separatorChar: format.delimiter ?? ',' },
    }
  }
  return { SerializationLibrary: LAZY_SIMPLE_SERDE, Parameters: { 'field.delim': format.delimiter ?? ',' } }
}

function storageDescriptor(
  format: FileFormat,
  location: string,
  columns: GlueColumn[],
  parameters: Record<string, string>,
): GlueStorageDescriptor {
  const formats = format.classification === 'parquet' ? PARQUET_FORMAT : TEXT_FORMAT
  return {
    Columns: columns,
    Location: location,
    InputFormat: formats.InputFormat,
    OutputFormat: formats.OutputFormat,
    Compressed: format.compressionType !== 'none',
    NumberOfBuckets: -1,
    SerdeInfo: serde(format, columns),
    BucketColumns: [],
    SortColumns: [],
    Parameters: parameters,
    StoredAsSubDirectories: false,
  }
}

/**
 * The Glue `TableInput` and `PartitionInput` documents for a planned table, shaped as a crawler
 * writes them: string partition keys, per-partition storage descriptors with their own columns,
 * crawler parameters and statistics on the table, its descriptor and each partition.
 * The table's columns combine all partitions' (CombineCompatibleSchemas).
 */
export function tableDocuments(
  table: PlannedTable,
  uriOf: (key: string) => string,
  crawler: string,
): { table: GlueTableInput; partitions: ScannedPartition[] } {
  const parameters = crawlerParameters(table.format, crawler)
  const partitions = table.partitions.map((p) => {
    const columns = partitionColumns(p)
    const params = { ...parameters, ...stats([p]) }
    return {
      folder: p.folder,
      input: {
        Values: p.values,
        StorageDescriptor: storageDescriptor(table.format, uriOf(p.folder), columns, params),
        Parameters: params,
      },
    }
  })
  const columns = partitions.reduce<GlueColumn[]>(
    (acc, p) => mergeColumns(acc, p.input.StorageDescriptor.Columns).columns,
    [],
  )
  const tableParams = { ...parameters, ...stats(table.partitions) }
  return {
    table: {
      Name: table.name,
      Owner: 'owner',
      Retention: 0,
      TableType: 'EXTERNAL_TABLE',
      PartitionKeys: table.partitionKeys.map((Name) => ({ Name, Type: 'string' })),
      StorageDescriptor: storageDescriptor(table.format, uriOf(table.root), columns, tableParams),
      Parameters: tableParams,
    },
    partitions,
  }
}
