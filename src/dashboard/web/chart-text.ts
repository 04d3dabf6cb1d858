/** Charts in words: values with their unit, and the sentence a screen reader reads (pure; no DOM). */
import type { ChartData } from './chart-data.js'
import type { ChartSpec } from './chart-specs.js'
import { formatNumber } from './format.js'

export function words(column: string): string {
  return column.replace(/_/g, ' ')
}

export function withUnit(value: number | null, unit: string): string {
  if (value === null) return 'no value'
  if (unit === '%') return `${formatNumber(value)}%`
  if (unit === 'position') return `#${formatNumber(value)}`
  return `${formatNumber(value)} ${unit}`
}

/** A sentence a screen reader announces for the chart; the full figures are in its data table. */
export function describeChart(spec: ChartSpec, data: ChartData): string {
  if (data.datasets.length > 1) {
    const names = data.datasets
      .slice(0, 5)
      .map((d) => d.label)
      .join(', ')
    return `${spec.title}: ${data.datasets.length} series (${names}${data.datasets.length > 5 ? ', …' : ''}) over ${data.labels.length} ${words(data.xColumn)} values, in ${spec.unit}. The data table below lists every value.`
  }
  const pairs = data.labels
    .slice(0, 8)
    .map((label, i) => `${label} ${withUnit(data.datasets[0]?.data[i] ?? null, spec.unit)}`)
  return `${spec.title}: ${pairs.join('; ')}${data.labels.length > 8 ? '; …' : ''}.`
}
