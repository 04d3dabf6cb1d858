import { kindText } from '../insights/insight-params.js'
import type { Insight } from '../insights/insights.js'
import { ATHENA_MIN_BILLED_BYTES, athenaBilledBytes, formatBytes, formatUsd } from '../query/athena-cost.js'
import type { QueryResult, QueryValue, ScanEstimate } from '../query/query-engine.js'
import { valueText } from '../query/value-text.js'

export { valueText }

export type OutputFormat = 'table' | 'json' | 'csv'

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'csv']

/**
 * A query result as text: an aligned table, a JSON array of row objects, or RFC 4180 CSV. The
 * table and CSV print each value as Athena does for its column's type (value-text.ts).
 */
export function formatResult(result: QueryResult, format: OutputFormat): string {
  return [...resultText(result, format)].join('')
}

/**
 * The same text a line at a time (JSON whole), for printing results larger than one string may
 * hold: an aligned table pads every row to its widest value.
 */
export function* resultText(result: QueryResult, format: OutputFormat): Generator<string> {
  if (format === 'json') {
    yield `${JSON.stringify(result.rows, null, 2)}\n`
    return
  }
  if (format === 'csv') {
    const line = (cells: string[]) => `${cells.map(csvCell).join(',')}\r\n`
    yield line(result.columns.map((c) => c.name))
    for (const row of result.rows)
      yield line(result.columns.map((c) => cellText(row[c.name] ?? null, c.type)))
    return
  }
  const header = result.columns.map((c) => c.name)
  const cells = (row: QueryResult['rows'][number]) =>
    result.columns.map((c) => (row[c.name] == null ? 'NULL' : valueText(row[c.name]!, c.type)))
  const widths = header.map((h) => h.length)
  for (const row of result.rows) {
    cells(row).forEach((cell, i) => {
      widths[i] = Math.max(widths[i]!, cell.length)
    })
  }
  const line = (values: string[]) =>
    `${values
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join(' | ')
      .trimEnd()}\n`
  yield line(header)
  yield `${widths.map((w) => '-'.repeat(w)).join('-+-')}\n`
  for (const row of result.rows) yield line(cells(row))
  yield `(${result.rows.length} row${result.rows.length === 1 ? '' : 's'}${result.truncated ? ', cut at the row limit' : ''})\n`
}

/** A CSV cell: NULL is empty, anything else as Athena prints it. */
function cellText(value: QueryValue, type: string): string {
  return value === null ? '' : valueText(value, type)
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** What `--explain` prints: per table the partitions and columns read and their bytes, then Athena's price for the total. */
export function formatEstimate(estimate: ScanEstimate): string {
  const lines: string[] = []
  for (const scan of estimate.scans) {
    const parts: string[] = []
    if (scan.partitionsRead !== undefined && scan.partitionsTotal !== undefined) {
      parts.push(
        `${scan.partitionsRead} of ${scan.partitionsTotal} partitions${listed(scan.partitions ?? [])}`,
      )
    }
    if (scan.constraints && scan.constraints.length > 0) parts.push(`where ${scan.constraints.join(', ')}`)
    parts.push(scan.columns.length > 0 ? `columns ${scan.columns.join(', ')}` : 'no columns (footers only)')
    parts.push(scan.bytes === undefined ? 'size unknown' : formatBytes(scan.bytes))
    lines.push(`${scan.table}: ${parts.join('; ')}`)
  }
  if (estimate.scans.length === 0) lines.push('no table is read')
  if (estimate.bytes !== undefined && estimate.athenaCostUsd !== undefined) {
    const billed = athenaBilledBytes(estimate.bytes)
    const minimum = billed === ATHENA_MIN_BILLED_BYTES ? ' (its 10 MB minimum per query)' : ''
    lines.push(
      `total: ${formatBytes(estimate.bytes)} would be scanned; Athena would bill ${formatBytes(billed)}${minimum}: ${formatUsd(estimate.athenaCostUsd)} at $5 per TB`,
    )
  }
  for (const note of estimate.notes) lines.push(`note: ${note}`)
  return `${lines.join('\n')}\n`
}

function listed(partitions: readonly string[]): string {
  if (partitions.length === 0) return ''
  if (partitions.length <= 4) return ` (${partitions.join(', ')})`
  return ` (${partitions[0]} .. ${partitions.at(-1)})`
}

/** The line after a result: rows, time, and on Athena the bytes scanned and their cost. */
export function formatStats(result: QueryResult): string {
  const stats = result.stats
  const rows = `${result.rows.length} row${result.rows.length === 1 ? '' : 's'}`
  if (!stats) return rows
  const parts = [
    rows,
    `${(stats.elapsedMs / 1000).toFixed(2)} s on ${stats.engine === 'athena' ? 'Athena' : 'DuckDB'}`,
  ]
  if (stats.bytesScanned !== undefined) {
    parts.push(`${formatBytes(stats.bytesScanned)} scanned`)
    if (stats.costUsd !== undefined) parts.push(`${formatUsd(stats.costUsd)}`)
  }
  if (stats.queryId) parts.push(`query ${stats.queryId}`)
  return parts.join(', ')
}

/** `tunelake insights`: each insight with its parameters (required first, defaults shown) and what it shows. */
export function formatInsightList(insights: readonly Insight[]): string {
  const blocks = insights.map((insight) => {
    const specs = [...(insight.paramSpecs ?? [])].sort(
      (a, b) => Number(a.default !== undefined) - Number(b.default !== undefined),
    )
    const params = specs.map((p) =>
      p.default === undefined
        ? `--param ${p.name}=<${kindText(p.kind)}>`
        : `[--param ${p.name}=${p.default}]`,
    )
    return `${insight.name}  ${params.join(' ')}\n  ${insight.description}`
  })
  return `${blocks.join('\n')}\n`
}
