import type { DuckDBConnection } from '@duckdb/node-api'

let connection: Promise<DuckDBConnection> | undefined

/**
 * The process's private in-memory DuckDB connection for writing Parquet (trusted SQL only;
 * user SQL runs on the locked-down engine in query/). Loaded on first use, so commands that
 * never write Parquet never load DuckDB.
 */
export function writerConnection(): Promise<DuckDBConnection> {
  connection ??= (async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api')
    const instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      threads: '2',
    })
    return instance.connect()
  })()
  return connection
}
