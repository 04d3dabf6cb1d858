/**
 * The query port. Both engines speak the same vocabulary: column types are Trino type names
 * (`varchar`, `bigint`, `double`, `date`, `timestamp`, `array(varchar)`, ...), and values are typed
 * from them the same way, so one insight gives the same rows locally and on Athena.
 */
export interface QueryColumn {
  name: string
  /** The Trino (Athena) type name, lower case, e.g. `varchar`, `bigint`, `decimal(4,1)`, `array(varchar)`. */
  type: string
}

/**
 * A typed value. Integers and floating point numbers (and decimals) are numbers; a bigint that does
 * not fit a double exactly stays a decimal string. Dates are `YYYY-MM-DD`, timestamps
 * `YYYY-MM-DD HH:MM:SS.mmm` (with ` UTC` for timestamp with time zone), as Athena prints them.
 * Arrays are arrays; maps and rows are objects.
 */
export type QueryValue = string | number | boolean | null | QueryValue[] | { [key: string]: QueryValue }

export type QueryRow = Record<string, QueryValue>

/** A value bound to a `?` placeholder (Athena: an `ExecutionParameters` entry). */
export type QueryParam = string | number | boolean | null

export interface RunOptions {
  /** Values for the `?` placeholders, in order. */
  params?: readonly QueryParam[]
  /** Aborting cancels the query (Athena: StopQueryExecution). */
  signal?: AbortSignal
  /** Rows returned at most; more are cut and the result says so (default: the engine's limit). */
  maxRows?: number
}

/** What running the query cost. */
export interface QueryStats {
  engine: 'duckdb' | 'athena'
  /** Wall time of the query as the caller saw it. */
  elapsedMs: number
  /** Athena's query id. */
  queryId?: string
  /** Bytes the engine scanned (Athena's DataScannedInBytes). */
  bytesScanned?: number
  /** What Athena billed for those bytes at $5 per TB (10 MB minimum). */
  costUsd?: number
}

export interface QueryResult {
  columns: QueryColumn[]
  rows: QueryRow[]
  /** True when the result was cut at the row limit. */
  truncated: boolean
  stats?: QueryStats
}

/** A running query: its columns, then its rows as they arrive. */
export interface QueryStream extends AsyncIterable<QueryRow> {
  readonly columns: QueryColumn[]
  /** True once iteration stopped at the row limit with rows left over. */
  readonly truncated: boolean
  /** Available once the rows are all read. */
  stats(): QueryStats
}

/** One table the query reads and how much of it. */
export interface TableScan {
  table: string
  /** Partitions read, as `key=value` folders, when the engine knows them. */
  partitions?: string[]
  partitionsRead?: number
  partitionsTotal?: number
  /** Conditions the engine pushed down to the scan (Athena's EXPLAIN), as text. */
  constraints?: string[]
  /** Columns read from the files (partition keys live in folder names and cost nothing). */
  columns: string[]
  /** Bytes of those columns in those partitions (Parquet column-chunk sizes), when known. */
  bytes: number | undefined
}

/** What a query would scan, without running it. */
export interface ScanEstimate {
  engine: 'duckdb' | 'athena'
  scans: TableScan[]
  /** Total bytes the query would read, when known. */
  bytes: number | undefined
  /** What Athena would charge for `bytes` ($5 per TB, rounded up to the MB, 10 MB minimum). */
  athenaCostUsd: number | undefined
  notes: string[]
}

/**
 * Runs Athena-dialect SQL over the catalog's tables.
 *
 * @example
 * const engine = await DuckDbEngine.open({ store, catalog, database: 'tunelake' })
 * const { rows } = await engine.run('SELECT count(*) AS n FROM tracks WHERE snapshot_date = ?', {
 *   params: ['2026-11-20'],
 * })
 * for await (const row of await engine.stream('SELECT * FROM playlists')) console.log(row)
 * console.log((await engine.explain('SELECT name FROM tracks')).bytes)
 * await engine.close()
 */
export interface QueryEngine {
  readonly name: 'duckdb' | 'athena'
  /** Runs the query and collects its rows (cut at the row limit). */
  run(sql: string, options?: RunOptions): Promise<QueryResult>
  /** Runs the query and hands its rows over as they arrive. */
  stream(sql: string, options?: RunOptions): Promise<QueryStream>
  /** What the query would scan, and what Athena would charge for it. */
  explain(sql: string, options?: RunOptions): Promise<ScanEstimate>
  /** Cancels every query this engine is running; each rejects with QueryCancelledError. */
  cancel(): Promise<void>
  close(): Promise<void>
}
