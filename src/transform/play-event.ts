import type { Row } from './table-specs.js'

/** Where a listening event comes from: the Web API, the Extended streaming history, the Account data package. */
export type PlayOrigin = 'api' | 'extended' | 'account'

/**
 * One listening event as one source records it, before the sources are matched (merge-plays.ts).
 *
 * @example
 * { origin: 'extended', endMs: 1735581852000, key: '1735581852000|spotify:track:1Ex...|201349', row: { played_at: ..., source: 'export', ... } }
 */
export interface PlayEvent {
  readonly origin: PlayOrigin
  /** When playback ended, epoch ms: the API's `played_at`, the export's `ts` or `endTime`. */
  readonly endMs: number
  /**
   * When playback started, where the export says so more truly than `endMs - ms_played`: its
   * `offline_timestamp`, when a pause or a late logout stretched `ts` (NOTES.md 2.3).
   */
  readonly startMs?: number
  /** Identifies the event among its origin's events, across runs, pages and exports. */
  readonly key: string
  /** The `plays` row this source alone gives (every column, `played_date` included). */
  readonly row: Row
}

/** When a play ended: ISO instant, UTC day, and UTC month (`YYYY-MM`, the partition of `plays`). */
export interface PlayedAt {
  played_at: string
  played_date: string
  played_month: string
}

/** The `played_at`, `played_date` and `played_month` of an instant. */
export function playedAt(endMs: number): PlayedAt {
  const iso = new Date(endMs).toISOString()
  return { played_at: iso, played_date: iso.slice(0, 10), played_month: iso.slice(0, 7) }
}
