/// <reference lib="dom" />
/** Draws a chart with Chart.js (bundled; only the parts used are registered). */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type TooltipItem,
} from 'chart.js'
import type { ChartData } from './chart-data.js'
import type { ChartSpec } from './chart-specs.js'
import { withUnit, words } from './chart-text.js'

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
)
Chart.defaults.animation = false
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'
Chart.defaults.color = '#333'

/** Distinguishable colours, colour-blind safe first (Okabe-Ito), then Tableau 10. */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#CC79A7',
  '#56B4E9',
  '#000000',
  '#4E79A7',
  '#F28E2B',
  '#E15759',
  '#76B7B2',
  '#9C755F',
]

const NEGATIVE = '#D55E00'

/** Units counted in whole numbers: their axis has no 0.5 ticks. */
const WHOLE_UNITS = new Set(['entries', 'tracks', 'places', 'days', 'position', 'popularity'])

export function drawChart(canvas: HTMLCanvasElement, spec: ChartSpec, data: ChartData): Chart {
  const horizontal = spec.kind === 'hbar'
  const lines = spec.kind === 'line' || spec.kind === 'bump'
  const valueTitle =
    spec.yTitle ??
    (data.yColumns.length === 1 && data.yColumns[0] !== spec.unit
      ? `${words(data.yColumns[0]!)} (${spec.unit})`
      : spec.unit)
  const labelTitle = spec.xTitle ?? (data.xColumn === 'column' ? '' : words(data.xColumn))
  const whole = WHOLE_UNITS.has(spec.unit) || data.yColumns.includes('rows')
  const valueAxis = {
    title: { display: true, text: spec.kind === 'bump' ? 'position (1 = top)' : valueTitle },
    ...(spec.kind === 'bump'
      ? { reverse: true, min: 1, ticks: { precision: 0 } }
      : { beginAtZero: !lines || spec.unit === '%', ticks: whole ? { precision: 0 } : {} }),
  }
  const labelAxis = { title: { display: labelTitle !== '', text: labelTitle }, ticks: { autoSkip: true } }
  const config: ChartConfiguration<'bar' | 'line', (number | null)[], string> = {
    type: lines ? 'line' : 'bar',
    data: {
      labels: data.labels,
      datasets: data.datasets.map((d, i) => ({
        label: data.yColumns.includes(d.label) ? words(d.label) : d.label,
        data: d.data,
        // Bars below zero (a fall, a loss) in a second colour, so the sign reads at a glance.
        backgroundColor: d.data.some((v) => v !== null && v < 0)
          ? d.data.map((v) => (v !== null && v < 0 ? NEGATIVE : PALETTE[i % PALETTE.length]!))
          : PALETTE[i % PALETTE.length],
        borderColor: PALETTE[i % PALETTE.length],
        borderWidth: lines ? 2 : 0,
        pointRadius: lines ? 4 : 0,
        pointHoverRadius: lines ? 6 : 0,
        spanGaps: false,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: horizontal ? 'y' : 'x',
      interaction: { mode: lines ? 'nearest' : 'index', intersect: lines },
      scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
      plugins: {
        legend: { display: data.datasets.length > 1, position: 'bottom', labels: { boxWidth: 12 } },
        tooltip: {
          callbacks: {
            label: (item: TooltipItem<'bar' | 'line'>) => {
              const value = horizontal ? item.parsed.x : item.parsed.y
              return `${item.dataset.label ?? ''}: ${withUnit(value ?? null, spec.unit)}`
            },
          },
        },
      },
    },
  }
  return new Chart(canvas, config)
}
