/** The dashboard's charts: which insight each draws and how (pure data; no DOM). */
import type { Capability } from '../../server/api-types.js'

export type ChartKind = 'bar' | 'hbar' | 'line' | 'bump'

export interface ChartSpec {
  /** Stable id: the figure is `data-testid="chart-<id>"`. */
  id: string
  insight: string
  title: string
  kind: ChartKind
  /** Preferred label (x) columns, first found wins; else chosen from the result. */
  x?: string[]
  /** Preferred value columns; else every numeric column. */
  y?: string[]
  /** Column naming each line (bump and line charts). */
  series?: string[]
  /** Column shown as the line's name, instead of the series key. */
  seriesLabel?: string[]
  /** Unit of the values, shown on the axis and in tooltips. */
  unit: string
  /** One snapshot day (the range's last) or the whole range. */
  scope: 'day' | 'range'
  /** Run a one-day insight once per day of the range, as a series over time. */
  perDay?: boolean
  /** Fields the chart cannot be drawn without. */
  needs?: Capability[]
  /** Compares the playlist with the second playlist of the filters. */
  comparesPlaylists?: boolean
}

export const CHARTS: readonly ChartSpec[] = [
  {
    id: 'top-artists',
    insight: 'top_artists',
    title: 'Top artists',
    kind: 'hbar',
    x: ['artist'],
    y: ['entries'],
    unit: 'entries',
    scope: 'day',
  },
  {
    id: 'chart-positions',
    insight: 'chart_positions',
    title: 'Chart movement (positions of the top 10)',
    kind: 'bump',
    x: ['snapshot_date'],
    series: ['track_id'],
    seriesLabel: ['track'],
    y: ['position'],
    unit: 'position',
    scope: 'range',
  },
  {
    id: 'chart-movers',
    insight: 'chart_movers',
    title: 'Biggest movers since the previous snapshot',
    kind: 'hbar',
    x: ['track'],
    y: ['change'],
    unit: 'places',
    scope: 'day',
  },
  {
    id: 'new-entries-dropouts',
    insight: 'new_entries_dropouts',
    title: 'New entries and drop-outs',
    kind: 'bar',
    x: ['snapshot_date'],
    unit: 'tracks',
    scope: 'range',
    perDay: true,
  },
  {
    id: 'genre-share',
    insight: 'genre_share',
    title: 'Genre share',
    kind: 'hbar',
    x: ['genre'],
    y: ['share_pct'],
    unit: '%',
    scope: 'day',
    needs: ['genres'],
  },
  {
    id: 'release-decades',
    insight: 'release_decades',
    title: 'Release years',
    kind: 'bar',
    x: ['decade', 'release_decade', 'release_year', 'year'],
    y: ['entries', 'tracks', 'track_count', 'count', 'n'],
    unit: 'tracks',
    scope: 'day',
  },
  {
    id: 'explicit-share',
    insight: 'explicit_share',
    title: 'Explicit share over time',
    kind: 'line',
    x: ['snapshot_date'],
    y: ['explicit_pct', 'explicit_share_pct', 'share_pct', 'explicit_share'],
    unit: '%',
    scope: 'range',
    perDay: true,
  },
  {
    id: 'median-popularity',
    insight: 'median_popularity',
    title: 'Popularity over time',
    kind: 'line',
    x: ['snapshot_date'],
    unit: 'popularity (0–100)',
    scope: 'range',
    perDay: true,
    needs: ['popularity'],
  },
  {
    id: 'playlist-overlap',
    insight: 'playlist_overlap',
    title: 'Playlist overlap',
    kind: 'bar',
    unit: 'tracks',
    scope: 'day',
    comparesPlaylists: true,
  },
  {
    id: 'longest-running',
    insight: 'longest_running',
    title: 'Longest-running tracks',
    kind: 'hbar',
    x: ['track'],
    y: ['days', 'days_on_playlist', 'days_on_chart'],
    unit: 'days',
    scope: 'range',
  },
  {
    id: 'album-type-mix',
    insight: 'album_type_mix',
    title: 'Album types',
    kind: 'bar',
    x: ['album_type'],
    unit: 'tracks',
    scope: 'day',
  },
  {
    id: 'artist-concentration',
    insight: 'artist_concentration',
    title: 'Artist concentration (share of the top five)',
    kind: 'line',
    x: ['snapshot_date'],
    unit: '%',
    scope: 'range',
    perDay: true,
  },
]

/** What a missing field means, in words a music analyst reads. */
export const CAPABILITY_WORDS: Record<Capability, string> = {
  genres: 'artist genres',
  popularity: 'popularity scores',
  followers: 'follower counts',
}
