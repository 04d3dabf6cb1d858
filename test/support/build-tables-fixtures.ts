/** Fixtures shared by the buildTables tests in src/transform/build-tables*.test.ts. */
import type { RawEnvelope } from '../../src/extract/raw-envelope.js'
import { buildTables } from '../../src/transform/build-tables.js'
import { readEnvelope } from '../../src/transform/read-envelope.js'
import { EXAMPLE_PLAYLIST_ID, envelope, example } from './spotify-examples.js'

export const PLAYLIST_ID = EXAMPLE_PLAYLIST_ID
export const OTHER_ID = '5ZCExampleOtherPlaylist'
export const RUN_1 = '20261123T060000Z-aaaa'
export const RUN_2 = '20261123T180000Z-bbbb'

type Json = Record<string, unknown>

export function build(envelopes: readonly RawEnvelope[]) {
  return buildTables(envelopes.map(readEnvelope))
}

const devItems = example('responses/get-playlist-items.devmode-2026.json').items as Json[]

/**
 * The development-mode playlist read in three pages of two (the real page-2 example in the
 * middle): Get Playlist with items 0-1, then items 2-3, then items 4-5 (a local file, a null).
 */
export function pagedRun(
  runId: string,
  extractedAt: string,
  options: { skipLastPage?: boolean; snapshotId?: string } = {},
) {
  const base = example('objects/playlist.devmode-2026.owned.json')
  const page0 = {
    ...(base.items as Json),
    items: devItems.slice(0, 2),
    limit: 2,
    next: `https://api.spotify.com/v1/playlists/${PLAYLIST_ID}/items?offset=2&limit=2`,
  }
  let playlist: Json = { ...base, items: page0 }
  if (options.snapshotId) playlist = { ...playlist, snapshot_id: options.snapshotId }
  const page2 = {
    href: `https://api.spotify.com/v1/playlists/${PLAYLIST_ID}/items?offset=4&limit=2`,
    items: devItems.slice(4, 6),
    limit: 2,
    next: null,
    offset: 4,
    previous: `https://api.spotify.com/v1/playlists/${PLAYLIST_ID}/items?offset=2&limit=2`,
    total: 6,
  }
  const common = { run_id: runId, extracted_at: extractedAt, api_mode: 'development' as const }
  const envelopes = [
    envelope('playlists', playlist, { ...common, page: 0 }),
    envelope('playlist_items', example('responses/get-playlist-items.page2-limit2.devmode-2026.json'), {
      ...common,
      page: 1,
    }),
  ]
  if (!options.skipLastPage) envelopes.push(envelope('playlist_items', page2, { ...common, page: 2 }))
  return envelopes
}

export const extendedPlaylist = envelope('playlists', example('objects/playlist.full-extended.json'))
