import type { Catalog } from './catalog.js'
import { normaliseReleaseDate } from './release-date.js'
import type { Row } from './table-specs.js'

/** `tracks`, `track_artists`, `albums` and `artists` rows from the catalog (unsorted). */
export function catalogRows(catalog: Catalog): {
  tracks: Row[]
  track_artists: Row[]
  albums: Row[]
  artists: Row[]
} {
  const tracks: Row[] = []
  const trackArtists: Row[] = []
  for (const [id, { track }] of catalog.tracks) {
    tracks.push({
      track_id: id,
      name: track.name,
      duration_ms: track.duration_ms,
      explicit: track.explicit,
      popularity: track.popularity,
      isrc: track.isrc,
      album_id: track.album?.id ?? null,
      disc_number: track.disc_number,
      track_number: track.track_number,
    })
    track.artists.forEach((artist, i) => {
      if (artist.id !== null)
        trackArtists.push({ track_id: id, artist_id: artist.id, artist_position: i + 1 })
    })
  }

  const albums: Row[] = []
  for (const [id, entry] of catalog.albums) {
    const album = entry.value
    const { release_date, release_year } = normaliseReleaseDate(
      album.release_date,
      album.release_date_precision,
    )
    albums.push({
      album_id: id,
      name: album.name,
      album_type: album.album_type,
      release_date,
      release_date_precision: album.release_date_precision,
      release_year,
      total_tracks: album.total_tracks,
      label: entry.full ? entry.value.label : null,
      upc: entry.full ? entry.value.upc : null,
      popularity: entry.full ? entry.value.popularity : null,
    })
  }

  const artists: Row[] = []
  for (const [id, entry] of catalog.artists) {
    artists.push({
      artist_id: id,
      name: entry.value.name,
      genres: entry.full ? entry.value.genres : null,
      followers: entry.full ? entry.value.followers : null,
      popularity: entry.full ? entry.value.popularity : null,
    })
  }
  return { tracks, track_artists: trackArtists, albums, artists }
}
