import type {
  AlbumsContent,
  ArtistsContent,
  ContentOrigin,
  FullAlbum,
  FullArtist,
  SimplifiedAlbum,
  SimplifiedArtist,
  Track,
  TracksContent,
} from './envelope-content.js'
import { isLater, type SelectedPlaylist } from './select-runs.js'

export interface CatalogTrack {
  readonly track: Track
  /** The earliest `added_at` of the track across the selected playlists. */
  readonly firstAdded: string | null
}

/** A full object (from the albums/artists sources) or, failing that, a simplified one from a track. */
export type CatalogEntry<Full, Simplified> =
  | { readonly full: true; readonly value: Full }
  | { readonly full: false; readonly value: Simplified }

/** The distinct tracks, albums and artists of one partition, by id. */
export interface Catalog {
  readonly tracks: ReadonlyMap<string, CatalogTrack>
  readonly albums: ReadonlyMap<string, CatalogEntry<FullAlbum, SimplifiedAlbum>>
  readonly artists: ReadonlyMap<string, CatalogEntry<FullArtist, SimplifiedArtist>>
}

/** Keeps, per id, the value from the latest envelope (ties: the first one seen). */
class Latest<T> {
  private readonly entries = new Map<string, { value: T; origin: ContentOrigin }>()

  offer(id: string, value: T, origin: ContentOrigin): void {
    const current = this.entries.get(id)
    if (current === undefined || isLater(origin, current.origin)) this.entries.set(id, { value, origin })
  }

  values(): Map<string, T> {
    return new Map([...this.entries].map(([id, { value }]) => [id, value]))
  }
}

/**
 * Collects the catalog: tracks (type track, not local, with an id) from the selected playlist
 * pages and from Get Track(s) answers (the back-fill); full artists and albums from any run of the day; simplified ones from those tracks (and
 * the artists of full albums) where no full object exists. For one id, the latest envelope wins.
 * Iterate inputs in a deterministic order: ties go to the first one seen.
 */
export function collectCatalog(
  playlists: readonly SelectedPlaylist[],
  entityContents: readonly (ArtistsContent | AlbumsContent | TracksContent)[],
): Catalog {
  const tracks = new Latest<Track>()
  const firstAdded = new Map<string, string>()
  const albums = new Latest<SimplifiedAlbum>()
  const artists = new Latest<SimplifiedArtist>()
  const fullAlbums = new Latest<FullAlbum>()
  const fullArtists = new Latest<FullArtist>()

  const offerArtists = (list: readonly SimplifiedArtist[], origin: ContentOrigin): void => {
    for (const artist of list) if (artist.id !== null) artists.offer(artist.id, artist, origin)
  }

  for (const { pages } of playlists) {
    for (const { origin, page } of pages) {
      for (const item of page.items) {
        const track = item.content
        if (track.type !== 'track' || track.is_local || item.is_local || track.id === null) continue
        tracks.offer(track.id, track, origin)
        const added = firstAdded.get(track.id)
        if (item.added_at !== null && (added === undefined || item.added_at < added)) {
          firstAdded.set(track.id, item.added_at)
        }
        offerArtists(track.artists, origin)
        if (track.album?.id) {
          albums.offer(track.album.id, track.album, origin)
          offerArtists(track.album.artists, origin)
        }
      }
    }
  }
  for (const content of entityContents) {
    if (content.source === 'tracks') {
      for (const track of content.tracks) {
        if (track.id === null || track.is_local) continue
        tracks.offer(track.id, track, content)
        offerArtists(track.artists, content)
        if (track.album?.id) {
          albums.offer(track.album.id, track.album, content)
          offerArtists(track.album.artists, content)
        }
      }
    } else if (content.source === 'artists') {
      for (const artist of content.artists) fullArtists.offer(artist.id, artist, content)
    } else {
      for (const album of content.albums) {
        fullAlbums.offer(album.id, album, content)
        offerArtists(album.artists, content)
      }
    }
  }

  const trackEntries = [...tracks.values()].map(([id, track]): [string, CatalogTrack] => [
    id,
    { track, firstAdded: firstAdded.get(id) ?? null },
  ])
  return {
    tracks: new Map(trackEntries),
    albums: preferFull(fullAlbums.values(), albums.values()),
    artists: preferFull(fullArtists.values(), artists.values()),
  }
}

function preferFull<Full, Simplified>(
  full: ReadonlyMap<string, Full>,
  simplified: ReadonlyMap<string, Simplified>,
): Map<string, CatalogEntry<Full, Simplified>> {
  const out = new Map<string, CatalogEntry<Full, Simplified>>()
  for (const [id, value] of simplified) out.set(id, { full: false, value })
  for (const [id, value] of full) out.set(id, { full: true, value })
  return out
}
