/** From an insight's rows to a chart's labels and datasets (pure; no DOM, no chart library). */
import type { QueryColumn, QueryValue } from '../../server/api-types.js'
import type { ChartSpec } from './chart-specs.js'

/** The column saying where an insight's values come from (spotify, open_data): shown under the chart, never drawn. */
export const SOURCE_COLUMN = 'source'

export interface ChartSeries {
  label: string
  data: (number | null)[]
}

export interface ChartData {
  labels: string[]
  datasets: ChartSeries[]
  /** The column of the labels, and of each dataset's values ('rows' when rows were counted). */
  xColumn: string
  yColumns: string[]
  seriesColumn?: string
}

/** Numeric type names of Trino and DuckDB (`bigint`, `double`, `decimal(4,1)`, `HUGEINT`, ...). */
const NUMERIC = /^(u?(tiny|small|big|huge)?int(eger)?\d*|double|float\d*|real|decimal|numeric)\b/i
const DATE_LIKE = /(^|_)(date|day)($|_)/i
const MAX_SERIES = 12

export function isNumeric(column: QueryColumn): boolean {
  return NUMERIC.test(column.type)
}

function pick(
  columns: readonly QueryColumn[],
  preferred: readonly string[] | undefined,
): QueryColumn | undefined {
  for (const name of preferred ?? []) {
    const found = columns.find((c) => c.name === name)
    if (found) return found
  }
  return undefined
}

function labelOf(value: QueryValue | undefined): string {
  if (value === null || value === undefined) return '(none)'
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

function numberOf(value: QueryValue | undefined): number | null {
  if (value === null || value === undefined || value === '') return null
  const n = Number(value)
  return Number.isFinite(n) ? n : null
}

/** Labels in row order; a label seen before gets " (2)", " (3)", ... */
function distinctLabels(values: string[]): string[] {
  const seen = new Map<string, number>()
  return values.map((label) => {
    const n = (seen.get(label) ?? 0) + 1
    seen.set(label, n)
    return n > 1 ? `${label} (${n})` : label
  })
}

/**
 * The chart of `rows` as `spec` asks for it; undefined when there is nothing to draw. `names`
 * renames value columns where a single row is drawn as one bar per column.
 */
export function chartData(
  spec: ChartSpec,
  columns: readonly QueryColumn[],
  allRows: readonly Record<string, QueryValue>[],
  names: Readonly<Record<string, string>> = {},
): ChartData | undefined {
  if (allRows.length === 0 || columns.length === 0) return undefined
  const overTime = spec.kind === 'line' || spec.kind === 'bump'
  const preferredX = pick(columns, spec.x)
  const x =
    preferredX ??
    (overTime ? columns.find((c) => DATE_LIKE.test(c.name) || /DATE|TIMESTAMP/i.test(c.type)) : undefined) ??
    columns.find((c) => !isNumeric(c)) ??
    columns[0]!
  const rest = columns.filter((c) => c !== x)
  const series =
    pick(rest, spec.series) ??
    (overTime
      ? rest.find((c) => !isNumeric(c) && !/_id$/.test(c.name) && c.name !== SOURCE_COLUMN)
      : undefined)
  const seriesLabel = pick(rest, spec.seriesLabel)
  const preferred = rest.filter((c) => spec.y?.includes(c.name))
  const numeric = rest.filter((c) => c !== series && c !== seriesLabel && isNumeric(c))
  const values = preferred.length > 0 ? preferred : series ? numeric.slice(0, 1) : numeric.slice(0, 4)
  const countBy = spec.countBy ? columns.find((c) => c.name === spec.countBy) : undefined
  if (values.length === 0 || countBy) return countRows(columns, allRows, preferredX, countBy)
  if (allRows.length === 1 && values.length > 1 && !preferredX && !overTime) {
    const row = allRows[0]!
    return {
      labels: values.map((c) => names[c.name] ?? c.name.replace(/_/g, ' ')),
      datasets: [{ label: spec.unit, data: values.map((c) => numberOf(row[c.name])) }],
      xColumn: 'column',
      yColumns: values.map((c) => c.name),
    }
  }
  if (series) {
    const labels = [...new Set(allRows.map((r) => labelOf(r[x.name])))].sort()
    return pivot(allRows, x, series, seriesLabel, values[0]!, labels)
  }
  const edges = spec.edges ?? 0
  const rows =
    edges > 0 && allRows.length > 2 * edges ? [...allRows.slice(0, edges), ...allRows.slice(-edges)] : allRows
  const ordered = overTime
    ? [...rows].sort((a, b) => labelOf(a[x.name]).localeCompare(labelOf(b[x.name])))
    : rows
  return {
    labels: distinctLabels(
      ordered.map((r) =>
        spec.labelWith && r[spec.labelWith] != null
          ? `${labelOf(r[x.name])} · ${labelOf(r[spec.labelWith])}`
          : labelOf(r[x.name]),
      ),
    ),
    datasets: values.map((column) => ({
      label: column.name,
      data: ordered.map((r) => numberOf(r[column.name])),
    })),
    xColumn: x.name,
    yColumns: values.map((c) => c.name),
  }
}

/** One line per series value, aligned on the labels (null where a series has no row). */
function pivot(
  rows: readonly Record<string, QueryValue>[],
  x: QueryColumn,
  series: QueryColumn,
  seriesLabel: QueryColumn | undefined,
  value: QueryColumn,
  labels: string[],
): ChartData {
  const index = new Map(labels.map((label, i) => [label, i]))
  const lines = new Map<string, ChartSeries>()
  for (const row of rows) {
    const key = labelOf(row[series.name])
    let line = lines.get(key)
    if (!line) {
      if (lines.size >= MAX_SERIES) continue
      line = { label: labelOf(row[(seriesLabel ?? series).name]), data: labels.map(() => null) }
      lines.set(key, line)
    }
    line.data[index.get(labelOf(row[x.name]))!] = numberOf(row[value.name])
  }
  const datasets = [...lines.values()]
  distinctLabels(datasets.map((d) => d.label)).forEach((label, i) => {
    datasets[i]!.label = label
  })
  return { labels, datasets, xColumn: x.name, yColumns: [value.name], seriesColumn: series.name }
}

/**
 * Rows without a numeric column are counted: by the preferred label column and a category of
 * few values beside it (e.g. per day, new vs dropped), else by the column of fewest values.
 */
function countRows(
  columns: readonly QueryColumn[],
  rows: readonly Record<string, QueryValue>[],
  x: QueryColumn | undefined,
  by?: QueryColumn,
): ChartData {
  const distinct = (c: QueryColumn) => new Set(rows.map((r) => labelOf(r[c.name]))).size
  const category =
    by ??
    (x
      ? columns
          .filter((c) => c !== x && !isNumeric(c) && distinct(c) <= 6)
          .sort((a, b) => distinct(a) - distinct(b))[0]
      : undefined)
  if (x && category) {
    const labels = [...new Set(rows.map((r) => labelOf(r[x.name])))].sort()
    const index = new Map(labels.map((label, i) => [label, i]))
    const lines = new Map<string, ChartSeries>()
    for (const row of rows) {
      const key = labelOf(row[category.name])
      const line = lines.get(key) ?? { label: key, data: labels.map(() => 0) }
      lines.set(key, line)
      const i = index.get(labelOf(row[x.name]))!
      line.data[i] = (line.data[i] ?? 0) + 1
    }
    return {
      labels,
      datasets: [...lines.values()],
      xColumn: x.name,
      yColumns: ['rows'],
      seriesColumn: category.name,
    }
  }
  const label = x ?? [...columns].sort((a, b) => distinct(a) - distinct(b))[0]!
  const counts = new Map<string, number>()
  for (const row of rows)
    counts.set(labelOf(row[label.name]), (counts.get(labelOf(row[label.name])) ?? 0) + 1)
  return {
    labels: [...counts.keys()],
    datasets: [{ label: 'rows', data: [...counts.values()] }],
    xColumn: label.name,
    yColumns: ['rows'],
  }
}
