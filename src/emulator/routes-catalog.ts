import { apiError, forbidden, invalidId, notFound } from './errors.js'
import { isBase62Id } from './ids.js'
import { parsePage } from './paging.js'
import type { Json } from './render-catalog.js'
import type { EmulatorState } from './state.js'

/** GET /v1/artists/{id}. */
export function getArtist(state: EmulatorState, id: string): Json {
  const artist = state.catalog.artist(checkedId(id))
  if (!artist) throw notFound()
  return state.renderer().artist(artist)
}

/** GET /v1/albums/{id}: full album with its first 50 tracks. */
export function getAlbum(state: EmulatorState, id: string): Json {
  const album = state.catalog.album(checkedId(id))
  if (!album) throw notFound()
  return state.renderer().album(album)
}

/** GET /v1/albums/{id}/tracks: simplified tracks, limit 1-50 (default 20). */
export function getAlbumTracks(state: EmulatorState, id: string, query: URLSearchParams): Json {
  const album = state.catalog.album(checkedId(id))
  if (!album) throw notFound()
  const { offset, limit } = parsePage(query, { defaultLimit: 20, maxLimit: 50 })
  return state.renderer().albumTracks(album, offset, limit)
}

/** GET /v1/tracks/{id}. */
export function getTrack(state: EmulatorState, id: string): Json {
  const track = state.catalog.track(checkedId(id))
  if (!track) throw notFound()
  return state.renderer().track(track)
}

/** GET /v1/artists?ids= (max 50): extended mode only; `null` for unknown ids. */
export function getSeveralArtists(state: EmulatorState, query: URLSearchParams): Json {
  const ids = severalIds(state, query, 50)
  const renderer = state.renderer()
  return { artists: ids.map((id) => nullable(state.catalog.artist(id), (a) => renderer.artist(a))) }
}

/** GET /v1/albums?ids= (max 20): extended mode only; `null` for unknown ids. */
export function getSeveralAlbums(state: EmulatorState, query: URLSearchParams): Json {
  const ids = severalIds(state, query, 20)
  const renderer = state.renderer()
  return { albums: ids.map((id) => nullable(state.catalog.album(id), (a) => renderer.album(a))) }
}

/** GET /v1/tracks?ids= (max 50): extended mode only; `null` for unknown ids. */
export function getSeveralTracks(state: EmulatorState, query: URLSearchParams): Json {
  const ids = severalIds(state, query, 50)
  const renderer = state.renderer()
  return { tracks: ids.map((id) => nullable(state.catalog.track(id), (t) => renderer.track(t))) }
}

/** The batch endpoints are gone in development mode (403); too many ids is a 400, as is a bad id. */
function severalIds(state: EmulatorState, query: URLSearchParams, max: number): string[] {
  if (!state.extended) throw forbidden()
  const text = query.get('ids')
  if (!text) throw apiError(400, 'Missing required field: ids')
  const ids = text.split(',').map((id) => id.trim())
  if (ids.length > max) throw apiError(400, 'Too many ids requested')
  for (const id of ids) checkedId(id)
  return ids
}

function checkedId(id: string): string {
  if (!isBase62Id(id)) throw invalidId()
  return id
}

function nullable<T>(value: T | undefined, render: (value: T) => Json): Json | null {
  return value === undefined ? null : render(value)
}
