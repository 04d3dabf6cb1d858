import type { RawSource } from '../lake/layout.js'
import type { ApiMode } from '../spotify/api-mode.js'

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
  /**
   * Playlist id for `playlists`/`playlist_items`; `batch`, `cache` (carried) or the entity id for
   * `artists`/`albums`; `me` for the user's listings; `after-<ms>` or `all` for `saved_tracks`
   * (saves newer than that instant); the time range for `top_*`; the artist or album id for
   * `artist_albums`/`album_tracks`; `<type>-<hash of the query>` for `search`.
   */
  source_id: string
  /** Sortable run id: `YYYYMMDDTHHMMSSZ-<suffix>`; a later run of the same day sorts after an earlier one. */
  run_id: string
  /** 0-based page number within the run for this source id. */
  page: number
  request: { method: 'GET'; url: string }
  api_mode: ApiMode
  /** ISO-8601 UTC instant with milliseconds: when the response was received. */
  extracted_at: string
  /** YYYY-MM-DD: the day the snapshot describes. */
  snapshot_date: string
  /** True when the response came from tunelake's built-in emulator (synthetic data). */
  synthetic: boolean
  /**
   * `revalidated`: the API answered 304 to If-None-Match, so the body is the one of `from_key`,
   * which is still current.
   */
  response: { status: number; body: unknown; revalidated?: { status: 304; from_key: string } }
  /**
   * Set on an object made without any request from objects earlier runs fetched, whose content is
   * still current (an unchanged playlist snapshot; artists or albums fetched within the cache
   * period, gathered into one object): the keys of the objects fetched, and when it was copied.
   */
  carried_from?: { keys: string[]; carried_at: string }
}

export const RAW_ENVELOPE_FORMAT = 'tunelake.raw/v1'
