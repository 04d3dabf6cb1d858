import { TRANSFORMED_PREFIX, transformedKey } from '../lake/layout.js'
import { PARTITION_KEY, type Row, TABLE_SPECS, type TableSpec } from '../transform/table-specs.js'

/** One output file of a snapshot date's rebuild: its key, the columns it holds, its rows. */
export interface PlannedOutput {
  key: string
  spec: TableSpec
  rows: readonly Row[]
}

/** The one file of a partition shared by several snapshot dates. */
export const SHARED_PARTITION_FILE = 'part-00000.parquet'

/** Hive's name for the partition of rows whose partition value is null. */
export const NULL_PARTITION = '__HIVE_DEFAULT_PARTITION__'

/**
 * Where a snapshot date's rows of one table go. Most tables: one file in the date's
 * `snapshot_date=` partition (written even when empty, so the schema is there). A table the
 * table contract partitions by another column (`partitionedBy`, e.g. `plays` by `played_month`):
 * one file per value of that column, `part-00000.parquet` in its partition, without the partition
 * column (it is the folder, as Hive and Athena expect). Such a partition is shared by the
 * snapshot dates that reach it: the rows given must be all of theirs (transform-shared-partitions.ts).
 */
export function planOutputs(spec: TableSpec, rows: readonly Row[], snapshotDate: string): PlannedOutput[] {
  const column = spec.partitionedBy
  if (!column) return [{ key: transformedKey(spec.name, snapshotDate), spec, rows }]
  const inner: TableSpec = { ...spec, columns: spec.columns.filter((c) => c.name !== column) }
  const groups = new Map<string, Row[]>()
  for (const row of rows) {
    const folder = partitionFolder(spec, row)
    const group = groups.get(folder)
    if (group) group.push(row)
    else groups.set(folder, [row])
  }
  return [...groups]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([folder, group]) => ({
      key: `${folder}/${SHARED_PARTITION_FILE}`,
      spec: inner,
      rows: group.map((row) => withoutColumn(row, column)),
    }))
}

/**
 * False for an output key in a partition folder its table is no longer partitioned by (`plays`
 * by `played_date`, before `played_month`): its date is rebuilt, and the file goes.
 */
export function isCurrentLayout(key: string): boolean {
  const match = /^transformed\/([^/]+)\/([^=/]+)=/.exec(key)
  const spec = match && TABLE_SPECS.find((s) => s.name === match[1])
  return !spec || match[2] === (spec.partitionedBy ?? PARTITION_KEY)
}

/** The folder of a row's partition in a table partitioned by another column (`partitionedBy`). */
export function partitionFolder(spec: TableSpec, row: Row): string {
  const column = spec.partitionedBy!
  const raw = row[column]
  const value = raw === null || raw === undefined || raw === '' ? NULL_PARTITION : String(raw)
  return `${TRANSFORMED_PREFIX}${spec.name}/${column}=${escapePartitionValue(value)}`
}

function withoutColumn(row: Row, column: string): Row {
  const { [column]: _dropped, ...rest } = row
  return rest
}

const HIVE_SPECIAL = new Set('"#%\'*/:=?\\{[]^')

/** Hive's escaping of partition values in folder names (control characters, `/`, `=`, `%`, ...). */
export function escapePartitionValue(value: string): string {
  let out = ''
  for (const c of value) {
    const code = c.charCodeAt(0)
    out +=
      code < 0x20 || code === 0x7f || HIVE_SPECIAL.has(c)
        ? `%${code.toString(16).toUpperCase().padStart(2, '0')}`
        : c
  }
  return out
}
