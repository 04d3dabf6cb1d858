import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { quoteIdent, sqlString } from '../../sql-quote.js'
import { athenaCostUsd } from '../athena-cost.js'
import type { ScanEstimate, TableScan } from '../query-engine.js'
import { type LakeTable, viewSelect } from './duckdb-views.js'

/** Schema of the same views read through `parquet_scan`, so their scans do not count as the table's. */
const ALT_SCHEMA = '__tunelake_other'
const onlySchema = (table: string) => `__tunelake_only_${table}`

interface PlanScan {
  projections: string[]
  fileFilter: string | undefined
  filesRead: number | undefined
}

interface ExplainRequest {
  instance: DuckDBInstance
  tables: LakeTable[]
  sql: string
  toError: (error: unknown) => Error
}

const prepared = new WeakSet<DuckDBInstance>()

/**
 * What a query would scan, from DuckDB's own plan: for each catalog table the query reads,
 * the plan is made with that table read by `read_parquet` and every other by `parquet_scan`, so
 * the plan's READ_PARQUET scans are that table's. Each scan names the columns it reads and the
 * partition filter that pruned its files; the bytes are the Parquet column-chunk sizes of those
 * columns in those partitions' files, which is what Athena bills.
 */
export async function explainOnDuckDb(request: ExplainRequest): Promise<ScanEstimate> {
  const { instance, tables } = request
  const connection = await instance.connect()
  try {
    if (!prepared.has(instance)) {
      await createExplainSchemas(connection, tables)
      prepared.add(instance)
    }
    const scans: TableScan[] = []
    const notes: string[] = []
    for (const table of tables) {
      await connection.run(`SET search_path = ${sqlString(`${onlySchema(table.name)},${ALT_SCHEMA},main`)}`)
      let plan: unknown
      try {
        const reader = await connection.runAndReadAll(`EXPLAIN (FORMAT json) ${request.sql}`)
        plan = JSON.parse(String(reader.getRows()[0]?.[1]))
      } catch (error) {
        throw request.toError(error)
      }
      for (const scan of planScans(plan)) {
        scans.push(await tableScan(connection, table, scan, notes))
      }
    }
    const known = scans.every((s) => s.bytes !== undefined)
    const bytes = known ? scans.reduce((sum, s) => sum + (s.bytes ?? 0), 0) : undefined
    return {
      engine: 'duckdb',
      scans,
      bytes,
      athenaCostUsd: bytes === undefined ? undefined : athenaCostUsd(bytes),
      notes,
    }
  } finally {
    connection.closeSync()
  }
}

async function createExplainSchemas(connection: DuckDBConnection, tables: LakeTable[]): Promise<void> {
  await connection.run(`CREATE SCHEMA IF NOT EXISTS ${ALT_SCHEMA}`)
  for (const table of tables) {
    await connection.run(
      `CREATE OR REPLACE VIEW ${ALT_SCHEMA}.${quoteIdent(table.name)} AS ${viewSelect(table, 'parquet_scan')}`,
    )
    await connection.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(onlySchema(table.name))}`)
    await connection.run(
      `CREATE OR REPLACE VIEW ${quoteIdent(onlySchema(table.name))}.${quoteIdent(table.name)} AS ${viewSelect(table)}`,
    )
  }
}

/** The READ_PARQUET operators of a JSON plan. */
export function planScans(plan: unknown): PlanScan[] {
  const out: PlanScan[] = []
  const visit = (node: unknown) => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child)
      return
    }
    if (node === null || typeof node !== 'object') return
    const record = node as { name?: string; children?: unknown[]; extra_info?: Record<string, unknown> }
    if (record.name === 'READ_PARQUET') {
      const info = record.extra_info ?? {}
      const projections = info.Projections
      const files = /^(\d+)\/(\d+)$/.exec(String(info['Scanning Files'] ?? ''))
      out.push({
        projections: (Array.isArray(projections) ? projections : [projections ?? ''])
          .map(String)
          .filter((p) => p !== ''),
        fileFilter: typeof info['File Filters'] === 'string' ? info['File Filters'] : undefined,
        filesRead: files ? Number(files[1]) : undefined,
      })
    }
    visit(record.children)
  }
  visit(plan)
  return out
}

async function tableScan(
  connection: DuckDBConnection,
  table: LakeTable,
  scan: PlanScan,
  notes: string[],
): Promise<TableScan> {
  let partitions = table.partitions
  if (scan.filesRead !== undefined && scan.fileFilter !== undefined) {
    const kept = await filterPartitions(connection, table, scan.fileFilter)
    const keptFiles = kept?.reduce((sum, p) => sum + p.files.length, 0)
    if (kept && keptFiles === scan.filesRead) {
      partitions = kept
    } else {
      notes.push(
        `${table.name}: the partition filter ${scan.fileFilter} could not be evaluated here; its bytes are for every partition`,
      )
    }
  }
  const keys = new Set(table.partitionKeys)
  const columns = scan.projections.filter((c) => !keys.has(c))
  const files = partitions.flatMap((p) => p.files)
  return {
    table: table.name,
    partitions: partitions.map((p) => table.partitionKeys.map((k, i) => `${k}=${p.values[i]}`).join('/')),
    partitionsRead: partitions.length,
    partitionsTotal: table.partitions.length,
    columns,
    bytes: await columnBytes(connection, files, columns),
  }
}

/** The partitions a DuckDB file filter keeps, evaluated over the partition values; undefined if it cannot be. */
async function filterPartitions(
  connection: DuckDBConnection,
  table: LakeTable,
  filter: string,
): Promise<LakeTable['partitions'] | undefined> {
  if (table.partitions.length === 0) return []
  const rows = table.partitions.map((p, i) => `(${i}, ${p.values.map(sqlString).join(', ')})`).join(', ')
  const names = ['__i', ...table.partitionKeys].map(quoteIdent).join(', ')
  try {
    const reader = await connection.runAndReadAll(
      `SELECT __i FROM (VALUES ${rows}) AS p(${names}) WHERE ${filter} ORDER BY __i`,
    )
    return reader.getRows().map((r) => table.partitions[Number(r[0])]!)
  } catch {
    return undefined
  }
}

/** Compressed bytes of `columns` in `files`, from the Parquet footers. */
async function columnBytes(
  connection: DuckDBConnection,
  files: string[],
  columns: string[],
): Promise<number> {
  if (files.length === 0 || columns.length === 0) return 0
  const wanted = new Set(columns.map((c) => c.toLowerCase()))
  const reader = await connection.runAndReadAll(
    `SELECT path_in_schema, sum(total_compressed_size) FROM parquet_metadata([${files.map(sqlString).join(', ')}]) GROUP BY ALL`,
  )
  let bytes = 0
  for (const [path, size] of reader.getRows()) {
    const column = String(path).split(/, |\./)[0]!.toLowerCase()
    if (wanted.has(column)) bytes += Number(size)
  }
  return bytes
}
