import type { CatalogTable } from './catalog.js'
import type { ScannedPartition } from './crawl-documents.js'
import type { GlueColumn, GluePartitionInput, GlueTableInput } from './glue-shapes.js'
import { widenType } from './type-widening.js'

export interface ColumnDiff {
  /** The new columns: the existing ones that remain, in their order, then the new ones. */
  columns: GlueColumn[]
  added: string[]
  removed: string[]
  widened: string[]
  changed: string[]
}

/** How a crawl's columns differ from a table's, in the words of the report and the history. */
export function diffColumns(old: readonly GlueColumn[], next: readonly GlueColumn[]): ColumnDiff {
  const byName = new Map(next.map((c) => [c.Name, c]))
  const diff: ColumnDiff = { columns: [], added: [], removed: [], widened: [], changed: [] }
  for (const column of old) {
    const now = byName.get(column.Name)
    if (!now) {
      diff.removed.push(`${column.Name} ${column.Type}`)
      continue
    }
    diff.columns.push({ ...now })
    if (now.Type === column.Type) continue
    const move = `${column.Name} ${column.Type} -> ${now.Type}`
    if (widenType(column.Type, now.Type) === now.Type) diff.widened.push(move)
    else diff.changed.push(move)
  }
  const known = new Set(old.map((c) => c.Name))
  for (const column of next) {
    if (known.has(column.Name)) continue
    diff.columns.push({ ...column })
    diff.added.push(`${column.Name} ${column.Type}`)
  }
  return diff
}

export function historyChanges(diff: ColumnDiff): string[] {
  return [
    ...diff.added.map((c) => `added column ${c}`),
    ...diff.widened.map((c) => `widened column ${c}`),
    ...diff.changed.map((c) => `changed column ${c}`),
    ...diff.removed.map((c) => `removed column ${c}`),
  ]
}

/** Parameters that are statistics: they change with every new file and are no schema change. */
const STATISTICS = new Set(['averageRecordSize', 'objectCount', 'recordCount', 'sizeKey'])

/** The table without statistics, to tell a definition change from new data. */
export function definitionOf(table: GlueTableInput): string {
  const strip = (params: Record<string, string>) =>
    Object.fromEntries(Object.entries(params).filter(([k]) => !STATISTICS.has(k)))
  return JSON.stringify({
    ...table,
    Parameters: strip(table.Parameters),
    StorageDescriptor: { ...table.StorageDescriptor, Parameters: strip(table.StorageDescriptor.Parameters) },
  })
}

export function partitionId(partition: Pick<GluePartitionInput, 'Values'>): string {
  return JSON.stringify(partition.Values)
}

/** Partitions of an existing table against a crawl's: new, changed, unchanged and gone. */
export function diffPartitions(existing: CatalogTable, scanned: readonly ScannedPartition[]) {
  const old = new Map(existing.partitions.map((p) => [partitionId(p), p]))
  const seen = new Set<string>()
  const added: GluePartitionInput[] = []
  const changed: GluePartitionInput[] = []
  const unchanged: GluePartitionInput[] = []
  for (const { input } of scanned) {
    const id = partitionId(input)
    seen.add(id)
    const before = old.get(id)
    if (!before) added.push(input)
    else if (JSON.stringify(before) !== JSON.stringify(input)) changed.push(input)
    else unchanged.push(input)
  }
  const gone = existing.partitions.filter((p) => !seen.has(partitionId(p)))
  return { added, changed, unchanged, gone, old }
}
