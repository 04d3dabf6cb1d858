import type { Json } from '@duckdb/node-api'
import type { TrinoType } from '../dialect/types/trino-type.js'
import type { QueryValue } from '../query-engine.js'
import {
  decimalValue,
  floatValue,
  integerValue,
  intervalDayToSecondText,
  intervalYearToMonthText,
  timestampText,
  varbinaryText,
  zonedTimestampText,
} from '../trino-values.js'

/**
 * A value of DuckDB's JSON row form, typed by the Trino type the dialect gave its column, so a
 * value prints as Athena prints the same value (a timestamp(3) with three fraction digits, a
 * timestamp with time zone in its zone, a decimal as its exact digits).
 */
export function duckDbValue(value: Json, type: TrinoType): QueryValue {
  if (value === null) return null
  switch (type.kind) {
    case 'boolean':
      return Boolean(value)
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint':
      return integerValue(String(value))
    case 'real':
    case 'double':
      return floatValue(String(value))
    case 'decimal':
      return decimalValue(String(value))
    case 'timestamp':
      return timestampText(String(value), type.precision)
    case 'timestamptz':
      return zonedTimestampText(String(value), type.precision, type.zone)
    case 'interval day to second':
      return intervalDayToSecondText(value as { months: number; days: number; micros: string })
    case 'interval year to month':
      return intervalYearToMonthText(value as { months: number })
    case 'varbinary':
      return varbinaryText(String(value))
    case 'array':
      return (value as Json[]).map((v) => duckDbValue(v, type.element))
    case 'row': {
      // DuckDB names a struct's fields its own way; Trino's row fields are read by position.
      const values = Object.values(value as Record<string, Json>)
      const out: Record<string, QueryValue> = {}
      type.fields.forEach((field, i) => {
        out[field.name ?? `field${i}`] = duckDbValue(values[i] ?? null, field.type)
      })
      return out
    }
    case 'map': {
      const out: Record<string, QueryValue> = {}
      for (const entry of value as { key: Json; value: Json }[]) {
        out[String(duckDbValue(entry.key, type.key))] = duckDbValue(entry.value, type.value)
      }
      return out
    }
    default:
      return typeof value === 'string' ? value : JSON.stringify(value)
  }
}
