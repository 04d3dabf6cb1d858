import type { GlueTableInput } from '../../catalog/glue-shapes.js'
import { quoteIdent, sqlString } from '../../sql-quote.js'
import {
  INFORMATION_SCHEMA,
  INFORMATION_SCHEMA_TABLES,
  type InformationSchemaValue,
  informationSchemaRows,
} from '../metadata/information-schema.js'
import { INFORMATION_SCHEMA_SCHEMA } from './duckdb-confinement.js'

/**
 * Athena's information_schema as tables of the engine's own (DuckDB's information_schema
 * describes DuckDB, not the catalog, and cannot be replaced): queries name
 * `information_schema.tables` and the confinement step points them here.
 */
export function informationSchemaStatements(database: string, tables: readonly GlueTableInput[]): string[] {
  const rows = informationSchemaRows(database, tables)
  const statements = [`CREATE SCHEMA ${INFORMATION_SCHEMA_SCHEMA}`]
  for (const table of INFORMATION_SCHEMA) {
    if (!INFORMATION_SCHEMA_TABLES.has(table.name)) continue
    const name = `${INFORMATION_SCHEMA_SCHEMA}.${quoteIdent(table.name)}`
    const columns = table.columns.map(
      (c) => `${quoteIdent(c.name)} ${c.type === 'bigint' ? 'BIGINT' : 'VARCHAR'}`,
    )
    statements.push(`CREATE TABLE ${name} (${columns.join(', ')})`)
    const values = (rows[table.name] ?? []).map((row) => `(${row.map(literal).join(', ')})`)
    if (values.length > 0) statements.push(`INSERT INTO ${name} VALUES ${values.join(', ')}`)
  }
  return statements
}

function literal(value: InformationSchemaValue): string {
  if (value === null) return 'NULL'
  return typeof value === 'number' ? String(value) : sqlString(value)
}
