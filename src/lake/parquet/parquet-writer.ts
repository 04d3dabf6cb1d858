import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sqlString } from '../../sql-quote.js'
import { writerConnection } from './duckdb-session.js'

/** The columns of a Parquet file, by name and DuckDB type (a table spec of the transform is one). */
export interface ParquetSchema {
  readonly columns: readonly { readonly name: string; readonly type: string }[]
}

/**
 * Rows of one table partition as a Parquet file (Snappy), typed by the schema: timestamps
 * as TIMESTAMP_MILLIS (what Athena reads from Hive tables), dates as DATE. Zero rows still give a
 * file with the table's schema, so the crawler and the engine see the columns.
 */
export async function writeParquet(
  spec: ParquetSchema,
  rows: readonly Readonly<Record<string, unknown>>[],
): Promise<Uint8Array> {
  const connection = await writerConnection()
  const dir = await mkdtemp(path.join(tmpdir(), 'tunelake-parquet-'))
  try {
    const input = path.join(dir, 'rows.ndjson')
    const output = path.join(dir, 'part.parquet')
    const columns = spec.columns.map((c) => `${c.name}: ${sqlString(c.type)}`).join(', ')
    let source: string
    if (rows.length > 0) {
      await writeFile(input, `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`)
      source = `read_json(${sqlString(input)}, format='newline_delimited', columns={${columns}})`
    } else {
      const nulls = spec.columns.map((c) => `CAST(NULL AS ${c.type}) AS ${c.name}`).join(', ')
      source = `(SELECT ${nulls} LIMIT 0)`
    }
    const select = spec.columns.map((c) => c.name).join(', ')
    await connection.run(
      `COPY (SELECT ${select} FROM ${source}) TO ${sqlString(output)} (FORMAT parquet, COMPRESSION snappy)`,
    )
    return new Uint8Array(await readFile(output))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
