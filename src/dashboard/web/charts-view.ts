/// <reference lib="dom" />
/** The charts view: filters for playlist and date range, and one panel per insight the lake has. */

import { isListeningInsight } from '../../insights/listening.js'
import type { FilterOptions, InsightInfo, InsightResult } from '../../server/api-types.js'
import { defaultFilters } from '../../server/default-filters.js'
import { ApiFailure, getJson } from './api.js'
import { ChartPanel, loadRenderer } from './chart-panel.js'
import { CHARTS, type ChartSpec } from './chart-specs.js'
import { byId, h } from './dom.js'

export class ChartsView {
  #panels: ChartPanel[] = []
  #options: FilterOptions | undefined
  #insights = new Map<string, InsightInfo>()
  #generation = 0
  /** The first chart, asked for with the server's defaults before the filters are known. */
  #early: Promise<InsightResult | undefined> | undefined
  readonly #playlist = byId<HTMLSelectElement>('filter-playlist')
  readonly #from = byId<HTMLSelectElement>('filter-from')
  readonly #to = byId<HTMLSelectElement>('filter-to')
  readonly #other = byId<HTMLSelectElement>('filter-other')
  readonly #status = byId('charts-status')

  constructor() {
    for (const select of [this.#playlist, this.#from, this.#to, this.#other]) {
      select.addEventListener('change', () => {
        if (select === this.#from && this.#from.value > this.#to.value) this.#to.value = this.#from.value
        if (select === this.#to && this.#to.value < this.#from.value) this.#from.value = this.#to.value
        void this.refresh()
      })
    }
  }

  /** Builds the filters and panels on first show; later shows keep the user's filters. */
  async show(): Promise<void> {
    if (this.#options) return
    this.#status.textContent = 'Loading charts…'
    void loadRenderer()
    const first = CHARTS[0]!
    this.#early = getJson<InsightResult>(`/api/insights/${first.insight}?defaults=1`).catch(() => undefined)
    let insights: InsightInfo[]
    try {
      ;[this.#options, insights] = await Promise.all([
        getJson<FilterOptions>('/api/filters'),
        getJson<InsightInfo[]>('/api/insights'),
      ])
    } catch (error) {
      this.#status.textContent = error instanceof Error ? error.message : String(error)
      return
    }
    this.#fillFilters(this.#options)
    this.#insights = new Map(insights.map((i) => [i.name, i]))
    const known = new Set(CHARTS.map((c) => c.insight))
    const specs: ChartSpec[] = [
      ...CHARTS.filter((c) => this.#insights.has(c.insight)),
      ...insights.filter((i) => !known.has(i.name) && !isListeningInsight(i.name)).map(genericSpec),
    ]
    this.#panels = specs.map((spec) => new ChartPanel(spec))
    byId('chart-grid').replaceChildren(...this.#panels.map((p) => p.element))
    await this.refresh()
  }

  #fillFilters(options: FilterOptions): void {
    this.#playlist.replaceChildren(...options.playlists.map((p) => h('option', { value: p.id }, p.name)))
    this.#other.replaceChildren(...options.playlists.map((p) => h('option', { value: p.id }, p.name)))
    const dates = options.snapshot_dates
    this.#from.replaceChildren(...dates.map((d) => h('option', { value: d }, d)))
    this.#to.replaceChildren(...dates.map((d) => h('option', { value: d }, d)))
    const defaults = defaultFilters(options)
    this.#playlist.value = defaults.playlist ?? ''
    this.#other.value = defaults.other ?? ''
    this.#to.value = defaults.to ?? ''
    this.#from.value = defaults.from ?? ''
  }

  /** Reloads every panel for the current filters; answers for older filters are dropped. */
  async refresh(): Promise<void> {
    const generation = ++this.#generation
    const names = new Map(this.#options?.playlists.map((p) => [p.id, p.name]))
    const filters = {
      playlist: this.#playlist.value,
      from: this.#from.value,
      to: this.#to.value,
      other: this.#other.value,
    }
    if (!filters.playlist || !filters.to) {
      this.#status.textContent =
        'The lake has no playlists yet: run tunelake demo, or tunelake run then tunelake crawl.'
      return
    }
    const playlistName = names.get(filters.playlist) ?? filters.playlist
    const otherName = names.get(filters.other) ?? filters.other
    this.#status.textContent = `Showing ${playlistName}, ${filters.from} to ${filters.to}.`
    // In page order, two at a time: the engine runs one query at a time, so the top charts come first.
    for (const panel of this.#panels) {
      const { spec } = panel
      const range = this.#insights.get(spec.insight)?.range || spec.perDay === true
      const who = spec.comparesPlaylists ? `${playlistName} vs ${otherName}` : playlistName
      panel.setSubtitle(`${who} · ${range ? `${filters.from} to ${filters.to}` : `on ${filters.to}`}`)
      panel.setState('loading', 'Loading…')
    }
    const load = async (panel: ChartPanel): Promise<void> => {
      const { spec } = panel
      const query = new URLSearchParams({ ...filters, ...(spec.perDay ? { per_day: '1' } : {}) })
      try {
        const early = spec === CHARTS[0] ? await this.#early : undefined
        this.#early = undefined
        const result =
          early && sameFilters(early.filters, filters)
            ? early
            : await getJson<InsightResult>(`/api/insights/${spec.insight}?${query}`)
        if (generation !== this.#generation) return
        await panel.show(result, { tracks: playlistName, other_tracks: otherName, shared_tracks: 'on both' })
      } catch (error) {
        if (generation !== this.#generation) return
        const message = error instanceof Error ? error.message : String(error)
        if (error instanceof ApiFailure && error.kind === 'unavailable') {
          panel.setState('unavailable', `Not available for this lake: ${message}`)
        } else {
          panel.setState('error', message)
        }
      }
    }
    const queue = [...this.#panels]
    const worker = async () => {
      for (let panel = queue.shift(); panel; panel = queue.shift()) {
        if (generation !== this.#generation) return
        await load(panel)
      }
    }
    // The first chart alone first: it is the one the page is waiting for.
    const first = queue.shift()
    if (first) await load(first)
    await Promise.all([worker(), worker()])
  }
}

function sameFilters(a: InsightResult['filters'], b: InsightResult['filters']): boolean {
  return a.playlist === b.playlist && a.from === b.from && a.to === b.to && a.other === b.other
}

function genericSpec(insight: InsightInfo): ChartSpec {
  const title = insight.description.split(':')[0] || insight.name
  return {
    id: insight.name.replace(/_/g, '-'),
    insight: insight.name,
    title,
    kind: insight.range ? 'line' : 'bar',
    unit: 'value',
  }
}
