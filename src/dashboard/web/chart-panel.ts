/// <reference lib="dom" />
/** One chart's figure: title, what it covers, the chart, a plain message, and its data table. */
import type { Chart } from 'chart.js'
import type { InsightResult } from '../../server/api-types.js'
import { chartData, SOURCE_COLUMN } from './chart-data.js'
import type { ChartSpec } from './chart-specs.js'
import { describeChart, withUnit } from './chart-text.js'
import { fill, h } from './dom.js'
import { resultTable, scrollable } from './result-table.js'

export type PanelState = 'loading' | 'ready' | 'empty' | 'unavailable' | 'error'

let firstPainted = false
let renderer: Promise<typeof import('./chart-render.js')> | undefined

/** Chart.js and the drawing code, fetched once, apart from the page's first script (call it early). */
export function loadRenderer(): Promise<typeof import('./chart-render.js')> {
  renderer ??= import('./chart-render.js')
  return renderer
}

/** Marks `tunelake:first-chart` once, after the first chart has been painted (the bench reads it). */
function markFirstPaint(): void {
  if (firstPainted) return
  firstPainted = true
  requestAnimationFrame(() => setTimeout(() => performance.mark('tunelake:first-chart'), 0))
}

export class ChartPanel {
  readonly element: HTMLElement
  readonly #subtitle: HTMLElement
  readonly #box: HTMLElement
  readonly #message: HTMLElement
  readonly #highlight: HTMLElement
  readonly #details: HTMLElement
  readonly #source: HTMLElement
  #chart: Chart | undefined
  /** Bumped by every state change, so a draw that waited for the renderer knows it is stale. */
  #version = 0

  constructor(readonly spec: ChartSpec) {
    const titleId = `chart-${spec.id}-title`
    this.#subtitle = h('p', { class: 'subtitle' })
    this.#box = h('div', { class: 'chart-box' })
    this.#message = h('p', { class: 'message', role: 'status' })
    this.#highlight = h('p', { class: 'highlight' })
    this.#details = h('div', { class: 'chart-data' })
    this.#source = h('p', { class: 'source', 'data-testid': `chart-${spec.id}-source` })
    this.element = h(
      'figure',
      {
        class: 'panel',
        'data-testid': `chart-${spec.id}`,
        'data-insight': spec.insight,
        'aria-labelledby': titleId,
      },
      h('figcaption', {}, h('h3', { id: titleId }, spec.title), this.#subtitle),
      this.#box,
      this.#message,
      this.#highlight,
      this.#source,
      this.#details,
    )
    this.setState('loading', 'Loading…')
  }

  setState(state: PanelState, message = ''): void {
    this.#version++
    this.element.dataset.state = state
    this.element.setAttribute('aria-busy', String(state === 'loading'))
    this.#message.textContent = message
    this.#message.hidden = message === ''
    if (state !== 'ready') {
      this.#chart?.destroy()
      this.#chart = undefined
      this.#box.replaceChildren()
      this.#box.hidden = true
      this.#highlight.hidden = true
      this.#source.hidden = true
      this.#details.replaceChildren()
      delete this.element.dataset.chart
    }
  }

  setSubtitle(text: string): void {
    this.#subtitle.textContent = text
  }

  /** Draws the result; `names` renames value columns drawn as bars (e.g. by playlist name). */
  async show(result: InsightResult, names: Record<string, string> = {}): Promise<void> {
    const data = chartData(this.spec, result.columns, result.rows, names)
    this.element.dataset.runs = JSON.stringify(result.runs)
    this.element.dataset.perDay = String(result.per_day)
    if (!data) {
      this.setState('empty', 'No data for this playlist and these dates.')
      return
    }
    const version = this.#version
    const { drawChart } = await loadRenderer()
    if (version !== this.#version) return
    this.setState(
      'ready',
      result.truncated ? 'Only the first rows are shown: the result was cut at the row limit.' : '',
    )
    this.#box.hidden = false
    const canvas = h('canvas', { role: 'img', 'aria-label': describeChart(this.spec, data) })
    const rows = this.spec.kind === 'hbar' ? data.labels.length : 0
    this.#box.style.height = rows > 0 ? `${Math.max(200, rows * 28 + 80)}px` : ''
    fill(this.#box, canvas)
    this.#chart = drawChart(canvas, this.spec, data)
    this.element.dataset.chart = JSON.stringify({ labels: data.labels, datasets: data.datasets })
    markFirstPaint()
    const first = result.rows[0] ?? {}
    const highlights = (this.spec.highlight ?? []).filter((x) => first[x.column] !== undefined)
    this.#highlight.textContent = highlights
      .map(
        (x) =>
          `${x.label}: ${withUnit(typeof first[x.column] === 'number' ? (first[x.column] as number) : null, x.unit)}`,
      )
      .join(' · ')
    this.#highlight.hidden = highlights.length === 0
    const source = sourceLine(result.rows.map((row) => row[SOURCE_COLUMN]))
    this.#source.textContent = source
    this.#source.hidden = source === ''
    fill(
      this.#details,
      h(
        'details',
        {},
        h('summary', {}, `Data table (${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`),
        scrollable(
          resultTable(`${this.spec.title}: ${result.description}`, result.columns, result.rows, {
            'data-testid': `chart-${this.spec.id}-table`,
          }),
          `${this.spec.title} data`,
        ),
      ),
    )
  }
}

/** MusicBrainz's and ListenBrainz's credit, as their licences ask (README, Licensing). */
export const OPEN_DATA_ATTRIBUTION =
  'Genre tags from MusicBrainz (musicbrainz.org), CC BY-NC-SA 3.0; listening statistics from ListenBrainz (listenbrainz.org)'

/** Where a chart's values come from (an insight's `source` column), with the open data's credit. */
export function sourceLine(sources: readonly unknown[]): string {
  const named = new Set(sources.filter((s) => s === 'spotify' || s === 'open_data'))
  const parts: string[] = []
  if (named.has('spotify')) parts.push('Source: Spotify.')
  if (named.has('open_data')) parts.push(`Source: open data. ${OPEN_DATA_ATTRIBUTION}.`)
  return parts.join(' ')
}
