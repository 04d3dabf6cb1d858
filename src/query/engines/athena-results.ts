import type { QueryColumn, QueryRow } from '../query-engine.js'
import { uniqueColumnNames } from '../query-stream.js'
import { athenaValue } from '../trino-values.js'

/** The parts of Athena's ColumnInfo the engine reads. */
export interface AthenaColumnInfo {
  Name?: string
  Label?: string
  Type?: string
  Precision?: number
  Scale?: number
}

/** One row of GetQueryResults: each datum's `VarCharValue`, absent for NULL. */
export interface AthenaRow {
  Data?: { VarCharValue?: string }[]
}

/**
 * Athena's result columns with Trino type names, as `typeof()` writes them: `float` is Trino's
 * `real`, decimals carry precision and scale, a bounded varchar its length (`varchar(3)`), a
 * timestamp its precision (`timestamp(3)`).
 */
export function athenaColumns(info: readonly AthenaColumnInfo[]): QueryColumn[] {
  const names = uniqueColumnNames(info.map((c, i) => c.Label ?? c.Name ?? `_col${i}`))
  return info.map((c, i) => ({ name: names[i]!, type: athenaType(c) }))
}

/** The largest length Athena reports for a varchar: an unbounded one. */
const UNBOUNDED_VARCHAR = 2147483647

function athenaType(info: AthenaColumnInfo): string {
  const type = (info.Type ?? 'varchar').toLowerCase()
  if (type === 'float') return 'real'
  if (type === 'int') return 'integer'
  if (type === 'decimal' && info.Precision !== undefined)
    return `decimal(${info.Precision},${info.Scale ?? 0})`
  if (type === 'varchar' && info.Precision && info.Precision < UNBOUNDED_VARCHAR)
    return `varchar(${info.Precision})`
  if (type === 'timestamp') return `timestamp(${info.Precision || 3})`
  if (type === 'timestamp with time zone') return `timestamp(${info.Precision || 3}) with time zone`
  return type
}

/**
 * The typed rows of one GetQueryResults page. For SELECT (DML) queries the first row of the
 * first page only is the header, which `skipHeader` drops; later pages do not repeat it.
 */
export function athenaRows(
  rows: readonly AthenaRow[],
  columns: readonly QueryColumn[],
  skipHeader: boolean,
): QueryRow[] {
  const data = skipHeader ? rows.slice(1) : rows
  return data.map((row) => {
    const out: QueryRow = {}
    columns.forEach((column, i) => {
      out[column.name] = athenaValue(row.Data?.[i]?.VarCharValue, column.type)
    })
    return out
  })
}
