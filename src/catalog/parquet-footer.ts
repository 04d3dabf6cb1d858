import { parquetMetadata, parquetSchema } from 'hyparquet'
import type { GlueColumn } from './glue-shapes.js'

type SchemaTree = ReturnType<typeof parquetSchema>
type SchemaElement = SchemaTree['element']

export interface ParquetFooter {
  columns: GlueColumn[]
  rows: number
}

/** The Glue columns and row count of a Parquet file, read from its footer. Throws on a corrupt file. */
export function readParquetFooter(bytes: Uint8Array): ParquetFooter {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  const metadata = parquetMetadata(buffer)
  const schema = parquetSchema(metadata)
  return {
    columns: schema.children.map((child) => ({
      Name: child.element.name.toLowerCase(),
      Type: glueType(child),
    })),
    rows: Number(metadata.num_rows),
  }
}

/** Parquet type to Glue/Hive type, as a Glue crawler maps it. */
function glueType(node: SchemaTree): string {
  const element = node.element
  if (element.converted_type === 'LIST' || element.logical_type?.type === 'LIST') {
    const repeated = node.children[0]
    const item = repeated && repeated.children.length === 1 ? repeated.children[0]! : repeated
    return `array<${item ? glueType(item) : 'string'}>`
  }
  if (element.converted_type === 'MAP' || element.logical_type?.type === 'MAP') {
    const entry = node.children[0]
    const [key, value] = entry?.children ?? []
    return `map<${key ? glueType(key) : 'string'},${value ? glueType(value) : 'string'}>`
  }
  if (node.children.length > 0) {
    return `struct<${node.children.map((c) => `${c.element.name.toLowerCase()}:${glueType(c)}`).join(',')}>`
  }
  return primitiveType(element)
}

function primitiveType(element: SchemaElement): string {
  const logical = element.logical_type
  if (element.converted_type === 'DECIMAL' || logical?.type === 'DECIMAL') {
    return `decimal(${element.precision ?? 38},${element.scale ?? 0})`
  }
  if (element.converted_type === 'DATE' || logical?.type === 'DATE') return 'date'
  if (
    logical?.type === 'TIMESTAMP' ||
    element.converted_type?.startsWith('TIMESTAMP') ||
    element.type === 'INT96'
  ) {
    return 'timestamp'
  }
  switch (element.type) {
    case 'BOOLEAN':
      return 'boolean'
    case 'INT32':
      if (element.converted_type === 'INT_8') return 'tinyint'
      if (element.converted_type === 'INT_16') return 'smallint'
      return 'int'
    case 'INT64':
      return 'bigint'
    case 'FLOAT':
      return 'float'
    case 'DOUBLE':
      return 'double'
    case 'BYTE_ARRAY':
    case 'FIXED_LEN_BYTE_ARRAY':
      return isString(element) ? 'string' : 'binary'
    default:
      return 'string'
  }
}

function isString(element: SchemaElement): boolean {
  const logical = element.logical_type?.type
  return (
    element.converted_type === 'UTF8' ||
    element.converted_type === 'ENUM' ||
    element.converted_type === 'JSON' ||
    logical === 'STRING' ||
    logical === 'ENUM' ||
    logical === 'JSON'
  )
}
