import type { CatalogTable } from './catalog.js'
import type { ScannedPartition } from './crawl-documents.js'
import type { CrawlerOptions, CrawlReport } from './crawl-options.js'
import type { GluePartitionInput, GlueTableInput } from './glue-shapes.js'
import { definitionOf, diffColumns, diffPartitions, historyChanges, partitionId } from './table-diff.js'
import { widenType } from './type-widening.js'

type Scanned = { table: GlueTableInput; partitions: ScannedPartition[] }

export const DEPRECATED = 'DEPRECATED_BY_CRAWLER'

/** Parameters the crawler owns: any others on a table (a user's) survive an update. */
const CRAWLER_KEYS = new Set([
  'CrawlerSchemaDeserializerVersion',
  'CrawlerSchemaSerializerVersion',
  'UPDATED_BY_CRAWLER',
  'classification',
  'compressionType',
  'typeOfData',
  'areColumnsQuoted',
  'columnsOrdered',
  'delimiter',
  'skip.header.line.count',
  'averageRecordSize',
  'objectCount',
  'recordCount',
  'sizeKey',
  DEPRECATED,
])

const byValues = (a: GluePartitionInput, b: GluePartitionInput) => {
  const x = partitionId(a)
  const y = partitionId(b)
  return x < y ? -1 : x > y ? 1 : 0
}

export function createdTable(scanned: Scanned, now: Date, report: CrawlReport): CatalogTable {
  report.tablesCreated.push(scanned.table.Name)
  report.partitionsAdded += scanned.partitions.length
  return {
    version: 1,
    table: scanned.table,
    partitions: scanned.partitions.map((p) => p.input),
    history: [{ version: 1, at: now.toISOString(), changes: ['created'] }],
  }
}

/**
 * An existing table after a full crawl. New partitions are always added. With
 * `UPDATE_IN_DATABASE` the table takes the crawl's schema (columns no file has any more go,
 * types follow the files), changed partitions are rewritten; with `LOG` both are only reported.
 * Partitions whose folder is gone are dropped unless the delete behaviour is `LOG`.
 */
export function updatedTable(
  before: CatalogTable,
  scanned: Scanned,
  update: NonNullable<CrawlerOptions['updateBehavior']>,
  remove: NonNullable<CrawlerOptions['deleteBehavior']>,
  now: Date,
  report: CrawlReport,
): CatalogTable | undefined {
  const name = before.table.Name
  const diff = diffColumns(before.table.StorageDescriptor.Columns, scanned.table.StorageDescriptor.Columns)
  const keys = (t: GlueTableInput) => t.PartitionKeys.map((k) => k.Name).join(', ')
  const keysChanged = keys(before.table) !== keys(scanned.table)
  const changes = historyChanges(diff)
  if (keysChanged) changes.push(`partition keys (${keys(before.table)}) -> (${keys(scanned.table)})`)
  const parts = diffPartitions(before, scanned.partitions)

  let table = before.table
  const partitions = new Map(before.partitions.map((p) => [partitionId(p), p]))
  if (update === 'UPDATE_IN_DATABASE') {
    const kept = Object.entries(before.table.Parameters).filter(([k]) => !CRAWLER_KEYS.has(k))
    table = {
      ...scanned.table,
      Owner: before.table.Owner,
      ...(before.table.Description ? { Description: before.table.Description } : {}),
      StorageDescriptor: { ...scanned.table.StorageDescriptor, Columns: diff.columns },
      Parameters: { ...Object.fromEntries(kept), ...scanned.table.Parameters },
    }
    if (DEPRECATED in before.table.Parameters) changes.push('no longer deprecated: data is back')
    report.columnsAdded.push(...diff.added.map((c) => `${name}.${c}`))
    report.columnsWidened.push(...diff.widened.map((c) => `${name}.${c}`))
    report.columnsChanged.push(...diff.changed.map((c) => `${name}.${c}`))
    report.columnsRemoved.push(...diff.removed.map((c) => `${name}.${c}`))
    for (const p of parts.changed) partitions.set(partitionId(p), p)
    report.partitionsUpdated += parts.changed.length
  } else {
    for (const change of changes) report.logged.push(`${name}: ${change} (UpdateBehavior LOG: not applied)`)
    for (const p of parts.changed)
      report.logged.push(`${name}: partition ${p.Values.join('/')} changed (UpdateBehavior LOG: not applied)`)
  }
  for (const p of parts.added) partitions.set(partitionId(p), p)
  report.partitionsAdded += parts.added.length
  for (const p of parts.gone) {
    if (remove === 'LOG')
      report.logged.push(
        `${name}: partition ${p.Values.join('/')} has no data any more; kept (DeleteBehavior LOG)`,
      )
    else if (partitions.delete(partitionId(p))) report.partitionsDeleted++
  }

  const definitionChanged = definitionOf(table) !== definitionOf(before.table)
  const version = before.version + (definitionChanged ? 1 : 0)
  const history = definitionChanged
    ? [
        ...before.history,
        { version, at: now.toISOString(), changes: changes.length > 0 ? changes : ['definition updated'] },
      ]
    : before.history
  const next: CatalogTable = { version, table, partitions: [...partitions.values()].sort(byValues), history }
  if (JSON.stringify(next) === JSON.stringify(before)) return undefined
  report.tablesUpdated.push(name)
  return next
}

/**
 * `CRAWL_NEW_FOLDERS_ONLY`: the new folders of a known table become partitions when they fit
 * its schema (same format, every column's type already covered by the table's); the table
 * itself is not changed. What does not fit is reported and left out.
 */
export function addNewFolders(
  before: CatalogTable,
  scanned: Scanned,
  report: CrawlReport,
): CatalogTable | undefined {
  const name = before.table.Name
  const format = (params: Record<string, string>) =>
    [params.classification, params.compressionType, params.delimiter ?? ''].join(' ')
  const columns = new Map(before.table.StorageDescriptor.Columns.map((c) => [c.Name, c.Type]))
  const partitions = new Map(before.partitions.map((p) => [partitionId(p), p]))
  let added = 0
  for (const { input, folder } of scanned.partitions) {
    if (partitions.has(partitionId(input))) continue
    const problems: string[] = []
    if (format(input.Parameters) !== format(before.table.Parameters)) {
      problems.push(
        `its format (${format(input.Parameters)}) is not the table's (${format(before.table.Parameters)})`,
      )
    }
    if (input.Values.length !== before.table.PartitionKeys.length)
      problems.push('its folder depth is not the table’s')
    const extra: string[] = []
    for (const column of input.StorageDescriptor.Columns) {
      const type = columns.get(column.Name)
      if (type === undefined) extra.push(`${column.Name} ${column.Type}`)
      else if (widenType(type, column.Type) !== type)
        problems.push(`column ${column.Name} is ${column.Type}, the table's ${type}`)
    }
    if (problems.length > 0) {
      report.logged.push(
        `${name}: new folder ${folder} skipped: ${problems.join('; ')} (new-folders-only crawls keep the schema)`,
      )
      continue
    }
    for (const column of extra)
      report.logged.push(`${name}: column ${column} of ${folder} not added to the table (new-folders-only)`)
    partitions.set(partitionId(input), input)
    added++
  }
  if (added === 0) return undefined
  report.partitionsAdded += added
  report.tablesUpdated.push(name)
  return { ...before, partitions: [...partitions.values()].sort(byValues) }
}

/** A table whose data is gone, marked as Glue marks it: `DEPRECATED_BY_CRAWLER` = the time, in ms. */
export function deprecatedTable(before: CatalogTable, root: string, now: Date): CatalogTable | undefined {
  if (DEPRECATED in before.table.Parameters) return undefined
  const stamp = String(now.getTime())
  const version = before.version + 1
  return {
    version,
    table: {
      ...before.table,
      Parameters: { ...before.table.Parameters, [DEPRECATED]: stamp },
      StorageDescriptor: {
        ...before.table.StorageDescriptor,
        Parameters: { ...before.table.StorageDescriptor.Parameters, [DEPRECATED]: stamp },
      },
    },
    partitions: before.partitions,
    history: [
      ...before.history,
      { version, at: now.toISOString(), changes: [`deprecated: no data under ${root}`] },
    ],
  }
}
