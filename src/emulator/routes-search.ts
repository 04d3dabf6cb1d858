import { invalidRequest } from './errors.js'
import { pagingObject, parsePage } from './paging.js'
import { SPOTIFY_USER } from './playlist-defs.js'
import type { Json } from './render-catalog.js'
import { renderSimplifiedPlaylist } from './render-user.js'
import { parseQuery, SearchIndex } from './search-index.js'
import type { EmulatorState } from './state.js'

/** Search offsets stop at 1000 (offset plus limit, per the reference). */
export const SEARCH_OFFSET_CAP = 1000
const TYPES = ['album', 'artist', 'playlist', 'track', 'show', 'episode', 'audiobook'] as const
const indexes = new WeakMap<object, SearchIndex>()

/**
 * GET /v1/search: `q` (or `query`, as Spotify's own `next` links say), `type` (comma list),
 * limit 1-50 default 20 (development: 1-10 default 5), offset 0-1000. One paging object per
 * type under its plural key; playlists that are Spotify-owned come back `null` in development mode.
 */
export function search(state: EmulatorState, _id: string, query: URLSearchParams): Json {
  const q = query.get('q') ?? query.get('query')
  if (!q || q.trim() === '') throw invalidRequest('No search query')
  const typeText = query.get('type')
  if (!typeText) throw invalidRequest('Missing parameter type')
  const types = typeText.split(',').map((t) => t.trim())
  if (types.some((t) => !(TYPES as readonly string[]).includes(t)))
    throw invalidRequest('Bad search type field')
  const extended = state.extended
  const { offset, limit } = parsePage(query, {
    defaultLimit: extended ? 20 : 5,
    maxLimit: extended ? 50 : 10,
  })
  if (offset > SEARCH_OFFSET_CAP) throw invalidRequest('Invalid offset')
  let index = indexes.get(state.catalog)
  if (!index) {
    index = new SearchIndex(state.catalog)
    indexes.set(state.catalog, index)
  }
  const parsed = parseQuery(q)
  const renderer = state.renderer()
  const result: Json = {}
  for (const type of types) {
    let all: readonly unknown[]
    let render: (value: never) => Json | null
    if (type === 'track') {
      all = index.tracks(parsed)
      render = (t) => renderer.track(t)
    } else if (type === 'artist') {
      all = index.artists(parsed)
      render = (a) => renderer.artist(a)
    } else if (type === 'album') {
      all = index.albums(parsed)
      render = (a) => renderer.simplifiedAlbum(a)
    } else if (type === 'playlist') {
      all = index.playlists(parsed, state.libraryPlaylists())
      render = (p: { owner: { id: string } }) =>
        !extended && p.owner.id === SPOTIFY_USER.id
          ? null
          : renderSimplifiedPlaylist(state, p as Parameters<typeof renderSimplifiedPlaylist>[1])
    } else {
      all = []
      render = () => null
    }
    const total = Math.min(all.length, SEARCH_OFFSET_CAP)
    const page = pagingObject({
      base: `${state.apiBaseUrl}/search`,
      offset,
      limit,
      total,
      items: all.slice(offset, Math.min(offset + limit, total)).map((v) => render(v as never)),
      extra: [
        ['query', q],
        ['type', type],
      ],
    })
    result[`${type}s`] = page
  }
  return result
}
