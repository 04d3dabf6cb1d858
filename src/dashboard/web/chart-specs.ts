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
  /** Value columns to draw, those found; else every numeric column. */
  y?: string[]
  /** Column naming each line (bump and line charts). */
  series?: string[]
  /** Column shown as the line's name, instead of the series key. */
  seriesLabel?: string[]
  /** Unit of the values, shown on the axis and in tooltips. */
  unit: string
  /** Axis titles, when the column names say too little. */
  xTitle?: string
  yTitle?: string
  /** Run a one-day insight once per day of the range, as a series over time. */
  perDay?: boolean
  /** A column whose value joins the label (`track · artist`), for rows that share a name. */
  labelWith?: string
  /** Count rows per label and value of this column instead of drawing a numeric column. */
  countBy?: string
  /** Draw only the first and last `edges` rows (the data table keeps them all). */
  edges?: number
  /** Compares the playlist with the second playlist of the filters. */
  comparesPlaylists?: boolean
  /** Values of the first row shown in words under the chart. */
  highlight?: { column: string; label: string; unit: string }[]
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
    yTitle: 'entries (one track on one day)',
  },
  {
    id: 'chart-positions',
    insight: 'chart_positions',
    title: 'Chart movement: positions of the top 10',
    kind: 'bump',
    x: ['snapshot_date'],
    series: ['track_id'],
    seriesLabel: ['track'],
    y: ['position'],
    unit: 'position',
  },
  {
    id: 'chart-movers',
    insight: 'chart_movers',
    title: 'Biggest climbers and fallers since the previous snapshot',
    kind: 'hbar',
    x: ['track'],
    labelWith: 'artist',
    y: ['change'],
    unit: 'places',
    yTitle: 'places climbed (negative: fell)',
    edges: 10,
  },
  {
    id: 'new-entries-dropouts',
    insight: 'new_entries_dropouts',
    title: 'New entries and drop-outs per day',
    kind: 'bar',
    x: ['day'],
    countBy: 'change',
    unit: 'tracks',
    yTitle: 'tracks',
    xTitle: 'snapshot date',
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
    yTitle: 'share of genre tags (%)',
  },
  {
    id: 'release-decades',
    insight: 'release_decades',
    title: 'Release years, by decade',
    kind: 'bar',
    x: ['period', 'decade', 'release_decade', 'release_year'],
    y: ['entries'],
    unit: 'entries',
    xTitle: 'release decade',
  },
  {
    id: 'explicit-share',
    insight: 'explicit_share',
    title: 'Explicit share over time',
    kind: 'line',
    x: ['snapshot_date'],
    y: ['explicit_pct'],
    unit: '%',
    yTitle: 'explicit entries (%)',
  },
  {
    id: 'median-popularity',
    insight: 'median_popularity',
    title: 'Popularity over time: median, lowest and highest',
    kind: 'line',
    x: ['snapshot_date'],
    y: ['median_popularity', 'min_popularity', 'max_popularity'],
    unit: 'popularity',
    yTitle: 'popularity (0–100)',
  },
  {
    id: 'playlist-overlap',
    insight: 'playlist_overlap',
    title: 'Playlist overlap',
    kind: 'hbar',
    y: ['tracks', 'other_tracks', 'shared_tracks'],
    unit: 'tracks',
    comparesPlaylists: true,
    highlight: [{ column: 'jaccard_pct', label: 'Jaccard similarity', unit: '%' }],
  },
  {
    id: 'longest-running',
    insight: 'longest_running',
    title: 'Longest-running tracks',
    kind: 'hbar',
    x: ['track'],
    labelWith: 'artist',
    y: ['days'],
    unit: 'days',
    yTitle: 'days on the playlist',
  },
  {
    id: 'album-type-mix',
    insight: 'album_type_mix',
    title: 'Album types',
    kind: 'bar',
    x: ['album_type'],
    y: ['entries'],
    unit: 'entries',
    xTitle: 'album type',
  },
  {
    id: 'artist-concentration',
    insight: 'artist_concentration',
    title: 'Artist concentration: share held by the top five artists',
    kind: 'line',
    x: ['snapshot_date'],
    y: ['top5_share_pct'],
    unit: '%',
    yTitle: 'entries of the top five artists (%)',
  },
]

/** What a missing field means, in words a music analyst reads. */
export const CAPABILITY_WORDS: Record<Capability, string> = {
  genres: 'artist genres',
  popularity: 'popularity scores',
  followers: 'follower counts',
}
