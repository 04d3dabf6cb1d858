import type { TableInfo } from './api-types.js'
import type { DashboardContext } from './dashboard-context.js'
import { tableCounts } from './lake-overview.js'

const PARTITIONS_SHOWN = 50

/** Every catalog table with its columns, types, partition keys, partitions and row count. */
export async function tableInfo(context: DashboardContext): Promise<TableInfo[]> {
  const { catalog, database } = context
  const counts = new Map((await tableCounts(context)).map((t) => [t.name, t.rows]))
  const out: TableInfo[] = []
  for (const name of (await catalog.listTables(database)).sort()) {
    const doc = await catalog.getTable(database, name)
    if (!doc) continue
    const { table } = doc
    const partitions = [...doc.partitions].sort((a, b) =>
      b.Values.join('/').localeCompare(a.Values.join('/')),
    )
    out.push({
      name,
      location: table.StorageDescriptor.Location,
      version: doc.version,
      columns: table.StorageDescriptor.Columns.map((c) => column(c)),
      partition_keys: table.PartitionKeys.map((c) => column(c)),
      partition_count: doc.partitions.length,
      partitions: partitions
        .slice(0, PARTITIONS_SHOWN)
        .map((p) => ({ values: p.Values, location: p.StorageDescriptor.Location })),
      rows: counts.get(name) ?? null,
      updated_at: doc.history.at(-1)?.at ?? null,
    })
  }
  return out
}

function column(c: { Name: string; Type: string; Comment?: string }) {
  return { name: c.Name, type: c.Type, ...(c.Comment ? { comment: c.Comment } : {}) }
}
