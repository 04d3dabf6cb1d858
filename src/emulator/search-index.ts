import type { SyntheticCatalog } from './catalog.js'
import type { AlbumModel, ArtistModel, PlaylistInfo, TrackModel } from './model.js'

/** A parsed search query: free-text words plus `artist:`, `album:`, `track:`, `genre:`, `year:` filters. */
export interface SearchQuery {
  words: string[]
  filters: Map<string, string>
}

/** Splits `q` into words and `field:value` filters (values may be quoted). */
export function parseQuery(q: string): SearchQuery {
  const words: string[] = []
  const filters = new Map<string, string>()
  for (const match of q.matchAll(/(\w+):"([^"]*)"|(\w+):(\S+)|"([^"]*)"|(\S+)/g)) {
    const field = match[1] ?? match[3]
    const value = match[2] ?? match[4]
    if (field !== undefined && value !== undefined) filters.set(field.toLowerCase(), fold(value))
    else words.push(fold(match[5] ?? match[6] ?? ''))
  }
  return { words: words.filter(Boolean), filters }
}

/** Lower-case without accents, so "Soeur" finds "Sœur" no more than Spotify would, but "cafe" finds "Café". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

/**
 * Matches catalog objects against a query the way a search box does: every word must occur in
 * the object's text, every filter in its field. Results are ordered by popularity, then id.
 */
export class SearchIndex {
  constructor(private readonly catalog: SyntheticCatalog) {}

  tracks(query: SearchQuery): TrackModel[] {
    return this.catalog.tracks
      .filter((t) => {
        const album = this.catalog.album(t.albumId)!
        const artists = t.artistIds.map((id) => this.catalog.artist(id)!)
        const text = [t.name, album.name, ...artists.map((a) => a.name)].join(' ')
        return (
          matches(text, query.words) &&
          field(query, 'track', t.name) &&
          field(query, 'album', album.name) &&
          field(query, 'artist', artists.map((a) => a.name).join(' ')) &&
          field(query, 'genre', artists.flatMap((a) => a.genres).join(' ')) &&
          year(query, album)
        )
      })
      .sort((a, b) => b.popularity - a.popularity || compare(a.id, b.id))
  }

  artists(query: SearchQuery): ArtistModel[] {
    return this.catalog.artists
      .filter(
        (a) =>
          matches(a.name, query.words) &&
          field(query, 'artist', a.name) &&
          field(query, 'genre', a.genres.join(' ')),
      )
      .sort((a, b) => b.popularity - a.popularity || compare(a.id, b.id))
  }

  albums(query: SearchQuery): AlbumModel[] {
    return this.catalog.albums
      .filter((album) => {
        const artists = album.artistIds.map((id) => this.catalog.artist(id)!.name).join(' ')
        return (
          matches(`${album.name} ${artists}`, query.words) &&
          field(query, 'album', album.name) &&
          field(query, 'artist', artists) &&
          year(query, album)
        )
      })
      .sort((a, b) => b.popularity - a.popularity || compare(a.id, b.id))
  }

  playlists(query: SearchQuery, playlists: readonly PlaylistInfo[]): PlaylistInfo[] {
    return playlists.filter((p) => matches(`${p.name} ${p.description ?? ''}`, query.words))
  }
}

function matches(text: string, words: readonly string[]): boolean {
  const folded = fold(text)
  return words.every((word) => folded.includes(word))
}

function field(query: SearchQuery, name: string, text: string): boolean {
  const value = query.filters.get(name)
  return value === undefined || fold(text).includes(value)
}

function year(query: SearchQuery, album: AlbumModel): boolean {
  const value = query.filters.get('year')
  if (value === undefined) return true
  const released = Number(album.releaseDate.slice(0, 4))
  const range = /^(\d{4})(?:-(\d{4}))?$/.exec(value)
  if (!range) return false
  const from = Number(range[1])
  const to = range[2] === undefined ? from : Number(range[2])
  return released >= from && released <= to
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
