import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import type { Catalog } from '../../catalog/catalog.js'
import { keyOfUri } from '../../lake/lake-uri.js'
import { readableLocally } from '../../lake/local-mirror.js'
import { listAll, type ObjectStore } from '../../lake/object-store.js'
import { sqlString } from '../../lake/parquet/duckdb-session.js'
import { QueryRefusedError, QuerySqlError } from '../errors.js'
import type { QueryColumn, QueryEngine, QueryResult, QueryValue } from '../query-engine.js'
import { duckDbType } from './glue-to-duckdb.js'

export interface DuckDbEngineOptions {
  store: ObjectStore
  catalog: Catalog
  database: string
  /** Rows returned at most; the result says when it was cut (default 10,000). */
  maxRows?: number
}

/**
 * DuckDB over the catalog's tables, read-only and confined to the lake: one view per catalog
 * table over its partitions' Parquet files (partition keys as strings, columns by name, as
 * Athena reads them), integer division as in Trino, then the configuration locked so that SQL
 * can read nothing outside the lake. Only single SELECT statements run.
 */
export class DuckDbEngine implements QueryEngine {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly maxRows: number,
  ) {}

  static async open(options: DuckDbEngineOptions): Promise<DuckDbEngine> {
    const { catalog, database } = options
    // A remote (S3) lake is read through a local copy of the objects the views list, kept by eTag.
    const store = await readableLocally(options.store)
    const { DuckDBInstance } = await import('@duckdb/node-api')
    const instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    })
    const connection = await instance.connect()
    for (const name of await catalog.listTables(database)) {
      const table = await catalog.getTable(database, name)
      if (!table) continue
      const files: string[] = []
      for (const partition of table.partitions) {
        const prefix = keyOfUri(store, partition.StorageDescriptor.Location)
        if (prefix === undefined) continue
        for (const object of await listAll(store, prefix)) {
          const base = object.key.slice(object.key.lastIndexOf('/') + 1)
          if (base.startsWith('_') || base.startsWith('.')) continue
          files.push(store.localPath(object.key))
        }
      }
      await connection.run(`CREATE VIEW ${quoteIdent(name)} AS ${viewSelect(table.table, files)}`)
    }
    await connection.run('SET integer_division = true')
    await connection.run(`SET allowed_directories = [${sqlString(`${store.location}/`)}]`)
    await connection.run('SET enable_external_access = false')
    await connection.run('SET lock_configuration = true')
    return new DuckDbEngine(instance, connection, options.maxRows ?? 10_000)
  }

  async run(sql: string): Promise<QueryResult> {
    await this.#assertSingleSelect(sql)
    const { StatementType } = await import('@duckdb/node-api')
    let prepared: Awaited<ReturnType<DuckDBConnection['prepare']>>
    try {
      prepared = await this.connection.prepare(sql)
    } catch (error) {
      throw new QuerySqlError(`SQL error: ${firstLine(error)}; fix the query and run it again`)
    }
    if (prepared.statementType !== StatementType.SELECT) {
      throw new QueryRefusedError('only SELECT queries run here: the engine is read-only')
    }
    try {
      const reader = await prepared.runAndReadUntil(this.maxRows + 1)
      const names = reader.columnNames()
      const types = reader.columnTypes().map(String)
      const columns: QueryColumn[] = names.map((name, i) => ({ name, type: types[i]! }))
      const all = reader.getRowObjectsJson() as Record<string, QueryValue>[]
      const truncated = all.length > this.maxRows
      const rows = (truncated ? all.slice(0, this.maxRows) : all).map((row) => normaliseRow(row, columns))
      return { columns, rows, truncated }
    } catch (error) {
      throw new QuerySqlError(`SQL error: ${firstLine(error)}; fix the query and run it again`)
    }
  }

  /** Parses without binding (DuckDB's `json_serialize_sql` takes only SELECT statements). */
  async #assertSingleSelect(sql: string): Promise<void> {
    const reader = await this.connection.runAndReadAll(
      `SELECT json_serialize_sql(${sqlString(sql)}::VARCHAR)`,
    )
    const parsed = JSON.parse(String(reader.getRows()[0]?.[0])) as {
      error?: boolean
      error_type?: string
      error_message?: string
      statements?: unknown[]
    }
    if (parsed.error && parsed.error_type === 'parser') {
      throw new QuerySqlError(`SQL error: ${parsed.error_message}; fix the query and run it again`)
    }
    if (parsed.error) {
      throw new QueryRefusedError(
        'only SELECT queries run here (WITH ... SELECT too): the engine is read-only',
      )
    }
    const count = parsed.statements?.length ?? 0
    if (count !== 1) {
      throw new QueryRefusedError(`the query holds ${count} statements; run one SELECT statement at a time`)
    }
  }

  async close(): Promise<void> {
    this.connection.closeSync()
    this.instance.closeSync()
  }
}

function viewSelect(
  table: {
    StorageDescriptor: { Columns: { Name: string; Type: string }[] }
    PartitionKeys: { Name: string }[]
  },
  files: string[],
): string {
  if (files.length === 0) {
    const columns = [
      ...table.StorageDescriptor.Columns.map(
        (c) => `CAST(NULL AS ${duckDbType(c.Type)}) AS ${quoteIdent(c.Name)}`,
      ),
      ...table.PartitionKeys.map((k) => `CAST(NULL AS VARCHAR) AS ${quoteIdent(k.Name)}`),
    ]
    return `SELECT ${columns.join(', ')} WHERE false`
  }
  const list = files.map(sqlString).join(', ')
  return `SELECT * FROM read_parquet([${list}], hive_partitioning = true, hive_types_autocast = false, union_by_name = true)`
}

/** BIGINT and HUGEINT arrive as strings from DuckDB's JSON rows: numbers where they fit. */
function normaliseRow(row: Record<string, QueryValue>, columns: QueryColumn[]): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {}
  for (const { name, type } of columns) {
    const value = row[name] ?? null
    if (typeof value === 'string' && /^(BIGINT|HUGEINT|UBIGINT)$/.test(type)) {
      const n = Number(value)
      out[name] = Number.isSafeInteger(n) ? n : value
    } else {
      out[name] = value
    }
  }
  return out
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim()
}
