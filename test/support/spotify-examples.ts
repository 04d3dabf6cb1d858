import { readFileSync } from 'node:fs'
import type { RawEnvelope } from '../../src/extract/raw-envelope.js'
import { type RawSource, rawKey } from '../../src/lake/layout.js'

const EXAMPLES = new URL('../fixtures/spotify-api/examples/', import.meta.url)

export const EXAMPLE_PLAYLIST_ID = '3cEYpjA9oz9GiPac4AsH4n'

/** A real (or documented development-mode) Spotify response from test/fixtures, e.g. `objects/track.full.json`. */
export function example<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, EXAMPLES), 'utf8')) as T
}

/** A raw envelope around `body`, as the extractor would land it, with `changes` on top. */
export function envelope(source: RawSource, body: unknown, changes: Partial<RawEnvelope> = {}): RawEnvelope {
  return {
    format: 'tunelake.raw/v1',
    source,
    source_id: source === 'playlists' || source === 'playlist_items' ? EXAMPLE_PLAYLIST_ID : 'batch',
    run_id: '20261123T060000Z-aaaa',
    page: 0,
    request: { method: 'GET', url: 'https://api.spotify.com/v1/example' },
    api_mode: 'extended',
    extracted_at: '2026-11-23T06:00:01.250Z',
    snapshot_date: '2026-11-23',
    synthetic: false,
    response: { status: 200, body },
    ...changes,
  }
}

/** A copy of `value` with the member at `path` replaced. */
export function setIn<T>(value: T, path: readonly (string | number)[], replacement: unknown): T {
  const copy = structuredClone(value) as Record<string | number, unknown>
  let at = copy
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>
  at[path[path.length - 1]!] = replacement
  return copy as T
}

/** The example playlist (Get Playlist with its first items page) as a raw object: its lake key and body. */
export function rawExamplePlaylist(snapshotDate = '2026-11-23'): { key: string; body: string } {
  const env = envelope('playlists', example('objects/playlist.full-extended.json'), {
    snapshot_date: snapshotDate,
  })
  const key = rawKey({
    source: 'playlists',
    snapshotDate,
    sourceId: env.source_id,
    runId: env.run_id,
    page: 0,
  })
  return { key, body: JSON.stringify(env) }
}
