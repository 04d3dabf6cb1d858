import { forbidden, invalidId, notFound } from './errors.js'
import { isBase62Id } from './ids.js'
import type { PlaylistEntry, PlaylistInfo } from './model.js'
import { echoedParams, pagingObject, parsePage } from './paging.js'
import { DEMO_USER, SPOTIFY_USER } from './playlist-defs.js'
import type { Json } from './render-catalog.js'
import { renderPlaylistItem } from './render-items.js'
import { renderPlaylist } from './render-playlist.js'
import type { EmulatorState } from './state.js'

/** The embedded items page of Get Playlist always has limit 100. */
const EMBEDDED_LIMIT = 100

/** GET /v1/playlists/{id}: metadata plus the first page of items (`tracks` extended, `items` development). */
export function getPlaylist(state: EmulatorState, id: string, query: URLSearchParams): Json {
  const { info, readable } = access(state, id)
  const entries = state.playlistItems(id)
  const extended = state.extended
  const page = readable
    ? itemsPage(state, info, entries, {
        offset: 0,
        limit: EMBEDDED_LIMIT,
        endpoint: extended ? 'tracks' : 'items',
        extra: echoedParams(query),
        // Development-mode /items takes at most 50, so the embedded page's `next` asks for 50.
        linkLimit: extended ? EMBEDDED_LIMIT : 50,
      })
    : undefined
  return renderPlaylist({
    catalog: state.catalog,
    info,
    entries,
    snapshotId: state.snapshotId(id),
    extended,
    embedded: page && { key: extended ? 'tracks' : 'items', page },
  })
}

/** GET /v1/playlists/{id}/tracks: extended mode only (development: 403); limit 1-100, default 100. */
export function getPlaylistTracks(state: EmulatorState, id: string, query: URLSearchParams): Json {
  if (!state.extended) throw forbidden()
  const { info } = access(state, id)
  const { offset, limit } = parsePage(query, { defaultLimit: 100, maxLimit: 100 })
  const entries = state.playlistItems(id)
  return itemsPage(state, info, entries, { offset, limit, endpoint: 'tracks', extra: echoedParams(query) })
}

/**
 * GET /v1/playlists/{id}/items. Development mode: item key `item`, limit 1-50 (default 20), only
 * for playlists the user owns (403 otherwise). The endpoint exists for every app since Feb 2026;
 * in extended mode this emulator serves it with the legacy item key `track` and limit up to 100.
 */
export function getPlaylistItems(state: EmulatorState, id: string, query: URLSearchParams): Json {
  const { info, readable } = access(state, id)
  if (!readable) throw forbidden()
  const { offset, limit } = parsePage(query, { defaultLimit: 20, maxLimit: state.extended ? 100 : 50 })
  const entries = state.playlistItems(id)
  return itemsPage(state, info, entries, { offset, limit, endpoint: 'items', extra: echoedParams(query) })
}

/**
 * Who may see what: unknown or malformed ids fail; in development mode Spotify-owned editorial
 * playlists are a 404 (as for every app created since Nov 2024), and only the demo user's own
 * playlists are readable beyond their metadata.
 */
function access(state: EmulatorState, id: string): { info: PlaylistInfo; readable: boolean } {
  if (!isBase62Id(id)) throw invalidId()
  const info = state.playlist(id)
  if (!info) throw notFound()
  if (state.extended) return { info, readable: true }
  if (info.owner.id === SPOTIFY_USER.id) throw notFound()
  return { info, readable: info.owner.id === DEMO_USER.id }
}

function itemsPage(
  state: EmulatorState,
  info: PlaylistInfo,
  entries: readonly PlaylistEntry[],
  page: {
    offset: number
    limit: number
    endpoint: 'tracks' | 'items'
    extra: [string, string][]
    linkLimit?: number
  },
): Json {
  const renderer = state.renderer()
  const key = state.extended ? 'track' : 'item'
  const items = entries
    .slice(page.offset, page.offset + page.limit)
    .map((entry) => renderPlaylistItem(renderer, state.catalog, entry, key))
  return pagingObject({
    base: `${state.apiBaseUrl}/playlists/${info.id}/${page.endpoint}`,
    offset: page.offset,
    limit: page.limit,
    total: entries.length,
    items,
    extra: page.extra,
    ...(page.linkLimit !== undefined && { linkLimit: page.linkLimit }),
  })
}
