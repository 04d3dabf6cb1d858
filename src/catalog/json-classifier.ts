import type { GlueColumn } from './glue-shapes.js'
import { widenType } from './type-widening.js'

export interface JsonSchema {
  columns: GlueColumn[]
  records: number
  bytesPerRecord: number
}

const SAMPLE_RECORDS = 1000

/**
 * Glue's JSON classifier on a text sample: JSON lines (one object per line), or one JSON object.
 * Column types come from the values: integers `int` (`bigint` beyond 32 bits), other numbers
 * `double`, `boolean`, `string`, objects `struct<...>`, arrays `array<...>`; a column that is
 * only ever null is `string`; different types in different records widen by the lattice.
 * Names are lower-cased, as the Data Catalog keeps them. Undefined when the text is not that.
 *
 * @example
 * classifyJson('{"id": 1, "tags": ["a"]}\n{"id": 2}\n', false)?.columns
 * // [{ Name: 'id', Type: 'int' }, { Name: 'tags', Type: 'array<string>' }]
 */
export function classifyJson(text: string, truncated: boolean): JsonSchema | undefined {
  const records = jsonRecords(text, truncated)
  if (!records || records.length === 0) return undefined
  const types = new Map<string, string | undefined>()
  for (const record of records) mergeInto(types, record)
  return {
    columns: [...types].map(([Name, Type]) => ({ Name, Type: Type ?? 'string' })),
    records: records.length,
    bytesPerRecord: Buffer.byteLength(text) / records.length,
  }
}

function jsonRecords(text: string, truncated: boolean): Record<string, unknown>[] | undefined {
  const body = text.trim()
  if (!body.startsWith('{')) return undefined
  if (!truncated) {
    try {
      const whole: unknown = JSON.parse(body)
      return isRecord(whole) ? [whole] : undefined
    } catch {
      // not one document: JSON lines, then
    }
  }
  const lines = body.split('\n')
  if (truncated) lines.pop() // the sample may end mid-line
  const records: Record<string, unknown>[] = []
  for (const line of lines.slice(0, SAMPLE_RECORDS)) {
    if (line.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      return undefined
    }
    if (!isRecord(value)) return undefined
    records.push(value)
  }
  return records
}

function mergeInto(types: Map<string, string | undefined>, record: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(record)) {
    const name = key.toLowerCase()
    const type = typeOf(value)
    const current = types.get(name)
    types.set(name, current === undefined ? type : type === undefined ? current : widenType(current, type))
  }
}

/** The Glue type of a JSON value; undefined for null (it says nothing about the type). */
function typeOf(value: unknown): string | undefined {
  if (value === null) return undefined
  if (typeof value === 'boolean') return 'boolean'
  if (typeof value === 'string') return 'string'
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'double'
    return value >= -(2 ** 31) && value < 2 ** 31 ? 'int' : 'bigint'
  }
  if (Array.isArray(value)) {
    let item: string | undefined
    for (const element of value) {
      const type = typeOf(element)
      if (type !== undefined) item = item === undefined ? type : widenType(item, type)
    }
    return `array<${item ?? 'string'}>`
  }
  const fields = new Map<string, string | undefined>()
  mergeInto(fields, value as Record<string, unknown>)
  return `struct<${[...fields].map(([name, type]) => `${name}:${type ?? 'string'}`).join(',')}>`
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
