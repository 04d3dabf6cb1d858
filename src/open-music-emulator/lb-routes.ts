import { creditName } from './generate-open-music.js'
import { isMbid } from './mbid.js'
import type { OpenMusicCatalog } from './open-catalog.js'
import type { MbRecordingModel, TagModel } from './open-model.js'
import { lbError, lbJson, type Reply } from './reply.js'

/** What a ListenBrainz route needs of the request. */
export interface LbRequest {
  method: string
  url: URL
  contentType: string | undefined
  authorization: string | undefined
  /** The body text of a POST. */
  body: string
}

/** Tokens the emulated ListenBrainz accepts (a user token from listenbrainz.org/settings). */
export const DEMO_LISTENBRAINZ_TOKEN = 'tunelake-demo-listenbrainz-token'

const MAX_ITEMS = 1000
const MAX_LOOKUPS = 50
const MAX_LOOKUP_CHARS = 250
const NOT_FOUND =
  'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.'
const METHOD = 'The method is not allowed for the requested URL.'
const POPULARITY = {
  recording: 'recording',
  artist: 'artist',
  release: 'release',
  'release-group': 'release_group',
}

/**
 * ListenBrainz below `/1/`: popularity of recordings, artists, releases and release groups
 * (POST, at most 1000 MBIDs, the answer in request order with nulls for what it does not know),
 * recording metadata with tags (GET or POST, keyed by MBID, unknown ones left out) and the
 * name lookups (GET one, POST up to 50; a user token required; `{}` or no match fields when
 * nothing matches). Error texts are the server's.
 */
export function listenbrainzRoute(
  open: OpenMusicCatalog,
  request: LbRequest,
  tokens: readonly string[],
): Reply {
  const path = request.url.pathname.slice('/1'.length)
  const popularity = /^\/popularity\/(recording|artist|release|release-group)$/.exec(path)
  if (popularity) {
    if (request.method !== 'POST') throw lbError(405, METHOD)
    const entity = POPULARITY[popularity[1] as keyof typeof POPULARITY]
    return ok(popularityOf(open, entity, jsonBody(request)))
  }
  if (path === '/metadata/recording' || path === '/metadata/lookup') {
    return { status: 308, text: '', headers: { location: `${request.url.pathname}/${request.url.search}` } }
  }
  if (path === '/metadata/recording/') {
    if (request.method === 'GET') {
      const text = request.url.searchParams.get('recording_mbids')
      if (text === null) {
        throw lbError(
          400,
          'recording_mbids argument must be present and contain a comma separated list of recording_mbids',
        )
      }
      const mbids = text.split(',').map((m) => m.trim())
      for (const mbid of mbids) if (!isMbid(mbid)) throw lbError(400, `Recording mbid ${mbid} is not valid.`)
      if (mbids.length > MAX_ITEMS)
        throw lbError(400, `Maximum number of recordings_mbids that can be fetched at once is ${MAX_ITEMS}`)
      return ok(metadataOf(open, mbids, parseIncs(request.url.searchParams.get('inc'))))
    }
    if (request.method !== 'POST') throw lbError(405, METHOD)
    const data = jsonBody(request)
    const incs = parseIncs(data.inc)
    const mbids = data.recording_mbids
    if (!Array.isArray(mbids)) {
      throw lbError(400, 'recording_mbids JSON element must be present and contain a list of recording_mbids')
    }
    for (const mbid of mbids)
      if (typeof mbid !== 'string' || !isMbid(mbid))
        throw lbError(400, `recording_mbid ${mbid} is not valid.`)
    if (mbids.length === 0) throw lbError(400, 'At least one valid recording_mbid must be present.')
    if (mbids.length > MAX_ITEMS) {
      throw lbError(400, `Maximum number of recordings_mbids that can be fetched at once is ${MAX_ITEMS}`)
    }
    return ok(metadataOf(open, mbids as string[], incs))
  }
  if (path === '/metadata/lookup/') {
    checkToken(request.authorization, tokens)
    if (request.method === 'GET') return ok(lookupOne(open, request.url.searchParams))
    if (request.method !== 'POST') throw lbError(405, METHOD)
    return ok(lookupMany(open, jsonBody(request)))
  }
  throw lbError(404, NOT_FOUND)
}

function ok(value: unknown): Reply {
  return {
    status: 200,
    text: lbJson(value),
    headers: {
      'content-type': 'application/json',
      'access-control-allow-origin': '*',
      'cache-control': 'private',
    },
  }
}

/** Flask 3.1's `request.json`: 415 without the JSON content type, 400 for text that is not JSON. */
function jsonBody(request: LbRequest): Record<string, unknown> {
  if (!request.contentType?.toLowerCase().startsWith('application/json')) {
    throw lbError(
      415,
      "Did not attempt to load JSON data because the request Content-Type was not 'application/json'.",
    )
  }
  try {
    const value = JSON.parse(request.body) as unknown
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {}
  } catch {
    throw lbError(400, 'The browser (or proxy) sent a request that this server could not understand.')
  }
}

function checkToken(header: string | undefined, tokens: readonly string[]): void {
  if (!header) throw lbError(401, 'You need to provide an Authorization header.')
  const token = header.split(' ')[1]
  if (token === undefined) throw lbError(401, 'Provided Authorization header is invalid.')
  if (!tokens.includes(token)) throw lbError(401, 'Invalid authorization token.')
}

function parseIncs(incs: unknown): Set<string> {
  if (incs === undefined || incs === null || incs === '') return new Set()
  if (typeof incs !== 'string') throw lbError(400, 'inc must be a string')
  const allowed = ['artist', 'tag', 'release', 'recording', 'release_group']
  for (const inc of incs.split(/\s+/).filter(Boolean)) {
    if (!allowed.includes(inc))
      throw lbError(400, `invalid inc argument '${inc}'. Must be one of ${allowed.join(', ')}.`)
  }
  return new Set(incs.split(/\s+/))
}

function popularityOf(open: OpenMusicCatalog, entity: string, data: Record<string, unknown>): unknown[] {
  const key = `${entity}_mbids`
  const mbids = data[key]
  if (!Array.isArray(mbids))
    throw lbError(400, `${key} JSON element must be present and contain a list of ${key}`)
  for (const mbid of mbids)
    if (typeof mbid !== 'string' || !isMbid(mbid)) throw lbError(400, `${entity}_mbid ${mbid} is not valid.`)
  if (mbids.length === 0) throw lbError(400, `At least one valid ${entity}_mbid must be present.`)
  if (mbids.length > MAX_ITEMS)
    throw lbError(400, `Maximum number of ${key} that can be fetched at once is ${MAX_ITEMS}`)
  return (mbids as string[]).map((mbid) => {
    const id = mbid.toLowerCase()
    const counts =
      entity === 'recording'
        ? open.recording(id)?.counts
        : entity === 'artist'
          ? open.artist(id)?.counts
          : undefined
    return {
      [`${entity}_mbid`]: mbid,
      total_listen_count: counts?.listens ?? null,
      total_user_count: counts?.users ?? null,
    }
  })
}

function metadataOf(open: OpenMusicCatalog, mbids: readonly string[], incs: ReadonlySet<string>): unknown {
  const out: Record<string, unknown> = {}
  for (const mbid of mbids) {
    const recording = open.recording(mbid.toLowerCase())
    if (!recording?.inListenBrainz) continue
    const data: Record<string, unknown> = {
      recording: {
        name: recording.title,
        ...(recording.length !== null && { length: recording.length }),
        ...(recording.firstReleaseDate && { first_release_date: recording.firstReleaseDate }),
        isrcs: recording.isrcs,
        rels: [],
      },
    }
    if (incs.has('artist')) data.artist = artistData(open, recording)
    if (incs.has('tag')) data.tag = tagData(open, recording)
    if (incs.has('release')) {
      data.release = {
        album_artist_name: creditName(recording.credit),
        caa_id: null,
        caa_release_mbid: null,
        mbid: recording.release.mbid,
        name: recording.release.name,
        release_group_mbid: recording.release.releaseGroupMbid,
        year: recording.release.year,
      }
    }
    out[recording.mbid] = data
  }
  return out
}

function artistData(open: OpenMusicCatalog, recording: MbRecordingModel): unknown {
  return {
    artist_credit_id: Number.parseInt(recording.mbid.slice(0, 6), 16),
    name: creditName(recording.credit),
    artists: recording.credit.map((credit) => {
      const artist = open.artist(credit.artistMbid)!
      return {
        area: null,
        artist_mbid: artist.mbid,
        begin_year: null,
        join_phrase: credit.joinphrase,
        name: artist.name,
        rels: {},
        type: artist.type,
      }
    }),
  }
}

function tagData(open: OpenMusicCatalog, recording: MbRecordingModel): unknown {
  const item = (tag: TagModel) => ({
    count: tag.count,
    tag: tag.name,
    ...(open.genreMbid(tag.name) && { genre_mbid: open.genreMbid(tag.name) }),
  })
  const byCount = (a: { count: number; tag: string }, b: { count: number; tag: string }) =>
    b.count - a.count || (a.tag < b.tag ? -1 : 1)
  return {
    recording: recording.tags.map(item).sort(byCount),
    artist: recording.credit
      .flatMap((c) => open.artist(c.artistMbid)!.tags.map((t) => ({ artist_mbid: c.artistMbid, ...item(t) })))
      .sort(byCount),
    release_group: open.releaseGroupTags(recording.release.releaseGroupMbid).map(item).sort(byCount),
  }
}

function lookupOne(open: OpenMusicCatalog, query: URLSearchParams): unknown {
  const artist = query.get('artist_name')
  const recording = query.get('recording_name')
  const release = query.get('release_name')
  if (!artist) throw lbError(400, 'artist_name is invalid or not present in arguments')
  if (!recording) throw lbError(400, 'recording_name is invalid or not present in arguments')
  if (artist.length + recording.length + (release ?? '').length > MAX_LOOKUP_CHARS) {
    throw lbError(
      400,
      `total number of characters in artist_name, recording_name and release_name arguments must be less than ${MAX_LOOKUP_CHARS}`,
    )
  }
  return match(open, artist, recording) ?? {}
}

function lookupMany(open: OpenMusicCatalog, data: Record<string, unknown>): unknown[] {
  const recordings = data.recordings
  if (!Array.isArray(recordings) || recordings.length === 0) {
    throw lbError(400, 'recordings is invalid or not present in body')
  }
  if (recordings.length > MAX_LOOKUPS) {
    throw lbError(400, `Number of recordings in request body exceeds maximum permitted. (${MAX_LOOKUPS})`)
  }
  return recordings.map((item: Record<string, unknown>, index) => {
    const artist = item?.artist_name
    const recording = item?.recording_name
    const release = item?.release_name
    if (typeof artist !== 'string' || !artist)
      throw lbError(400, `Recording ${index} artist_name is invalid or not present`)
    if (typeof recording !== 'string' || !recording) {
      throw lbError(400, `Recording ${index} recording_name is invalid or not present`)
    }
    if (
      artist.length + recording.length + (typeof release === 'string' ? release.length : 0) >
      MAX_LOOKUP_CHARS
    ) {
      throw lbError(
        400,
        `Recording ${index} total number of characters in artist_name, recording_name and release_name arguments must be less than ${MAX_LOOKUP_CHARS}`,
      )
    }
    const found = match(open, artist, recording)
    return {
      artist_name_arg: artist,
      index,
      recording_name_arg: recording,
      release_name_arg: typeof release === 'string' ? release : null,
      ...(found && { artist_credit_id: Number.parseInt(found.recording_mbid.slice(0, 6), 16), ...found }),
    }
  })
}

function match(open: OpenMusicCatalog, artist: string, recording: string) {
  const mbid = open.lookup(artist, recording)
  if (!mbid) return undefined
  const found = open.recording(open.mergedInto(mbid) ?? mbid)!
  return {
    artist_credit_name: creditName(found.credit),
    artist_mbids: found.credit.map((c) => c.artistMbid),
    recording_mbid: mbid,
    recording_name: found.title,
    release_mbid: found.release.mbid,
    release_name: found.release.name,
  }
}
