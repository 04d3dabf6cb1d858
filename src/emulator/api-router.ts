import { apiError } from './errors.js'
import type { Json } from './render-catalog.js'
import {
  getAlbum,
  getAlbumTracks,
  getArtist,
  getSeveralAlbums,
  getSeveralArtists,
  getSeveralTracks,
  getTrack,
} from './routes-catalog.js'
import { getPlaylist, getPlaylistItems, getPlaylistTracks } from './routes-playlists.js'
import type { EmulatorState } from './state.js'

type Handler = (state: EmulatorState, id: string, query: URLSearchParams) => Json

const ROUTES: readonly [RegExp, Handler][] = [
  [/^\/playlists\/([^/]+)$/, getPlaylist],
  [/^\/playlists\/([^/]+)\/tracks$/, getPlaylistTracks],
  [/^\/playlists\/([^/]+)\/items$/, getPlaylistItems],
  [/^\/artists$/, (state, _id, query) => getSeveralArtists(state, query)],
  [/^\/artists\/([^/]+)$/, getArtist],
  [/^\/albums$/, (state, _id, query) => getSeveralAlbums(state, query)],
  [/^\/albums\/([^/]+)$/, getAlbum],
  [/^\/albums\/([^/]+)\/tracks$/, getAlbumTracks],
  [/^\/tracks$/, (state, _id, query) => getSeveralTracks(state, query)],
  [/^\/tracks\/([^/]+)$/, getTrack],
]

/**
 * Dispatches a Web API GET (path below `/v1`, already authenticated) to its handler and returns
 * the JSON body; handlers throw `EmulatorRequestError` for error answers.
 */
export function routeApi(state: EmulatorState, path: string, query: URLSearchParams): Json {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path
  for (const [pattern, handler] of ROUTES) {
    const match = pattern.exec(trimmed)
    if (match) return handler(state, safeDecode(match[1] ?? ''), query)
  }
  throw apiError(404, 'Service not found')
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
