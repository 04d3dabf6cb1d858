/** RFC 4180 CSV of a query result, as `tunelake query --format csv` writes it (pure; no DOM). */
import type { QueryColumn, QueryValue } from '../../server/api-types.js'

export function toCsv(columns: readonly QueryColumn[], rows: readonly Record<string, QueryValue>[]): string {
  const lines = [columns.map((c) => cell(c.name))]
  for (const row of rows) lines.push(columns.map((c) => cell(text(row[c.name] ?? null))))
  return `${lines.map((cells) => cells.join(',')).join('\r\n')}\r\n`
}

function text(value: QueryValue): string {
  if (value === null) return ''
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}
