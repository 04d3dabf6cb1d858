import type { RawEnvelope } from '../extract/raw-envelope.js'
import { normaliseInstant } from './dates.js'
import type { ContentOrigin, FullArtist, Track } from './envelope-content.js'
import {
  array,
  int,
  isJsonObject,
  type JsonObject,
  object,
  optObject,
  optStr,
  ShapeProblem,
} from './json-shape.js'
import { readFullArtist, readTrack } from './read-catalog-objects.js'
import type { Play, UserContent } from './user-content.js'

/**
 * Reads the body of a user-data or catalog-source envelope (recently played, saved tracks, top
 * items, search, listings) into the typed model. Throws `ShapeProblem` naming the bad path.
 *
 * @example
 * const content = readUserEnvelope(envelope, origin) // { source: 'recently_played', plays: [...] }
 */
export function readUserEnvelope(env: RawEnvelope, origin: ContentOrigin): UserContent {
  const body = env.response.body
  switch (env.source) {
    case 'recently_played':
      return { ...origin, source: 'recently_played', plays: readPlays(body) }
    case 'saved_tracks':
      return { ...origin, source: 'saved_tracks', after: afterOf(env.source_id), saved: readSaved(body) }
    case 'top_artists':
    case 'top_tracks': {
      const page = object(body, 'body')
      const items = array(page.items, 'body.items')
      const offset = page.offset === undefined ? 0 : int(page, 'offset', 'body')
      return {
        ...origin,
        source: env.source,
        time_range: env.source_id,
        offset,
        artists:
          env.source === 'top_artists' ? items.map((a, i) => readFullArtist(a, `body.items[${i}]`)) : [],
        tracks: env.source === 'top_tracks' ? items.map((t, i) => track(t, `body.items[${i}]`)) : [],
      }
    }
    case 'search': {
      const o = object(body, 'body')
      const tracks = optObject(o, 'tracks', 'body')
      const artists = optObject(o, 'artists', 'body')
      return {
        ...origin,
        source: 'search',
        tracks: pageItems(tracks, 'body.tracks').map((t, i) => track(t, `body.tracks.items[${i}]`)),
        artists: pageItems(artists, 'body.artists').map(
          (a, i): FullArtist => readFullArtist(a, `body.artists.items[${i}]`),
        ),
      }
    }
    case 'my_playlists':
    case 'artist_albums':
    case 'album_tracks': {
      const o = object(body, 'body')
      return { ...origin, source: env.source, items: array(o.items, 'body.items').length }
    }
    default:
      throw new ShapeProblem(`no reader for raw source ${JSON.stringify(env.source)}`)
  }
}

function readPlays(body: unknown): Play[] {
  const o = object(body, 'body')
  return array(o.items, 'body.items').map((entry, i): Play => {
    const path = `body.items[${i}]`
    const item = object(entry, path)
    const playedAt = normaliseInstant(optStr(item, 'played_at', path) ?? '')
    if (playedAt === undefined) throw new ShapeProblem(`${path}.played_at must be an ISO-8601 instant`)
    const context =
      item.context === null || item.context === undefined ? null : object(item.context, `${path}.context`)
    return {
      played_at: playedAt,
      track: track(item.track, `${path}.track`),
      context_type: context === null ? null : optStr(context, 'type', `${path}.context`),
      context_uri: context === null ? null : optStr(context, 'uri', `${path}.context`),
    }
  })
}

function readSaved(body: unknown): { added_at: string; track: Track }[] {
  const o = object(body, 'body')
  return array(o.items, 'body.items').map((entry, i) => {
    const path = `body.items[${i}]`
    const item = object(entry, path)
    const addedAt = normaliseInstant(optStr(item, 'added_at', path) ?? '')
    if (addedAt === undefined) throw new ShapeProblem(`${path}.added_at must be an ISO-8601 instant`)
    return { added_at: addedAt, track: track(item.track, `${path}.track`) }
  })
}

function track(value: unknown, path: string): Track {
  const o = object(value, path)
  const type = optStr(o, 'type', path)
  if (type !== null && type !== 'track')
    throw new ShapeProblem(`${path}.type must be "track" (got ${JSON.stringify(type)})`)
  return readTrack(o, path)
}

function pageItems(page: JsonObject | null, path: string): unknown[] {
  if (page === null) return []
  return array(page.items, `${path}.items`).filter((item) => isJsonObject(item))
}

/** `after-1795346103000` → its ISO instant; `all` → null. */
function afterOf(sourceId: string): string | null {
  const match = /^after-(\d{1,15})$/.exec(sourceId)
  return match ? new Date(Number(match[1])).toISOString() : null
}
