import type {
  Episode,
  FullAlbum,
  FullArtist,
  SimplifiedAlbum,
  SimplifiedArtist,
  Track,
} from './envelope-content.js'
import {
  type JsonObject,
  object,
  optArray,
  optBool,
  optInt,
  optObject,
  optStr,
  optStrings,
  ShapeProblem,
  str,
} from './json-shape.js'

/** Readers for Spotify's catalog objects; each takes the JSON value and its path for messages. */

export function readSimplifiedArtist(value: unknown, path: string): SimplifiedArtist {
  const o = typed(value, 'artist', path)
  return { id: optStr(o, 'id', path), name: optStr(o, 'name', path), url: spotifyUrl(o, path) }
}

export function readFullArtist(value: unknown, path: string): FullArtist {
  const o = typed(value, 'artist', path)
  return {
    id: str(o, 'id', path),
    name: optStr(o, 'name', path),
    url: spotifyUrl(o, path),
    genres: optStrings(o, 'genres', path),
    followers: counterTotal(o, 'followers', path),
    popularity: optInt(o, 'popularity', path),
  }
}

export function readSimplifiedAlbum(value: unknown, path: string): SimplifiedAlbum {
  const o = typed(value, 'album', path)
  return {
    id: optStr(o, 'id', path),
    name: optStr(o, 'name', path),
    album_type: optStr(o, 'album_type', path),
    release_date: optStr(o, 'release_date', path),
    release_date_precision: optStr(o, 'release_date_precision', path),
    total_tracks: optInt(o, 'total_tracks', path),
    url: spotifyUrl(o, path),
    artists: artists(o, path),
  }
}

export function readFullAlbum(value: unknown, path: string): FullAlbum {
  const o = typed(value, 'album', path)
  return {
    ...readSimplifiedAlbum(o, path),
    id: str(o, 'id', path),
    label: optStr(o, 'label', path),
    upc: externalId(o, 'upc', path),
    popularity: optInt(o, 'popularity', path),
  }
}

/**
 * The content of a playlist item: a Track, an Episode, or `null` (removed or unavailable).
 * Episodes sent as track-ish objects (`type: "track"`, `episode: true`) count as episodes.
 */
export function readItemContent(value: unknown, path: string): Track | Episode | null {
  if (value === null || value === undefined) return null
  const o = object(value, path)
  const type = optStr(o, 'type', path)
  if (type === 'episode' || (type === 'track' && o.episode === true)) return readEpisode(o, path)
  if (type === 'track') return readTrack(o, path)
  throw new ShapeProblem(`${path}.type must be "track" or "episode" (got ${JSON.stringify(type)})`)
}

export function readTrack(o: JsonObject, path: string): Track {
  const album = optObject(o, 'album', path)
  return {
    type: 'track',
    id: optStr(o, 'id', path),
    uri: optStr(o, 'uri', path),
    name: optStr(o, 'name', path),
    duration_ms: optInt(o, 'duration_ms', path),
    explicit: optBool(o, 'explicit', path),
    popularity: optInt(o, 'popularity', path),
    isrc: externalId(o, 'isrc', path),
    disc_number: optInt(o, 'disc_number', path),
    track_number: optInt(o, 'track_number', path),
    is_local: optBool(o, 'is_local', path) ?? false,
    url: spotifyUrl(o, path),
    album: album === null ? null : readSimplifiedAlbum(album, `${path}.album`),
    artists: artists(o, path),
  }
}

function readEpisode(o: JsonObject, path: string): Episode {
  return {
    type: 'episode',
    id: optStr(o, 'id', path),
    uri: optStr(o, 'uri', path),
    name: optStr(o, 'name', path),
    duration_ms: optInt(o, 'duration_ms', path),
    explicit: optBool(o, 'explicit', path),
    url: spotifyUrl(o, path),
  }
}

/** An object whose `type`, when present, is the expected one. */
function typed(value: unknown, type: string, path: string): JsonObject {
  const o = object(value, path)
  const actual = optStr(o, 'type', path)
  if (actual !== null && actual !== type) {
    throw new ShapeProblem(`${path}.type must be "${type}" (got ${JSON.stringify(actual)})`)
  }
  return o
}

function artists(o: JsonObject, path: string): readonly SimplifiedArtist[] {
  const list = optArray(o, 'artists', path) ?? []
  return list.map((artist, i) => readSimplifiedArtist(artist, `${path}.artists[${i}]`))
}

/** `external_urls.spotify`; local files carry `external_urls: {}`. */
function spotifyUrl(o: JsonObject, path: string): string | null {
  const urls = optObject(o, 'external_urls', path)
  return urls === null ? null : optStr(urls, 'spotify', `${path}.external_urls`)
}

/** `external_ids.isrc` / `external_ids.upc`. */
function externalId(o: JsonObject, key: string, path: string): string | null {
  const ids = optObject(o, 'external_ids', path)
  return ids === null ? null : optStr(ids, key, `${path}.external_ids`)
}

/** `followers.total`: `null` when the object is absent (development mode). */
export function counterTotal(o: JsonObject, key: string, path: string): number | null {
  const counter = optObject(o, key, path)
  return counter === null ? null : optInt(counter, 'total', `${path}.${key}`)
}
