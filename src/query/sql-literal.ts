import { sqlString } from '../sql-quote.js'
import type { QueryParam } from './query-engine.js'

/**
 * A parameter value as an SQL literal, as Athena's `ExecutionParameters` take them (strings
 * quoted, quotes doubled) and as the local engine inlines them: `'it''s'`, `42`, `TRUE`, `NULL`.
 */
export function sqlLiteral(value: QueryParam): string {
  if (value === null) return 'NULL'
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return Number.isInteger(value) ? String(value) : `${value}E0`
    return `CAST('${Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity'}' AS double)`
  }
  return sqlString(value)
}
