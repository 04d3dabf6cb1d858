import { forbidden, invalidId, invalidRequest, notFound } from './errors.js'
import { isBase62Id } from './ids.js'
import type { AlbumModel, ArtistModel } from './model.js'
import { pagingObject, parsePage } from './paging.js'
import type { Json } from './render-catalog.js'
import type { EmulatorState } from './state.js'

const GROUPS = ['album', 'single', 'appears_on', 'compilation'] as const
type Group = (typeof GROUPS)[number]

/**
 * GET /v1/artists/{id}/albums: the artist's discography, newest first, filtered by
 * `include_groups`; limit 1-50 default 20 in extended mode, 1-10 default 5 in development mode
 * (Feb 2026). Items carry `album_group` in extended mode only.
 */
export function getArtistAlbums(state: EmulatorState, id: string, query: URLSearchParams): Json {
  const artist = artistOf(state, id)
  const extended = state.extended
  const { offset, limit } = parsePage(query, {
    defaultLimit: extended ? 20 : 5,
    maxLimit: extended ? 50 : 10,
  })
  const groupsText = query.get('include_groups')
  const groups = groupsText === null ? [...GROUPS] : groupsText.split(',').map((g) => g.trim())
  if (groups.some((g) => !(GROUPS as readonly string[]).includes(g))) {
    throw invalidRequest('Invalid include_groups parameter')
  }
  const albums = discography(state, artist).filter(({ group }) => groups.includes(group))
  const renderer = state.renderer()
  const items = albums.slice(offset, offset + limit).map(({ album, group }) => ({
    ...renderer.simplifiedAlbum(album),
    ...(extended && { album_group: group }),
  }))
  return pagingObject({
    base: `${state.apiBaseUrl}/artists/${artist.id}/albums`,
    offset,
    limit,
    total: albums.length,
    items,
    extra: groupsText === null ? [] : [['include_groups', groupsText]],
  })
}

/** GET /v1/artists/{id}/top-tracks: extended mode only (development: 403, Feb 2026); the 10 most popular. */
export function getArtistTopTracks(state: EmulatorState, id: string): Json {
  if (!state.extended) throw forbidden()
  const artist = artistOf(state, id)
  const renderer = state.renderer()
  const tracks = state.catalog.tracks
    .filter((t) => t.artistIds[0] === artist.id)
    .sort((a, b) => b.popularity - a.popularity || (a.id < b.id ? -1 : 1))
    .slice(0, 10)
  return { tracks: tracks.map((t) => renderer.track(t)) }
}

/** GET /v1/artists/{id}/related-artists: gone for new and development-mode apps since Nov 2024 (403). */
export function getRelatedArtists(state: EmulatorState, id: string): Json {
  if (!state.extended) throw forbidden()
  const artist = artistOf(state, id)
  const genre = artist.genres[0]
  const related = state.catalog.artists
    .filter((a) => a.id !== artist.id && genre !== undefined && a.genres.includes(genre))
    .slice(0, 20)
  const renderer = state.renderer()
  return { artists: related.map((a) => renderer.artist(a)) }
}

function artistOf(state: EmulatorState, id: string): ArtistModel {
  if (!isBase62Id(id)) throw invalidId()
  const artist = state.catalog.artist(id)
  if (!artist) throw notFound()
  return artist
}

/** The artist's albums and singles, compilations, and albums of others they appear on; newest first. */
function discography(state: EmulatorState, artist: ArtistModel): { album: AlbumModel; group: Group }[] {
  const out: { album: AlbumModel; group: Group }[] = []
  for (const album of state.catalog.albums) {
    if (album.artistIds.includes(artist.id)) {
      out.push({ album, group: album.albumType })
    } else if (album.trackIds.some((t) => state.catalog.track(t)!.artistIds.includes(artist.id))) {
      out.push({ album, group: 'appears_on' })
    }
  }
  return out.sort(
    (a, b) =>
      (a.album.releaseDate < b.album.releaseDate ? 1 : a.album.releaseDate > b.album.releaseDate ? -1 : 0) ||
      (a.album.id < b.album.id ? -1 : 1),
  )
}
