import type { Grant } from './access-tokens.js'
import { apiError } from './errors.js'
import type { Json } from './render-catalog.js'
import { getArtistAlbums, getArtistTopTracks, getRelatedArtists } from './routes-artists.js'
import {
  getAlbum,
  getAlbumTracks,
  getArtist,
  getSeveralAlbums,
  getSeveralArtists,
  getSeveralTracks,
  getTrack,
} from './routes-catalog.js'
import { getMe, getMyPlaylists, getRecentlyPlayed, getSavedTracks, getTop } from './routes-me.js'
import { getPlaylist, getPlaylistItems, getPlaylistTracks } from './routes-playlists.js'
import { getAudioFeatures, getMarkets, getRecommendations } from './routes-removed.js'
import { search } from './routes-search.js'
import type { EmulatorState } from './state.js'

type Handler = (state: EmulatorState, id: string, query: URLSearchParams, grant: Grant) => Json

/** A route: its path pattern below `/v1`, the label the request counters use, its handler. */
const ROUTES: readonly [RegExp, string, Handler][] = [
  [/^\/playlists\/([^/]+)$/, '/playlists/{id}', getPlaylist],
  [/^\/playlists\/([^/]+)\/tracks$/, '/playlists/{id}/tracks', getPlaylistTracks],
  [/^\/playlists\/([^/]+)\/items$/, '/playlists/{id}/items', getPlaylistItems],
  [/^\/artists$/, '/artists', (state, _id, query) => getSeveralArtists(state, query)],
  [/^\/artists\/([^/]+)$/, '/artists/{id}', getArtist],
  [/^\/artists\/([^/]+)\/albums$/, '/artists/{id}/albums', getArtistAlbums],
  [/^\/artists\/([^/]+)\/top-tracks$/, '/artists/{id}/top-tracks', getArtistTopTracks],
  [/^\/artists\/([^/]+)\/related-artists$/, '/artists/{id}/related-artists', getRelatedArtists],
  [/^\/albums$/, '/albums', (state, _id, query) => getSeveralAlbums(state, query)],
  [/^\/albums\/([^/]+)$/, '/albums/{id}', getAlbum],
  [/^\/albums\/([^/]+)\/tracks$/, '/albums/{id}/tracks', getAlbumTracks],
  [/^\/tracks$/, '/tracks', (state, _id, query) => getSeveralTracks(state, query)],
  [/^\/tracks\/([^/]+)$/, '/tracks/{id}', getTrack],
  [/^\/me$/, '/me', getMe],
  [/^\/me\/playlists$/, '/me/playlists', getMyPlaylists],
  [/^\/me\/tracks$/, '/me/tracks', getSavedTracks],
  [/^\/me\/player\/recently-played$/, '/me/player/recently-played', getRecentlyPlayed],
  [/^\/me\/top\/(artists|tracks)$/, '/me/top/{type}', getTop],
  [/^\/search$/, '/search', search],
  [/^\/audio-features$/, '/audio-features', getAudioFeatures],
  [/^\/audio-features\/([^/]+)$/, '/audio-features/{id}', getAudioFeatures],
  [/^\/recommendations$/, '/recommendations', getRecommendations],
  [/^\/markets$/, '/markets', (state) => getMarkets(state)],
]

/** The counters' label of a path below `/v1`, e.g. `/playlists/{id}/items`; `other` if unrouted. */
export function routeLabel(path: string): string {
  const trimmed = trim(path)
  return ROUTES.find(([pattern]) => pattern.test(trimmed))?.[1] ?? 'other'
}

/**
 * Dispatches a Web API GET (path below `/v1`, already authenticated) to its handler and returns
 * the JSON body; handlers throw `EmulatorRequestError` for error answers.
 */
export function routeApi(state: EmulatorState, path: string, query: URLSearchParams, grant: Grant): Json {
  const trimmed = trim(path)
  for (const [pattern, , handler] of ROUTES) {
    const match = pattern.exec(trimmed)
    if (match) return handler(state, safeDecode(match[1] ?? ''), query, grant)
  }
  throw apiError(404, 'Service not found')
}

function trim(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
