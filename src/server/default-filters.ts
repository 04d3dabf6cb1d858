import type { FilterOptions } from './api-types.js'
import type { DashboardFilters } from './insight-params.js'

/** The charts open on the last 30 snapshot dates (or all of them, when fewer). */
export const DEFAULT_RANGE_DAYS = 30

/**
 * Where the charts open: the default playlist, the last 30 snapshot dates, and the first other
 * playlist to compare with. The page and the server compute the same (pure; no I/O).
 */
export function defaultFilters(options: FilterOptions): DashboardFilters {
  const dates = options.snapshot_dates
  const playlist = options.default_playlist ?? options.playlists[0]?.id
  const other = options.playlists.find((p) => p.id !== playlist)?.id ?? playlist
  return {
    ...(playlist ? { playlist } : {}),
    ...(other ? { other } : {}),
    ...(dates.length > 0
      ? { from: dates.at(-Math.min(DEFAULT_RANGE_DAYS, dates.length))!, to: dates.at(-1)! }
      : {}),
  }
}
