import path from 'node:path'
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import type { Catalog } from '../../catalog/catalog.js'
import { oneLine } from '../../errors.js'
import { readableLocally } from '../../lake/local-mirror.js'
import type { ObjectStore } from '../../lake/object-store.js'
import { quoteIdent } from '../../sql-quote.js'
import { dialectMacroStatements } from '../dialect/macros.js'
import { typeName } from '../dialect/types/trino-type.js'
import {
  QueryCancelledError,
  QueryError,
  QueryLimitError,
  QueryRefusedError,
  QuerySqlError,
  QueryTimeoutError,
} from '../errors.js'
import { type CatalogView, catalogStatement } from '../metadata/catalog-statements.js'
import type {
  QueryEngine,
  QueryParam,
  QueryResult,
  QueryRow,
  QueryStats,
  QueryStream,
  RunOptions,
  ScanEstimate,
} from '../query-engine.js'
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from '../query-limits.js'
import { collectStream, DEFAULT_MAX_ROWS, limitedStream, uniqueColumnNames } from '../query-stream.js'
import type { LakeScope } from './duckdb-confinement.js'
import { explainOnDuckDb } from './duckdb-explain.js'
import { duckDbErrorToQueryError } from './duckdb-guard.js'
import { informationSchemaStatements } from './duckdb-information-schema.js'
import {
  createSpillDirectory,
  limitError,
  lockdownStatements,
  removeSpillDirectory,
  withoutPaths,
} from './duckdb-lockdown.js'
import { DuckDbPreparer, type PreparedQuery, runtimeRefusal } from './duckdb-prepare.js'
import { withRowLimit } from './duckdb-row-limit.js'
import { duckDbValue } from './duckdb-values.js'
import { type LakeTable, lakeTables, viewSelect } from './duckdb-views.js'

export interface DuckDbEngineOptions {
  store: ObjectStore
  catalog: Catalog
  database: string
  /** Rows returned at most; the result says when it was cut (default 10,000). */
  maxRows?: number
  /** A query running longer is stopped with QueryTimeoutError (default 30 s). */
  timeoutMs?: number
  /**
   * Keep the tables a query reads in memory after its first use, up to this many bytes of
   * Parquet in all (default 0: always read the files). For a long-lived engine, such as the
   * dashboard's, over a lake that changes only when the engine is reopened.
   */
  cacheBytes?: number
  /** Memory, temp space and result size limits (default DEFAULT_QUERY_LIMITS). */
  limits?: Partial<QueryLimits>
}

/**
 * DuckDB over the catalog's tables, speaking Athena's dialect, read-only and confined to the lake.
 *
 * One view per catalog table over its partitions' Parquet files (partition keys as strings,
 * columns by name, as Athena reads them); UTC as in Athena. Each statement is parsed by DuckDB,
 * checked to be one SELECT over the lake's tables only (duckdb-guard.ts, duckdb-confinement.ts),
 * and translated on its parse tree into the DuckDB query that gives Athena's answer, with
 * Trino's column types, or refused (dialect/). The configuration is locked so that SQL can read
 * nothing outside the lake.
 */
export class DuckDbEngine implements QueryEngine {
  readonly name = 'duckdb' as const
  /** The connections running a query, each with what stops it. */
  private readonly running = new Map<DuckDBConnection, (reason: 'timeout' | 'cancelled') => void>()
  private readonly cached = new Set<string>()
  private cacheLeft: number
  private caching: Promise<void> = Promise.resolve()
  /** How many times cancel() was called, so a query still being prepared sees it. */
  private cancels = 0
  /** The DuckDB work in flight (a query until it has answered, an explain), which close() waits for. */
  private readonly work = new Set<Promise<unknown>>()
  private closing = false

  private readonly catalogView: CatalogView
  private readonly preparer: DuckDbPreparer

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly control: DuckDBConnection,
    private readonly tables: LakeTable[],
    private readonly settings: {
      database: string
      maxRows: number
      timeoutMs: number
      cacheBytes: number
      limits: QueryLimits
      /** Folders whose absolute paths error messages must not show: the lake's, the spill folder. */
      privatePaths: string[]
      spillDirectory: string
    },
  ) {
    this.cacheLeft = settings.cacheBytes
    this.catalogView = { database: settings.database, tables: tables.map((t) => t.table) }
    const scope: LakeScope = {
      database: settings.database,
      tables: new Set(tables.map((t) => t.name.toLowerCase())),
      columns: new Set(
        tables.flatMap((t) =>
          [...t.table.StorageDescriptor.Columns, ...t.table.PartitionKeys].map((c) => c.Name.toLowerCase()),
        ),
      ),
    }
    this.preparer = new DuckDbPreparer(control, tables, scope)
  }

  static async open(options: DuckDbEngineOptions): Promise<DuckDbEngine> {
    const { catalog, database } = options
    // A remote (S3) lake is read through a local copy of the objects the views list, kept by eTag.
    const store = await readableLocally(options.store)
    const tables = await lakeTables(store, catalog, database)
    const { DuckDBInstance } = await import('@duckdb/node-api')
    const instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    })
    const control = await instance.connect()
    const limits = { ...DEFAULT_QUERY_LIMITS, ...options.limits }
    const spillDirectory = await createSpillDirectory()
    const lakeFolder = `${path.dirname(store.localPath!('x'))}${path.sep}`
    try {
      const files = tables.flatMap((t) => t.partitions.flatMap((p) => p.files))
      for (const statement of [
        ...setupStatements(tables, database),
        ...informationSchemaStatements(
          database,
          tables.map((t) => t.table),
        ),
        ...lockdownStatements({ files, spillDirectory, limits }),
      ])
        await control.run(statement)
    } catch (error) {
      control.closeSync()
      instance.closeSync()
      await removeSpillDirectory(spillDirectory)
      // A file the catalog lists that DuckDB cannot read (corrupt, changed under it), by its key.
      throw new QueryError(
        `the lake's tables cannot be opened: ${withoutPaths(oneLine(error), [lakeFolder])}; check that file, or crawl the lake again (tunelake crawl)`,
        { cause: error },
      )
    }
    return new DuckDbEngine(instance, control, tables, {
      database,
      maxRows: options.maxRows ?? DEFAULT_MAX_ROWS,
      timeoutMs: options.timeoutMs ?? 30_000,
      cacheBytes: options.cacheBytes ?? 0,
      limits,
      privatePaths: [lakeFolder, spillDirectory],
      spillDirectory,
    })
  }

  async run(sql: string, options: RunOptions = {}): Promise<QueryResult> {
    return collectStream(await this.stream(sql, options))
  }

  async stream(sql: string, options: RunOptions = {}): Promise<QueryStream> {
    const started = performance.now()
    const maxRows = options.maxRows ?? this.settings.maxRows
    const stats = (): QueryStats => ({ engine: 'duckdb', elapsedMs: performance.now() - started })
    const answer = catalogStatement(sql, this.catalogView)
    if (answer) {
      return limitedStream({ ...answer, rows: rowsOf(answer.rows), maxRows, stats, cleanup: () => {} })
    }
    return this.busy(() => this.start(sql, options, maxRows, stats))
  }

  /** Prepares and runs the query; resolves once DuckDB has answered, with the rows to read. */
  private async start(
    sql: string,
    options: RunOptions,
    maxRows: number,
    stats: () => QueryStats,
  ): Promise<QueryStream> {
    const epoch = this.cancels
    const { local, parsed, trinoColumns } = await this.prepareLocal(sql, options.params)
    const connection = await this.instance.connect()
    const state: { reason?: 'timeout' | 'cancelled' } = {}
    // DuckDB drops an interrupt that arrives before the query has begun, so a stop repeats it
    // until the query has answered: a client that leaves at any moment frees the connection.
    let repeat: NodeJS.Timeout | undefined
    let hasAnswered = false
    const stop = (reason: 'timeout' | 'cancelled') => {
      state.reason ??= reason
      connection.interrupt()
      if (!hasAnswered) repeat ??= setInterval(() => connection.interrupt(), 50).unref()
    }
    const answered = () => {
      hasAnswered = true
      clearInterval(repeat)
    }
    this.running.set(connection, stop)
    const timer = setTimeout(() => stop('timeout'), this.settings.timeoutMs)
    const onAbort = () => stop('cancelled')
    options.signal?.addEventListener('abort', onAbort)
    // A client gone, or a cancel() while the query was being prepared, stops it before it runs.
    if (options.signal?.aborted || this.cancels !== epoch) onAbort()
    const cleanup = () => {
      answered()
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      this.running.delete(connection)
      connection.closeSync()
    }
    try {
      if (state.reason) throw new QueryCancelledError('the query was cancelled')
      // One row past the limit tells that the result was cut.
      const result = await connection.run(withRowLimit(local, parsed, maxRows + 1)).finally(answered)
      if (result.columnCount !== trinoColumns.length) {
        throw new QuerySqlError(
          `SQL error: the local engine computed ${result.columnCount} columns where Athena gives ${trinoColumns.length}; run the query on Athena`,
        )
      }
      const names = uniqueColumnNames(trinoColumns.map((c) => c.name))
      const types = trinoColumns.map((c) => c.type)
      const columns = names.map((name, i) => ({ name, type: typeName(types[i]!) }))
      const toError = (error: unknown) => this.toQueryError(error, state)
      async function* rows(): AsyncGenerator<QueryRow> {
        try {
          for await (const batch of result.yieldRowsJson()) {
            for (const values of batch) {
              const row: QueryRow = {}
              for (let i = 0; i < names.length; i++)
                row[names[i]!] = duckDbValue(values[i] ?? null, types[i]!)
              yield row
            }
          }
        } catch (error) {
          throw toError(error)
        }
      }
      return limitedStream({
        columns,
        rows: rows(),
        maxRows,
        maxMb: this.settings.limits.resultMb,
        stats,
        cleanup,
      })
    } catch (error) {
      cleanup()
      throw this.toQueryError(error, state)
    }
  }

  explain(sql: string, options: RunOptions = {}): Promise<ScanEstimate> {
    return this.busy(async () => {
      const { local } = await this.prepareLocal(sql, options.params)
      return explainOnDuckDb({
        instance: this.instance,
        tables: this.tables,
        sql: local,
        toError: (error) => this.toQueryError(error, {}),
      })
    })
  }

  async cancel(): Promise<void> {
    this.cancels++
    for (const stop of this.running.values()) stop('cancelled')
  }

  async close(): Promise<void> {
    if (this.closing) return
    this.closing = true
    await this.cancel()
    // The control connection may be copying a table into the cache: stop that too.
    this.control.interrupt()
    // DuckDB deadlocks when a connection closes under a query still running on it (the query's
    // thread then waits for itself, and the process can no longer exit): every query ends first.
    while (this.work.size > 0) await Promise.allSettled([...this.work])
    for (const connection of this.running.keys()) connection.closeSync()
    this.running.clear()
    this.control.closeSync()
    this.instance.closeSync()
    await removeSpillDirectory(this.settings.spillDirectory)
  }

  /** Runs DuckDB work that close() waits for; refused once the engine closes. */
  private busy<T>(work: () => Promise<T>): Promise<T> {
    if (this.closing)
      return Promise.reject(new QueryCancelledError('the query was cancelled: the engine closed'))
    const running = work().catch((error: unknown) => {
      // Whatever a closing engine interrupted was cancelled, wherever it stood.
      throw this.closing ? new QueryCancelledError('the query was cancelled: the engine closed') : error
    })
    this.work.add(running)
    const done = () => this.work.delete(running)
    running.then(done, done)
    return running
  }

  /** The query as DuckDB runs it (duckdb-prepare.ts), its tables cached first when the engine caches. */
  async prepareLocal(sql: string, params: readonly QueryParam[] = []): Promise<PreparedQuery> {
    const prepared = await this.preparer.prepare(sql, params)
    if (this.cacheLeft > 0) await this.cacheTables(prepared.tables)
    return prepared
  }

  /** Copies the tables a query reads into memory (once each, while the budget lasts); their views then read the copies. */
  private cacheTables(names: Set<string>): Promise<void> {
    const next = this.caching.then(async () => {
      for (const table of this.tables) {
        if (
          !names.has(table.name.toLowerCase()) ||
          this.cached.has(table.name) ||
          table.bytes > this.cacheLeft
        )
          continue
        const name = quoteIdent(table.name)
        await this.control.run(`CREATE TABLE ${CACHE_SCHEMA}.${name} AS ${viewSelect(table)}`)
        await this.control.run(`CREATE OR REPLACE VIEW main.${name} AS SELECT * FROM ${CACHE_SCHEMA}.${name}`)
        this.cached.add(table.name)
        this.cacheLeft -= table.bytes
      }
    })
    this.caching = next.catch(() => undefined)
    return next
  }

  private toQueryError(error: unknown, state: { reason?: 'timeout' | 'cancelled' }): Error {
    if (error instanceof QuerySqlError || error instanceof QueryRefusedError) return error
    if (error instanceof QueryLimitError) return error
    if (state.reason === 'timeout') {
      return new QueryTimeoutError(
        `the query ran past the ${this.settings.timeoutMs / 1000} s time limit and was stopped; filter on snapshot_date, aggregate, or raise the limit (--timeout)`,
      )
    }
    if (state.reason === 'cancelled') return new QueryCancelledError('the query was cancelled')
    const limit = limitError(error, this.settings.limits)
    if (limit) return limit
    const refused = runtimeRefusal(error)
    if (refused) return refused
    const text = error instanceof Error ? error.message : String(error)
    const mapped = duckDbErrorToQueryError(withoutPaths(text, this.settings.privatePaths))
    if (mapped instanceof QuerySqlError && /does not exist/i.test(mapped.message)) {
      const known = this.tables.map((t) => t.name).join(', ')
      return new QuerySqlError(`${mapped.message.replace(/; fix the query.*$/, '')}; the tables are ${known}`)
    }
    return mapped
  }
}

/** The rows of a result the engine answered itself (SHOW, DESCRIBE). */
async function* rowsOf(rows: QueryRow[]): AsyncGenerator<QueryRow> {
  yield* rows
}

/** The views, one schema per catalog database name (`tunelake.tracks` works as on Athena), and the macros. */
const CACHE_SCHEMA = '__tunelake_cache'

function setupStatements(tables: LakeTable[], database: string): string[] {
  const statements = [
    `CREATE SCHEMA ${CACHE_SCHEMA}`,
    "SET GLOBAL TimeZone = 'UTC'",
    // GLOBAL: a plain SET holds for this connection only, and each query runs on a fresh one,
    // which would then parse every file's footer again (a year of daily files: ~1 s a query).
    'SET GLOBAL parquet_metadata_cache = true',
    `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(database)}`,
  ]
  for (const table of tables) {
    statements.push(`CREATE VIEW ${quoteIdent(table.name)} AS ${viewSelect(table)}`)
    if (database !== 'main') {
      statements.push(
        `CREATE VIEW ${quoteIdent(database)}.${quoteIdent(table.name)} AS SELECT * FROM main.${quoteIdent(table.name)}`,
      )
    }
  }
  return [...statements, ...dialectMacroStatements()]
}
