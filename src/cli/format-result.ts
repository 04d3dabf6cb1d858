import type { QueryResult, QueryValue } from '../query/query-engine.js'

export type OutputFormat = 'table' | 'json' | 'csv'

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'csv']

/** A query result as text: an aligned table, a JSON array of row objects, or RFC 4180 CSV. */
export function formatResult(result: QueryResult, format: OutputFormat): string {
  if (format === 'json') return `${JSON.stringify(result.rows, null, 2)}\n`
  if (format === 'csv') {
    const lines = [result.columns.map((c) => csvCell(c.name))]
    for (const row of result.rows) lines.push(result.columns.map((c) => csvCell(text(row[c.name] ?? null))))
    return `${lines.map((cells) => cells.join(',')).join('\r\n')}\r\n`
  }
  const header = result.columns.map((c) => c.name)
  const body = result.rows.map((row) =>
    result.columns.map((c) => (row[c.name] == null ? 'NULL' : text(row[c.name]!))),
  )
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)))
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join(' | ')
      .trimEnd()
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-')
  const count = `(${result.rows.length} row${result.rows.length === 1 ? '' : 's'}${result.truncated ? ', cut at the row limit' : ''})`
  return `${[line(header), rule, ...body.map(line), count].join('\n')}\n`
}

function text(value: QueryValue): string {
  if (value === null) return ''
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}
