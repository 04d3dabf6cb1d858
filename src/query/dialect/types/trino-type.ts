/**
 * Trino's (Athena engine v3's) types, as the dialect's type analysis sees them: parsed from the
 * names SQL writes (`decimal(10,2)`, `array(row(x integer))`, `timestamp(3) with time zone`) and
 * printed as Trino prints them (`typeof()`, result column types).
 *
 * A `timestamp with time zone` also carries its zone: Trino keeps a zone in each value and prints
 * it, the local engine keeps one zone per expression, known from the query (a literal, `AT TIME
 * ZONE 'Europe/Berlin'`, the session's UTC); an expression whose zone varies by row is refused.
 */
export type TrinoType =
  | { kind: 'unknown' }
  | { kind: 'boolean' }
  | { kind: 'tinyint' }
  | { kind: 'smallint' }
  | { kind: 'integer' }
  | { kind: 'bigint' }
  | { kind: 'real' }
  | { kind: 'double' }
  | { kind: 'decimal'; precision: number; scale: number }
  | { kind: 'varchar'; length?: number }
  | { kind: 'char'; length: number }
  | { kind: 'varbinary' }
  | { kind: 'json' }
  | { kind: 'date' }
  | { kind: 'time'; precision: number }
  | { kind: 'timestamp'; precision: number }
  | { kind: 'timestamptz'; precision: number; zone: string }
  | { kind: 'interval year to month' }
  | { kind: 'interval day to second' }
  | { kind: 'uuid' }
  | { kind: 'array'; element: TrinoType }
  | { kind: 'map'; key: TrinoType; value: TrinoType }
  | { kind: 'row'; fields: RowField[] }

export interface RowField {
  name?: string
  type: TrinoType
}

export type TypeKind = TrinoType['kind']

export const UNKNOWN: TrinoType = { kind: 'unknown' }
export const BOOLEAN: TrinoType = { kind: 'boolean' }
export const TINYINT: TrinoType = { kind: 'tinyint' }
export const SMALLINT: TrinoType = { kind: 'smallint' }
export const INTEGER: TrinoType = { kind: 'integer' }
export const BIGINT: TrinoType = { kind: 'bigint' }
export const REAL: TrinoType = { kind: 'real' }
export const DOUBLE: TrinoType = { kind: 'double' }
export const VARCHAR: TrinoType = { kind: 'varchar' }
export const VARBINARY: TrinoType = { kind: 'varbinary' }
export const JSON_TYPE: TrinoType = { kind: 'json' }
export const DATE: TrinoType = { kind: 'date' }
export const INTERVAL_DS: TrinoType = { kind: 'interval day to second' }
export const INTERVAL_YM: TrinoType = { kind: 'interval year to month' }
export const UUID: TrinoType = { kind: 'uuid' }

export const decimal = (precision: number, scale = 0): TrinoType => ({ kind: 'decimal', precision, scale })
export const varchar = (length?: number): TrinoType =>
  length === undefined ? VARCHAR : { kind: 'varchar', length }
export const timestamp = (precision = 3): TrinoType => ({ kind: 'timestamp', precision })
export const timestampTz = (precision: number, zone: string): TrinoType => ({
  kind: 'timestamptz',
  precision,
  zone,
})
export const arrayOf = (element: TrinoType): TrinoType => ({ kind: 'array', element })
export const mapOf = (key: TrinoType, value: TrinoType): TrinoType => ({ kind: 'map', key, value })
export const rowOf = (fields: RowField[]): TrinoType => ({ kind: 'row', fields })

/**
 * The zone of a `timestamp with time zone` expression whose values come from several zones
 * (a CASE over two); what depends on the zone (printing, `hour()`) is refused for it.
 */
export const MIXED_ZONES = '*'

/** The largest precision of a decimal, in Trino as in DuckDB. */
export const MAX_DECIMAL_PRECISION = 38

/** Trino's name of a type, as `typeof()` and the result's column types print it. */
export function typeName(type: TrinoType): string {
  switch (type.kind) {
    case 'decimal':
      return `decimal(${type.precision},${type.scale})`
    case 'varchar':
      return type.length === undefined ? 'varchar' : `varchar(${type.length})`
    case 'char':
      return `char(${type.length})`
    case 'time':
      return `time(${type.precision})`
    case 'timestamp':
      return `timestamp(${type.precision})`
    case 'timestamptz':
      return `timestamp(${type.precision}) with time zone`
    case 'array':
      return `array(${typeName(type.element)})`
    case 'map':
      return `map(${typeName(type.key)}, ${typeName(type.value)})`
    case 'row':
      return `row(${type.fields.map((f) => (f.name === undefined ? typeName(f.type) : `${f.name} ${typeName(f.type)}`)).join(', ')})`
    default:
      return type.kind
  }
}

const INTEGRAL: ReadonlySet<TypeKind> = new Set(['tinyint', 'smallint', 'integer', 'bigint'])

export function isIntegral(type: TrinoType): boolean {
  return INTEGRAL.has(type.kind)
}

/** Integers, decimals and floating point numbers. */
export function isNumeric(type: TrinoType): boolean {
  return isIntegral(type) || type.kind === 'decimal' || type.kind === 'real' || type.kind === 'double'
}

export function isString(type: TrinoType): boolean {
  return type.kind === 'varchar' || type.kind === 'char'
}

/** True when the type or a type inside it is one of `kinds`. */
export function containsKind(type: TrinoType, kinds: ReadonlySet<TypeKind>): boolean {
  if (kinds.has(type.kind)) return true
  switch (type.kind) {
    case 'array':
      return containsKind(type.element, kinds)
    case 'map':
      return containsKind(type.key, kinds) || containsKind(type.value, kinds)
    case 'row':
      return type.fields.some((f) => containsKind(f.type, kinds))
    default:
      return false
  }
}

/** The precision and scale of the decimal an integral type widens to (Trino's coercion rules). */
export function integralAsDecimal(type: TrinoType): { precision: number; scale: number } | undefined {
  switch (type.kind) {
    case 'tinyint':
      return { precision: 3, scale: 0 }
    case 'smallint':
      return { precision: 5, scale: 0 }
    case 'integer':
      return { precision: 10, scale: 0 }
    case 'bigint':
      return { precision: 19, scale: 0 }
    case 'decimal':
      return { precision: type.precision, scale: type.scale }
    default:
      return undefined
  }
}
