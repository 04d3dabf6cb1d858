/// <reference lib="dom" />
/**
 * The Listening view: the listening history (plays) for a date range, in a time zone: a summary,
 * minutes over time, the weekday-by-hour heatmap, the top lists, and the other listening insights.
 */
import type { InsightResult, QueryValue } from '../../server/api-types.js'
import { ApiFailure, getJson } from './api.js'
import { ChartPanel, loadRenderer } from './chart-panel.js'
import { byId, h } from './dom.js'
import { formatNumber } from './format.js'
import { HeatmapPanel } from './heatmap-panel.js'
import {
  defaultRange,
  type ListeningChart,
  type ListeningFilters,
  listeningCharts,
  type RankBy,
  sessionBands,
} from './listening-specs.js'
import { TablePanel } from './table-panel.js'

const NO_LISTENING =
  'No listening in this lake yet: import your Spotify data export (tunelake import spotify-export PATH), extract recently_played, or run tunelake demo.'

type Job = () => Promise<void>

export class ListeningView {
  #ready = false
  #generation = 0
  readonly #from = byId<HTMLInputElement>('listening-from')
  readonly #to = byId<HTMLInputElement>('listening-to')
  readonly #zone = byId<HTMLSelectElement>('listening-zone')
  readonly #rank = byId<HTMLSelectElement>('listening-rank')
  readonly #status = byId('listening-status')
  readonly #summary = byId('listening-summary')
  readonly #grid = byId('listening-grid')

  constructor() {
    for (const control of [this.#from, this.#to, this.#zone, this.#rank]) {
      control.addEventListener('change', () => {
        if (!this.#from.value || !this.#to.value) return
        if (control === this.#from && this.#from.value > this.#to.value) this.#to.value = this.#from.value
        if (control === this.#to && this.#to.value < this.#from.value) this.#from.value = this.#to.value
        void this.refresh()
      })
    }
  }

  /** Sets the filters from the whole history on first show; later shows keep the user's. */
  async show(): Promise<void> {
    if (this.#ready) return
    this.#status.textContent = 'Loading your listening…'
    void loadRenderer()
    let whole: Record<string, QueryValue> | undefined
    try {
      whole = (await getJson<InsightResult>('/api/insights/listening_summary')).rows[0]
    } catch (error) {
      this.#status.textContent =
        error instanceof ApiFailure && error.status < 500 && error.kind !== 'network'
          ? NO_LISTENING
          : message(error)
      return
    }
    if (!whole || !Number(whole.streams)) {
      this.#status.textContent = NO_LISTENING
      return
    }
    const [first, last] = [String(whole.first_day), String(whole.last_day)]
    for (const input of [this.#from, this.#to]) Object.assign(input, { min: first, max: last })
    const range = defaultRange(first, last)
    this.#from.value = range.from
    this.#to.value = range.to
    this.#fillZones()
    this.#ready = true
    await this.refresh()
  }

  #fillZones(): void {
    const own = Intl.DateTimeFormat().resolvedOptions().timeZone
    const zones = ['UTC', ...(Intl.supportedValuesOf?.('timeZone') ?? []).filter((z) => z !== 'UTC')]
    if (!zones.includes(own)) zones.push(own)
    this.#zone.replaceChildren(...zones.map((z) => h('option', { value: z }, z === own ? `${z} (yours)` : z)))
    this.#zone.value = own
  }

  /** Reloads every panel for the current filters; answers for older filters are dropped. */
  async refresh(): Promise<void> {
    const generation = ++this.#generation
    const filters: ListeningFilters = {
      from: this.#from.value,
      to: this.#to.value,
      timeZone: this.#zone.value,
      rankBy: this.#rank.value as RankBy,
    }
    const span = `${filters.from} to ${filters.to}`
    this.#status.textContent = `Showing ${span}; hours and weekdays in ${filters.timeZone} time.`
    const query = (extra: Record<string, string> = {}) =>
      new URLSearchParams({
        from: filters.from,
        to: filters.to,
        ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`p.${k}`, v])),
      })
    const fetchInsight = (name: string, extra?: Record<string, string>) =>
      getJson<InsightResult>(`/api/insights/${name}?${query(extra)}`)
    const current = () => generation === this.#generation

    const heatmap = new HeatmapPanel()
    heatmap.setSubtitle(`${span} · ${filters.timeZone} time`)
    const charts = listeningCharts(filters).map((chart) => ({ chart, panel: new ChartPanel(chart.spec) }))
    const streaks = new TablePanel('listening-streaks', 'listening_streaks', 'Longest listening streaks', 10)
    const saved = new TablePanel(
      'listening-saved-unplayed',
      'listening_saved_unplayed',
      'Saved but not played since',
    )
    for (const panel of [...charts.map((c) => c.panel), streaks, saved]) panel.setSubtitle(span)
    const [minutes, ...rest] = charts
    this.#grid.replaceChildren(
      ...[minutes!.panel.element, heatmap.element, ...rest.map((c) => c.panel.element)],
      streaks.element,
      saved.element,
    )

    const chartJob =
      ({ chart, panel }: { chart: ListeningChart; panel: ChartPanel }): Job =>
      async () => {
        try {
          const result = await fetchInsight(chart.spec.insight, chart.params?.(filters))
          if (!current()) return
          if (chart.spec.insight === 'listening_sessions') {
            const rows = sessionBands(result.rows)
            panel.setSubtitle(`${span} · ${formatNumber(result.rows.length)} sessions`)
            const columns = [
              { name: 'length', type: 'varchar' },
              { name: 'sessions', type: 'bigint' },
            ]
            await panel.show({ ...result, columns, rows: result.rows.length > 0 ? rows : [] })
          } else await panel.show(result)
        } catch (error) {
          if (current()) panel.setState('error', message(error))
        }
      }
    const tableJob =
      (panel: TablePanel, empty: string): Job =>
      async () => {
        try {
          const result = await fetchInsight(panel.insight)
          if (current()) panel.show(result, empty)
        } catch (error) {
          if (current()) panel.setState('error', message(error))
        }
      }
    const jobs: Job[] = [
      () => this.#showSummary(fetchInsight('listening_summary'), current),
      chartJob(minutes!),
      async () => {
        try {
          const result = await fetchInsight('listening_heatmap', { time_zone: filters.timeZone })
          if (current()) heatmap.show(result, filters.timeZone)
        } catch (error) {
          if (current()) heatmap.setState('error', message(error))
        }
      },
      ...rest.map(chartJob),
      tableJob(streaks, 'No day with a play in these dates.'),
      tableJob(saved, 'Every track saved in these dates has been played since.'),
    ]
    // Two at a time, in page order: the engine runs one query at a time, so the top of the page comes first.
    const worker = async () => {
      for (let job = jobs.shift(); job && current(); job = jobs.shift()) await job()
    }
    await Promise.all([worker(), worker()])
  }

  async #showSummary(answer: Promise<InsightResult>, current: () => boolean): Promise<void> {
    try {
      const row = (await answer).rows[0]
      if (!current()) return
      const hours = Number(row?.minutes ?? 0) / 60
      this.#summary.textContent =
        row && Number(row.streams) > 0
          ? `${formatNumber(Number(row.days))} days with listening: ${formatNumber(Number(row.plays))} plays, ${formatNumber(Math.round(hours))} hours, ${formatNumber(Number(row.artists))} artists, ${formatNumber(Number(row.tracks))} tracks; ${formatNumber(Number(row.from_export))} of ${formatNumber(Number(row.streams))} streams from a Spotify data export.`
          : 'No listening in these dates.'
    } catch (error) {
      if (current()) this.#summary.textContent = message(error)
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
