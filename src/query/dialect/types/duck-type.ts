import { quoteIdent } from '../../../sql-quote.js'
import type { TrinoType } from './trino-type.js'

/** A DuckDB logical type as `json_serialize_sql` writes it (`{ id: 'DECIMAL', type_info: {...} }`). */
export interface DuckType {
  id: string
  type_info: Record<string, unknown> | null
}

const plain = (id: string): DuckType => ({ id, type_info: null })

const info = (type: string, fields: Record<string, unknown>): Record<string, unknown> => ({
  type,
  alias: '',
  extension_info: null,
  ...fields,
})

export const duckDecimal = (width: number, scale: number): DuckType => ({
  id: 'DECIMAL',
  type_info: info('DECIMAL_TYPE_INFO', { width, scale }),
})

export const duckList = (child: DuckType): DuckType => ({
  id: 'LIST',
  type_info: info('LIST_TYPE_INFO', { child_type: child }),
})

export const duckStruct = (fields: [string, DuckType][]): DuckType => ({
  id: 'STRUCT',
  type_info: info('STRUCT_TYPE_INFO', { child_types: fields.map(([first, second]) => ({ first, second })) }),
})

export const duckMap = (key: DuckType, value: DuckType): DuckType => ({
  id: 'MAP',
  type_info: info('LIST_TYPE_INFO', {
    child_type: duckStruct([
      ['key', key],
      ['value', value],
    ]),
  }),
})

/** DuckDB's JSON type (from its json extension), named as the parser leaves it. */
export const DUCK_JSON: DuckType = {
  id: 'UNBOUND',
  type_info: info('UNBOUND_TYPE_INFO', { name: 'JSON', catalog: '', schema: '', user_type_modifiers: [] }),
}

/**
 * The DuckDB type that holds a Trino type's values in the local engine: integers, floats and
 * decimals alike, strings as VARCHAR (a length is Trino's type only), timestamps in microseconds
 * (values rounded to the Trino precision), a timestamp with time zone as the instant (its zone is
 * the analysis's), rows as structs (unnamed fields as `_1`, `_2`, ...).
 */
export function duckTypeOf(type: TrinoType): DuckType {
  switch (type.kind) {
    case 'unknown':
      return plain('NULL')
    case 'boolean':
      return plain('BOOLEAN')
    case 'tinyint':
      return plain('TINYINT')
    case 'smallint':
      return plain('SMALLINT')
    case 'integer':
      return plain('INTEGER')
    case 'bigint':
      return plain('BIGINT')
    case 'real':
      return plain('FLOAT')
    case 'double':
      return plain('DOUBLE')
    case 'decimal':
      return duckDecimal(type.precision, type.scale)
    case 'varchar':
    case 'char':
      return plain('VARCHAR')
    case 'varbinary':
      return plain('BLOB')
    case 'json':
      return DUCK_JSON
    case 'date':
      return plain('DATE')
    case 'time':
      return plain('TIME')
    case 'timestamp':
      return plain('TIMESTAMP')
    case 'timestamptz':
      return plain('TIMESTAMP WITH TIME ZONE')
    case 'interval year to month':
    case 'interval day to second':
      return plain('INTERVAL')
    case 'uuid':
      return plain('UUID')
    case 'array':
      return duckList(duckTypeOf(type.element))
    case 'map':
      return duckMap(duckTypeOf(type.key), duckTypeOf(type.value))
    case 'row':
      return duckStruct(type.fields.map((f, i) => [f.name ?? `_${i + 1}`, duckTypeOf(f.type)]))
  }
}

/** The same type as DuckDB SQL text, for macros and views. */
export function duckTypeSql(type: TrinoType): string {
  switch (type.kind) {
    case 'unknown':
      return 'INTEGER'
    case 'decimal':
      return `DECIMAL(${type.precision},${type.scale})`
    case 'json':
      return 'JSON'
    case 'array':
      return `${duckTypeSql(type.element)}[]`
    case 'map':
      return `MAP(${duckTypeSql(type.key)}, ${duckTypeSql(type.value)})`
    case 'row':
      return `STRUCT(${type.fields.map((f, i) => `${quoteIdent(f.name ?? `_${i + 1}`)} ${duckTypeSql(f.type)}`).join(', ')})`
    default:
      return duckTypeOf(type).id
  }
}
