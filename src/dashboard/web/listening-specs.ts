/** The Listening view's panels: which insight each draws and how, and their parameters (pure; no DOM). */
import type { QueryValue } from '../../server/api-types.js'
import type { ChartSpec } from './chart-specs.js'

export type RankBy = 'minutes' | 'plays'
export type Bucket = 'day' | 'week' | 'month'

/** What the Listening view's filters say. */
export interface ListeningFilters {
  from: string
  to: string
  timeZone: string
  rankBy: RankBy
}

const DAY_MS = 86_400_000

/** Days from `from` to `to`, both included. */
export function rangeDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1
}

/** Minutes per day for up to two months, per week for up to a year and a bit, else per month. */
export function bucketFor(from: string, to: string): Bucket {
  const days = rangeDays(from, to)
  return days <= 62 ? 'day' : days <= 400 ? 'week' : 'month'
}

/** Where the view opens: the last year of the listening history (all of it when shorter). */
export function defaultRange(first: string, last: string): { from: string; to: string } {
  const yearBefore = new Date(Date.parse(`${last}T00:00:00Z`) - 364 * DAY_MS).toISOString().slice(0, 10)
  return { from: yearBefore > first ? yearBefore : first, to: last }
}

/** Session lengths in bands, shortest first: how many sessions of each length. */
export const SESSION_BANDS: readonly { label: string; below: number }[] = [
  { label: 'under 10 min', below: 10 },
  { label: '10–30 min', below: 30 },
  { label: '30–60 min', below: 60 },
  { label: '1–2 h', below: 120 },
  { label: '2 h or more', below: Number.POSITIVE_INFINITY },
]

export function sessionBands(rows: readonly Record<string, QueryValue>[]): Record<string, QueryValue>[] {
  const counts = SESSION_BANDS.map(() => 0)
  for (const row of rows) {
    const minutes = Number(row.minutes)
    counts[SESSION_BANDS.findIndex((b) => minutes < b.below)]! += 1
  }
  return SESSION_BANDS.map((band, i) => ({ length: band.label, sessions: counts[i]! }))
}

/** A chart panel of the view: its spec, and the values it sets beyond the date range. */
export interface ListeningChart {
  spec: ChartSpec
  params?: (filters: ListeningFilters) => Record<string, string>
}

const top = (what: 'artists' | 'tracks' | 'albums', filters: ListeningFilters): ListeningChart => ({
  spec: {
    id: `listening-top-${what}`,
    insight: `listening_top_${what}`,
    title: `Top ${what}`,
    kind: 'hbar',
    x: [what === 'artists' ? 'artist' : what === 'tracks' ? 'track' : 'album'],
    ...(what !== 'artists' && { labelWith: 'artist' }),
    y: [filters.rankBy],
    unit: filters.rankBy,
    yTitle: filters.rankBy === 'plays' ? 'plays (30 s or more)' : 'minutes listened',
  },
  params: (f) => ({ rank_by: f.rankBy }),
})

/** The view's chart panels in page order (the heatmap and the tables are drawn apart). */
export function listeningCharts(filters: ListeningFilters): ListeningChart[] {
  const bucket = bucketFor(filters.from, filters.to)
  return [
    {
      spec: {
        id: 'listening-minutes',
        insight: 'listening_minutes',
        title: `Minutes listened per ${bucket}`,
        kind: bucket === 'day' ? 'line' : 'bar',
        x: ['period'],
        y: ['minutes'],
        unit: 'minutes',
        xTitle: bucket === 'day' ? 'day' : `${bucket} starting`,
        yTitle: 'minutes listened',
      },
      params: () => ({ bucket }),
    },
    top('artists', filters),
    top('tracks', filters),
    top('albums', filters),
    {
      spec: {
        id: 'listening-music-vs-podcasts',
        insight: 'listening_music_vs_podcasts',
        title: 'Music, podcasts and audiobooks per month',
        kind: 'bar',
        x: ['month'],
        y: ['music_minutes', 'podcast_minutes', 'audiobook_minutes'],
        unit: 'minutes',
        yTitle: 'minutes listened',
      },
    },
    {
      spec: {
        id: 'listening-new-artists',
        insight: 'listening_new_artists',
        title: 'New artists per month',
        kind: 'bar',
        x: ['month'],
        y: ['new_artists'],
        unit: 'artists',
        yTitle: 'artists played for the first time',
      },
    },
    {
      spec: {
        id: 'listening-sessions',
        insight: 'listening_sessions',
        title: 'Listening sessions by length',
        kind: 'bar',
        x: ['length'],
        y: ['sessions'],
        unit: 'sessions',
        xTitle: 'session length (a gap of 30 minutes or more ends one)',
      },
    },
    {
      spec: {
        id: 'listening-skip-rate',
        insight: 'listening_skip_rate',
        title: 'Most skipped artists',
        kind: 'hbar',
        x: ['artist'],
        y: ['skip_rate_pct'],
        unit: '%',
        yTitle: 'streams skipped (%), artists with 20 streams or more',
      },
    },
    {
      spec: {
        id: 'listening-top-artist-moves',
        insight: 'listening_top_artist_moves',
        title: 'Your top artists on Spotify, snapshot by snapshot',
        kind: 'bump',
        x: ['snapshot_date'],
        series: ['artist_id'],
        seriesLabel: ['artist'],
        y: ['rank'],
        unit: 'position',
      },
    },
  ]
}
