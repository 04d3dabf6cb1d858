import {
  type DuckDBDecimalType,
  type DuckDBListType,
  type DuckDBMapType,
  type DuckDBStructType,
  type DuckDBType,
  DuckDBTypeId,
  type Json,
} from '@duckdb/node-api'
import type { QueryValue } from '../query-engine.js'
import { floatValue, integerValue, timestampText } from '../trino-values.js'

/** A DuckDB result type by its Trino name, so both engines describe columns the same way. */
export function trinoTypeName(type: DuckDBType): string {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return 'boolean'
    case DuckDBTypeId.TINYINT:
      return 'tinyint'
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.UTINYINT:
      return 'smallint'
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.USMALLINT:
      return 'integer'
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.HUGEINT: // DuckDB sums integers to HUGEINT where Trino says bigint
      return 'bigint'
    case DuckDBTypeId.UBIGINT:
      return 'decimal(20,0)'
    case DuckDBTypeId.UHUGEINT:
      return 'decimal(38,0)'
    case DuckDBTypeId.FLOAT:
      return 'real'
    case DuckDBTypeId.DOUBLE:
      return 'double'
    case DuckDBTypeId.DECIMAL: {
      const decimal = type as DuckDBDecimalType
      return `decimal(${decimal.width},${decimal.scale})`
    }
    case DuckDBTypeId.VARCHAR:
    case DuckDBTypeId.ENUM:
      return 'varchar'
    case DuckDBTypeId.BLOB:
      return 'varbinary'
    case DuckDBTypeId.DATE:
      return 'date'
    case DuckDBTypeId.TIME:
      return 'time'
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return 'timestamp'
    case DuckDBTypeId.TIMESTAMP_TZ:
      return 'timestamp with time zone'
    case DuckDBTypeId.INTERVAL:
      return 'interval day to second'
    case DuckDBTypeId.UUID:
      return 'uuid'
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return `array(${trinoTypeName((type as DuckDBListType).valueType)})`
    case DuckDBTypeId.STRUCT: {
      const struct = type as DuckDBStructType
      const fields = struct.entryNames.map((name, i) => `${name} ${trinoTypeName(struct.entryTypes[i]!)}`)
      return `row(${fields.join(', ')})`
    }
    case DuckDBTypeId.MAP: {
      const map = type as DuckDBMapType
      return `map(${trinoTypeName(map.keyType)}, ${trinoTypeName(map.valueType)})`
    }
    case DuckDBTypeId.SQLNULL:
      return 'unknown'
    default:
      return String(type).toLowerCase()
  }
}

/** A value of DuckDB's JSON row form, typed as the Athena engine types the same Trino type. */
export function duckDbValue(value: Json, type: DuckDBType): QueryValue {
  if (value === null) return null
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return Boolean(value)
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return integerValue(String(value))
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.DECIMAL:
      return floatValue(String(value))
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return timestampText(String(value))
    case DuckDBTypeId.INTERVAL:
      return intervalText(value as { months: number; days: number; micros: string })
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY: {
      const element = (type as DuckDBListType).valueType
      return (value as Json[]).map((v) => duckDbValue(v, element))
    }
    case DuckDBTypeId.STRUCT: {
      const struct = type as DuckDBStructType
      const record = value as Record<string, Json>
      const out: Record<string, QueryValue> = {}
      struct.entryNames.forEach((name, i) => {
        out[name] = duckDbValue(record[name] ?? null, struct.entryTypes[i]!)
      })
      return out
    }
    case DuckDBTypeId.MAP: {
      const map = type as DuckDBMapType
      const out: Record<string, QueryValue> = {}
      for (const entry of value as { key: Json; value: Json }[]) {
        out[String(duckDbValue(entry.key, map.keyType))] = duckDbValue(entry.value, map.valueType)
      }
      return out
    }
    default:
      return typeof value === 'string' ? value : JSON.stringify(value)
  }
}

/** An interval as Trino prints one: `2 03:04:05.000` (day to second) or `1-2` (year to month). */
function intervalText(value: { months: number; days: number; micros: string }): string {
  if (value.months !== 0 && value.days === 0 && Number(value.micros) === 0) {
    return `${Math.trunc(value.months / 12)}-${value.months % 12}`
  }
  const micros = Number(value.micros)
  const ms = Math.trunc(micros / 1000) % 1000
  const seconds = Math.trunc(micros / 1_000_000)
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${value.days} ${pad(Math.trunc(seconds / 3600))}:${pad(Math.trunc(seconds / 60) % 60)}:${pad(seconds % 60)}.${pad(ms, 3)}`
}
