import type { ApiMode } from '../spotify/api-mode.js'

/** What a raw object holds: the source it belongs to. */
export type RawSource = 'playlists' | 'playlist_items' | 'artists' | 'albums'

export const RAW_SOURCES: readonly RawSource[] = ['playlists', 'playlist_items', 'artists', 'albums']

/**
 * One raw object of the raw zone: what was asked and what came back, never changed afterwards.
 *
 * @example
 * {
 *   format: 'tunelake.raw/v1', source: 'playlist_items', source_id: '3cEYpjA9oz9GiPac4AsH4n',
 *   run_id: '20261123T060000Z-k3j9', page: 1,
 *   request: { method: 'GET', url: 'https://api.spotify.com/v1/playlists/3cEY.../tracks?offset=100&limit=100' },
 *   api_mode: 'extended', extracted_at: '2026-11-23T06:00:01.250Z', snapshot_date: '2026-11-23',
 *   synthetic: false, response: { status: 200, body: { href: '...', items: [...], ... } },
 * }
 */
export interface RawEnvelope {
  format: 'tunelake.raw/v1'
  source: RawSource
  /** Playlist id for `playlists`/`playlist_items`; `batch` or the entity id for `artists`/`albums`. */
  source_id: string
  /** Sortable run id: `YYYYMMDDTHHMMSSZ-<suffix>`; a later run of the same day sorts after an earlier one. */
  run_id: string
  /** 0-based page number within the run for this source id. */
  page: number
  request: { method: 'GET'; url: string }
  api_mode: ApiMode
  /** ISO-8601 UTC instant with milliseconds. */
  extracted_at: string
  /** YYYY-MM-DD: the day the snapshot describes. */
  snapshot_date: string
  /** True when the response came from tunelake's built-in emulator (synthetic data). */
  synthetic: boolean
  response: { status: number; body: unknown }
}

export const RAW_ENVELOPE_FORMAT = 'tunelake.raw/v1'
