import type { Catalog } from './catalog.js'
import { normaliseReleaseDate } from './release-date.js'
import type { Row } from './table-specs.js'

/**
 * The seed pipeline's three tables, exactly its columns: `songs`, `album`, `artist` (unsorted).
 * `songs.song_added` is the track's earliest `added_at` in the selected playlists and
 * `songs.artist_id` its first artist; URLs are the `open.spotify.com` ones.
 */
export function seedRows(catalog: Catalog): { songs: Row[]; album: Row[]; artist: Row[] } {
  const songs: Row[] = []
  for (const [id, { track, firstAdded }] of catalog.tracks) {
    songs.push({
      song_id: id,
      song_name: track.name,
      duration_ms: track.duration_ms,
      url: track.url,
      popularity: track.popularity,
      song_added: firstAdded,
      album_id: track.album?.id ?? null,
      artist_id: track.artists[0]?.id ?? null,
    })
  }
  const album: Row[] = []
  for (const [id, { value }] of catalog.albums) {
    album.push({
      album_id: id,
      name: value.name,
      release_date: normaliseReleaseDate(value.release_date, value.release_date_precision).release_date,
      total_tracks: value.total_tracks,
      url: value.url,
    })
  }
  const artist: Row[] = []
  for (const [id, { value }] of catalog.artists) {
    artist.push({ artist_id: id, artist_name: value.name, external_url: value.url })
  }
  return { songs, album, artist }
}
