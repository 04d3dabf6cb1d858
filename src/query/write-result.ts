import { rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { writerConnection } from '../lake/parquet/duckdb-session.js'
import { quoteIdent, sqlString } from '../sql-quote.js'
import { QueryError } from './errors.js'
import type { QueryResult } from './query-engine.js'
import { baseType } from './trino-values.js'

/**
 * Writes a result to `file` (Parquet or CSV by its extension), typed by its Trino column types;
 * written to a temporary name and renamed, so the file appears whole or not at all.
 */
export async function writeResultFile(result: QueryResult, file: string, csv: () => string): Promise<void> {
  const ext = path.extname(file).toLowerCase()
  if (ext !== '.parquet' && ext !== '.csv') {
    throw new QueryError(`--out ${file}: the file name must end in .parquet or .csv`)
  }
  const target = path.resolve(file)
  const temp = `${target}.tmp-${process.pid}`
  try {
    if (ext === '.csv') await writeFile(temp, csv())
    else await writeParquetResult(result, temp)
    await rename(temp, target)
  } catch (error) {
    await rm(temp, { force: true })
    if (error instanceof QueryError) throw error
    throw new QueryError(
      `cannot write ${file} (${(error as Error).message.split('\n')[0]}); check the folder exists and is writable`,
    )
  }
}

async function writeParquetResult(result: QueryResult, file: string): Promise<void> {
  const connection = await writerConnection()
  const rows = `${file}.ndjson`
  try {
    await writeFile(rows, result.rows.map((row) => JSON.stringify(row)).join('\n'))
    const columns = result.columns
      .map((c) => `${sqlString(c.name)}: ${sqlString(duckType(c.type))}`)
      .join(', ')
    const select = result.columns.map((c) => quoteIdent(c.name)).join(', ')
    const source =
      result.rows.length > 0
        ? `read_json(${sqlString(rows)}, format = 'newline_delimited', columns = {${columns}})`
        : `(SELECT ${result.columns.map((c) => `CAST(NULL AS ${duckType(c.type)}) AS ${quoteIdent(c.name)}`).join(', ')} LIMIT 0)`
    await connection.run(
      `COPY (SELECT ${select} FROM ${source}) TO ${sqlString(file)} (FORMAT parquet, COMPRESSION snappy)`,
    )
  } finally {
    await rm(rows, { force: true })
  }
}

/** A Trino type as the DuckDB type of the Parquet column (timestamps in milliseconds, as Athena reads them). */
function duckType(type: string): string {
  const base = baseType(type)
  const inner = /^array\((.*)\)$/i.exec(type)
  if (inner) return `${duckType(inner[1]!)}[]`
  switch (base) {
    case 'boolean':
      return 'BOOLEAN'
    case 'tinyint':
    case 'smallint':
    case 'integer':
      return 'INTEGER'
    case 'bigint':
      return 'BIGINT'
    case 'real':
    case 'double':
      return 'DOUBLE'
    case 'decimal':
      return type.toUpperCase()
    case 'date':
      return 'DATE'
    case 'timestamp':
      return type.includes('time zone') ? 'TIMESTAMPTZ' : 'TIMESTAMP_MS'
    default:
      return 'VARCHAR'
  }
}
