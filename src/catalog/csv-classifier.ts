import type { GlueColumn } from './glue-shapes.js'

/** What Glue's built-in CSV classifier finds in a sample. */
export interface CsvSchema {
  delimiter: string
  header: boolean
  quoted: boolean
  columns: GlueColumn[]
  /** Data records in the sample (the header excluded) and the sample's bytes per record. */
  records: number
  bytesPerRecord: number
}

/** Glue's CSV delimiters, in the order it tries them. */
const DELIMITERS = [',', '|', '\t', ';', '\u0001']
const SAMPLE_RECORDS = 1000

/**
 * Glue's built-in CSV classifier on a text sample: the first delimiter giving every record the
 * same number (>= 2) of fields over >= 2 records. The first record is a header only when every
 * cell of it reads as a string, each but the last is under 150 characters and a valid column name
 * (the last may be empty), and at least one column of the data reads as something other than
 * string: so an all-string file gets no header and columns `col0..colN`. Types: integers are
 * `bigint`, other numbers `double`, `true`/`false` `boolean`, anything else (dates too) `string`.
 * Returns undefined when the text is not CSV by those rules.
 *
 * @example
 * classifyCsv('id,name\n1,a\n2,b\n', false)?.columns // [{Name:'id',Type:'bigint'},{Name:'name',Type:'string'}]
 */
export function classifyCsv(text: string, truncated: boolean): CsvSchema | undefined {
  for (const delimiter of DELIMITERS) {
    const parsed = parseRecords(text, delimiter, truncated)
    if (!parsed) continue
    const { records, quoted } = parsed
    const width = records[0]?.length ?? 0
    if (width < 2 || records.length < 2 || records.some((r) => r.length !== width)) continue
    const [first, ...rest] = records as [string[], ...string[][]]
    const dataTypes = columnTypes(rest, width)
    const header = isHeader(first, dataTypes)
    const data = header ? rest : records
    const types = header ? dataTypes : columnTypes(records, width)
    const names = header ? headerNames(first) : types.map((_, i) => `col${i}`)
    return {
      delimiter,
      header,
      quoted,
      columns: names.map((Name, i) => ({ Name, Type: types[i]! })),
      records: data.length,
      bytesPerRecord: data.length > 0 ? Buffer.byteLength(text) / records.length : 0,
    }
  }
  return undefined
}

/** RFC 4180 records (quotes, doubled quotes, quoted newlines); undefined on an unclosed quote. */
function parseRecords(
  text: string,
  delimiter: string,
  truncated: boolean,
): { records: string[][]; quoted: boolean } | undefined {
  const records: string[][] = []
  let field = ''
  let record: string[] = []
  let quoted = false
  let inQuotes = false
  let i = 0
  const end = () => {
    record.push(field)
    field = ''
    if (!(record.length === 1 && record[0] === '')) records.push(record)
    record = []
  }
  while (i < text.length && records.length < SAMPLE_RECORDS + 1) {
    const c = text[i]!
    if (inQuotes) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i += 2
        continue
      }
      if (c === '"') inQuotes = false
      else field += c
      i++
      continue
    }
    if (c === '"' && field === '') {
      inQuotes = true
      quoted = true
    } else if (c === delimiter) {
      record.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      end()
    } else {
      field += c
    }
    i++
  }
  const cut = truncated || i < text.length // the sample, or the records read, end mid-file
  if (inQuotes && !cut) return undefined // a quote never closed
  if (!inQuotes && !cut && (field !== '' || record.length > 0)) end() // no newline at the end
  return { records, quoted }
}

type CellType = 'bigint' | 'double' | 'boolean' | 'string'

const INTEGER = /^[+-]?\d+$/
const DECIMAL = /^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/

function cellType(cell: string): CellType | undefined {
  const value = cell.trim()
  if (value === '') return undefined
  if (INTEGER.test(value)) {
    const n = BigInt(value)
    return n >= -(2n ** 63n) && n < 2n ** 63n ? 'bigint' : 'double'
  }
  if (DECIMAL.test(value)) return 'double'
  if (/^(true|false)$/i.test(value)) return 'boolean'
  return 'string'
}

function columnTypes(records: readonly string[][], width: number): CellType[] {
  const types: (CellType | undefined)[] = new Array(width).fill(undefined)
  for (const record of records) {
    record.forEach((cell, i) => {
      const type = cellType(cell)
      if (type) types[i] = mergeCell(types[i], type)
    })
  }
  return types.map((t) => t ?? 'string')
}

function mergeCell(a: CellType | undefined, b: CellType): CellType {
  if (a === undefined || a === b) return b
  if ((a === 'bigint' && b === 'double') || (a === 'double' && b === 'bigint')) return 'double'
  return 'string'
}

/** Glue's column-name rule for a header cell: one line of text, no control characters but tab. */
function isColumnName(cell: string): boolean {
  if (cell === '') return false
  for (let i = 0; i < cell.length; i++) {
    const code = cell.charCodeAt(i)
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return false
  }
  return true
}

function isHeader(first: readonly string[], dataTypes: readonly CellType[]): boolean {
  const last = first.length - 1
  const cellsOk = first.every((cell, i) => {
    if (i === last && cell === '') return true
    if (cellType(cell) !== 'string') return false
    if (i !== last && cell.length >= 150) return false
    return isColumnName(cell)
  })
  return cellsOk && dataTypes.some((t) => t !== 'string')
}

function headerNames(first: readonly string[]): string[] {
  const seen = new Map<string, number>()
  return first.map((cell, i) => {
    const base = cell.trim().toLowerCase() || `col${i}`
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    return count === 0 ? base : `${base}_${count}`
  })
}
