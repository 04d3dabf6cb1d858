import type { RawEnvelope } from '../extract/raw-envelope.js'
import type {
  AlbumsContent,
  ArtistsContent,
  ContentOrigin,
  EnvelopeContent,
  FullAlbum,
  FullArtist,
  Track,
} from './envelope-content.js'
import { ResponseShapeError } from './errors.js'
import { array, isJsonObject, object, ShapeProblem } from './json-shape.js'
import { readFullAlbum, readFullArtist, readTrack } from './read-catalog-objects.js'
import { readItemsPage, readPlaylist } from './read-playlist.js'
import { readUserEnvelope } from './read-user-envelope.js'

/**
 * Reads the response body of one envelope into the typed model, whichever API shape it has.
 * Unknown extra fields are ignored; wrong types, unknown shapes and error responses throw a
 * `ResponseShapeError` that names the offending path.
 *
 * @example
 * const content = readEnvelope(parseRawObject(text))
 * if (content.source === 'playlist_items') console.log(content.items.items.length)
 */
export function readEnvelope(env: RawEnvelope): EnvelopeContent {
  const { status, body } = env.response
  if (status !== 200) {
    throw new ResponseShapeError(
      `the raw object holds an error response (status ${status}${errorText(body)}), not a ${env.source} response`,
    )
  }
  const origin: ContentOrigin = {
    source_id: env.source_id,
    run_id: env.run_id,
    snapshot_date: env.snapshot_date,
    extracted_at: env.extracted_at,
    page: env.page,
    api_mode: env.api_mode,
    synthetic: env.synthetic,
  }
  try {
    switch (env.source) {
      case 'playlists':
        return { ...origin, source: 'playlists', ...readPlaylist(body, env.source_id, 'body') }
      case 'playlist_items':
        return {
          ...origin,
          source: 'playlist_items',
          playlist_id: env.source_id,
          items: readItemsPage(body, 'body'),
        }
      case 'artists':
        return { ...origin, source: 'artists', ...readArtists(body) }
      case 'albums':
        return { ...origin, source: 'albums', ...readAlbums(body) }
      case 'tracks': {
        const { entities, nulls } = readOneOrSeveral(body, 'track', 'tracks', (value, path) =>
          readTrack(object(value, path), path),
        )
        return { ...origin, source: 'tracks', tracks: entities, null_entries: nulls }
      }
      default:
        return readUserEnvelope(env, origin)
    }
  } catch (error) {
    if (error instanceof ShapeProblem) {
      throw new ResponseShapeError(`unexpected ${env.source} response: ${error.message}`, { cause: error })
    }
    throw error
  }
}

/** Get Several Artists (`{"artists": [Artist | null, ...]}`) or Get Artist (one Artist). */
function readArtists(body: unknown): Pick<ArtistsContent, 'artists' | 'null_entries'> {
  const { entities, nulls } = readOneOrSeveral(body, 'artist', 'artists', readFullArtist)
  return { artists: entities, null_entries: nulls }
}

/** Get Several Albums (`{"albums": [Album | null, ...]}`) or Get Album (one Album). */
function readAlbums(body: unknown): Pick<AlbumsContent, 'albums' | 'null_entries'> {
  const { entities, nulls } = readOneOrSeveral(body, 'album', 'albums', readFullAlbum)
  return { albums: entities, null_entries: nulls }
}

function readOneOrSeveral<T extends FullArtist | FullAlbum | Track>(
  body: unknown,
  type: string,
  plural: string,
  read: (value: unknown, path: string) => T,
): { entities: T[]; nulls: number } {
  const o = object(body, 'body')
  if (o.type !== undefined) {
    if (o.type !== type) {
      throw new ShapeProblem(`body is neither {"${plural}": [...]} nor an object of type "${type}"`)
    }
    return { entities: [read(o, 'body')], nulls: 0 }
  }
  const list = o[plural]
  if (list === undefined) {
    throw new ShapeProblem(`body is neither {"${plural}": [...]} nor an object of type "${type}"`)
  }
  const entities: T[] = []
  let nulls = 0
  array(list, `body.${plural}`).forEach((entry, i) => {
    if (entry === null) nulls++
    else entities.push(read(entry, `body.${plural}[${i}]`))
  })
  return { entities, nulls }
}

/** `: Not found` from Spotify's `{"error": {"status", "message"}}` body, if there is one. */
function errorText(body: unknown): string {
  if (!isJsonObject(body)) return ''
  const error = body.error
  const message = isJsonObject(error) ? error.message : error
  if (typeof message !== 'string' || message === '') return ''
  return `: ${message.replace(/\s+/g, ' ').slice(0, 200)}`
}
