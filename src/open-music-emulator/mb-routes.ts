import { createHash } from 'node:crypto'
import { parseInc } from './mb-inc.js'
import { artistJson, recordingJson } from './mb-serialize.js'
import { isMbid } from './mbid.js'
import type { OpenMusicCatalog } from './open-catalog.js'
import { mbError, mbXmlError, type Reply } from './reply.js'

/** What a WS/2 route needs of the request. */
export interface MbRequest {
  method: string
  url: URL
  accept: string | undefined
  /** `http://host:port` of the emulator, for redirect locations. */
  origin: string
}

const ISRC = /^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$/

/**
 * MusicBrainz WS/2 below `/ws/2/`: ISRC, recording and artist lookups (format, inc and id checks
 * with the server's exact error texts, 404 for unknown ids, 301 for merged MBIDs with the query
 * kept) and the genre list. JSON only: a request for XML is refused with 406, so nothing that
 * reads XML can pass against the emulator by mistake.
 */
export function musicbrainzRoute(open: OpenMusicCatalog, request: MbRequest): Reply {
  const { url } = request
  const parts = url.pathname.slice('/ws/2/'.length).split('/')
  if (request.method !== 'GET') throw mbError(405, `${request.method} is not allowed here; use GET`)
  const [resource, id, extra] = parts
  if (resource === 'genre' && id === 'all' && extra === undefined) return genreList(open, url.searchParams)
  checkFormat(url.searchParams, request.accept)
  if (extra !== undefined || id === undefined || id === '') throw mbError(404, 'Not Found')
  switch (resource) {
    case 'isrc': {
      const inc = parseInc('isrc', url.searchParams)
      if (!ISRC.test(id)) throw mbError(400, 'Invalid isrc.')
      const recordings = open.recordingsByIsrc(id)
      if (!recordings) throw mbError(404, 'Not Found')
      return json({ isrc: id, recordings: recordings.map((r) => recordingJson(open, r, inc, false)) })
    }
    case 'recording': {
      const inc = parseInc('recording', url.searchParams)
      const mbid = checkedMbid(open, id, request)
      const recording = open.recording(mbid)
      if (!recording) throw mbError(404, 'Not Found')
      return json(recordingJson(open, recording, inc, true))
    }
    case 'artist': {
      const inc = parseInc('artist', url.searchParams)
      const mbid = checkedMbid(open, id, request)
      const artist = open.artist(mbid)
      if (!artist) throw mbError(404, 'Not Found')
      return json(artistJson(open, artist, inc, true))
    }
    default:
      throw mbError(404, 'Not Found')
  }
}

/** The MBID, lower-cased; a merged one answers 301 to its new MBID with the same query. */
function checkedMbid(open: OpenMusicCatalog, id: string, request: MbRequest): string {
  if (!isMbid(id)) throw mbError(400, 'Invalid mbid.')
  const mbid = id.toLowerCase()
  const target = open.mergedInto(mbid)
  if (target) {
    const path = request.url.pathname.replace(id, target)
    throw new RedirectReply(`${request.origin}${path}${request.url.search}`)
  }
  return mbid
}

/** A 301 to another URL, thrown like an error answer. */
export class RedirectReply extends Error {
  constructor(readonly location: string) {
    super(`moved permanently to ${location}`)
  }

  get reply(): Reply {
    return { status: 301, text: '', headers: { location: this.location } }
  }
}

/** `fmt=json` or an Accept header naming JSON; XML (the default) and anything else is a 406. */
function checkFormat(query: URLSearchParams, accept: string | undefined): void {
  const fmt = query.get('fmt')
  if (fmt === 'json') return
  if (fmt === null && accept?.includes('application/json')) return
  if (fmt === null || fmt === 'xml') {
    throw mbXmlError(406, "tunelake's MusicBrainz emulator serves JSON only: add fmt=json")
  }
  throw mbXmlError(
    406,
    'Invalid format. Either set an Accept header (recognized mime types are application/json and application/xml), or include a fmt= argument in the query string (valid values for fmt are json and xml).',
  )
}

/** `/genre/all`: `fmt=txt` lists every name, one a line; JSON pages of at most 100. */
function genreList(open: OpenMusicCatalog, query: URLSearchParams): Reply {
  if (query.get('fmt') === 'txt') {
    return {
      status: 200,
      text: open.genreNames.join('\n'),
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    }
  }
  if (query.get('fmt') !== 'json') checkFormat(query, undefined)
  const number = (name: string, fallback: number) => {
    const text = query.get(name)
    if (text === null) return fallback
    if (!/^\d+$/.test(text))
      throw mbError(400, "The 'limit' and 'offset' parameters must be positive integers")
    return Number(text)
  }
  const requested = number('limit', 25)
  const limit = requested > 100 || requested < 1 ? 25 : requested
  const offset = number('offset', 0)
  const genres = open.genreNames.slice(offset, offset + limit).map((name) => ({
    id: open.genreMbid(name),
    name,
    disambiguation: '',
  }))
  return json({ 'genre-count': open.genreNames.length, 'genre-offset': offset, genres })
}

function json(value: unknown): Reply {
  const text = JSON.stringify(value)
  return {
    status: 200,
    text,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'access-control-allow-origin': '*',
      etag: `"${createHash('md5').update(text).digest('hex')}"`,
    },
  }
}
