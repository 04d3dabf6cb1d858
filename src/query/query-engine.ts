export interface QueryColumn {
  name: string
  /** The engine's type name, e.g. VARCHAR, BIGINT, DATE. */
  type: string
}

export type QueryValue = string | number | boolean | null | QueryValue[] | { [key: string]: QueryValue }

export interface QueryResult {
  columns: QueryColumn[]
  rows: Record<string, QueryValue>[]
  /** True when the result was cut at the row limit. */
  truncated: boolean
}

/**
 * Runs Athena-dialect SQL over the catalog's tables.
 *
 * @example
 * const engine = await DuckDbEngine.open({ store, catalog, database: 'tunelake' })
 * const { rows } = await engine.run('SELECT count(*) AS n FROM tracks')
 */
export interface QueryEngine {
  run(sql: string): Promise<QueryResult>
  close(): Promise<void>
}
