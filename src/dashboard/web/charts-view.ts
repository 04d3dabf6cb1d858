/// <reference lib="dom" />
/** The charts view: filters for playlist and date range, and one panel per insight the lake has. */
import type { FilterOptions, InsightInfo, InsightResult, Overview } from '../../server/api-types.js'
import { ApiFailure, getJson } from './api.js'
import { ChartPanel } from './chart-panel.js'
import { CAPABILITY_WORDS, CHARTS, type ChartSpec } from './chart-specs.js'
import { byId, h } from './dom.js'

const DEFAULT_RANGE_DAYS = 30

export class ChartsView {
  #panels: ChartPanel[] = []
  #options: FilterOptions | undefined
  #generation = 0
  readonly #playlist = byId<HTMLSelectElement>('filter-playlist')
  readonly #from = byId<HTMLSelectElement>('filter-from')
  readonly #to = byId<HTMLSelectElement>('filter-to')
  readonly #other = byId<HTMLSelectElement>('filter-other')
  readonly #status = byId('charts-status')

  constructor(private readonly overview: () => Promise<Overview>) {
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
    const available = new Set(insights.map((i) => i.name))
    const known = new Set(CHARTS.map((c) => c.insight))
    const specs: ChartSpec[] = [
      ...CHARTS.filter((c) => available.has(c.insight)),
      ...insights.filter((i) => !known.has(i.name)).map(genericSpec),
    ]
    this.#panels = specs.map((spec) => new ChartPanel(spec))
    byId('chart-grid').replaceChildren(...this.#panels.map((p) => p.element))
    await this.refresh()
  }

  #fillFilters(options: FilterOptions): void {
    const playlists = options.playlists.map((p) => h('option', { value: p.id }, p.name))
    this.#playlist.replaceChildren(...playlists)
    this.#other.replaceChildren(...options.playlists.map((p) => h('option', { value: p.id }, p.name)))
    const dates = options.snapshot_dates
    this.#from.replaceChildren(...dates.map((d) => h('option', { value: d }, d)))
    this.#to.replaceChildren(...dates.map((d) => h('option', { value: d }, d)))
    if (options.default_playlist) this.#playlist.value = options.default_playlist
    this.#other.value =
      options.playlists.find((p) => p.id !== this.#playlist.value)?.id ?? this.#playlist.value
    this.#to.value = dates.at(-1) ?? ''
    this.#from.value = dates.at(-Math.min(DEFAULT_RANGE_DAYS, dates.length)) ?? ''
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
    this.#status.textContent = `Showing ${names.get(filters.playlist)}, ${filters.from} to ${filters.to}.`
    await Promise.all(
      this.#panels.map(async (panel) => {
        const { spec } = panel
        const playlistName = names.get(filters.playlist) ?? filters.playlist
        const who = spec.comparesPlaylists
          ? `${playlistName} vs ${names.get(filters.other) ?? filters.other}`
          : playlistName
        panel.setSubtitle(
          `${who} · ${spec.scope === 'day' ? `on ${filters.to}` : `${filters.from} to ${filters.to}`}`,
        )
        panel.setState('loading', 'Loading…')
        if (spec.needs) {
          // Only these panels wait for the overview (it says which fields the lake lacks).
          const overview = await this.overview().catch(() => undefined)
          if (generation !== this.#generation) return
          const missing = spec.needs.filter((need) => overview?.capabilities[need] === false)
          if (overview && missing.length > 0) {
            panel.setState(
              'unavailable',
              lackMessage(
                overview,
                missing.map((m) => CAPABILITY_WORDS[m]),
              ),
            )
            return
          }
        }
        const query = new URLSearchParams({ ...filters, ...(spec.perDay ? { per_day: '1' } : {}) })
        try {
          const result = await getJson<InsightResult>(`/api/insights/${spec.insight}?${query}`)
          if (generation === this.#generation) panel.show(result)
        } catch (error) {
          if (generation !== this.#generation) return
          const unavailable = error instanceof ApiFailure && error.kind === 'insight'
          panel.setState(
            unavailable ? 'unavailable' : 'error',
            error instanceof Error ? error.message : String(error),
          )
        }
      }),
    )
  }
}

function lackMessage(overview: Overview, fields: string[]): string {
  const list = fields.join(' and ')
  return overview.api_modes.includes('development')
    ? `Not available: this lake was filled in Spotify's development mode, whose API no longer returns ${list}.`
    : `Not available: this lake holds no ${list}.`
}

function genericSpec(insight: InsightInfo): ChartSpec {
  const title = insight.description.split(':')[0] || insight.name
  return {
    id: insight.name.replace(/_/g, '-'),
    insight: insight.name,
    title,
    kind: 'bar',
    unit: 'value',
    scope: 'day',
  }
}
