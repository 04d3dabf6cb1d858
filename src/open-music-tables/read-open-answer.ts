import type { OpenMusicKind } from '../lake/layout.js'
import { parseOpenMusicRawKey } from '../lake/layout.js'
import type { AskedTrack, OpenMusicRawAnswer } from '../open-music/raw-answer.js'
import { type IsrcRecording, isrcRecordings, type MbTag } from './isrc-candidates.js'

/** Listening counts of one recording or artist; null when ListenBrainz has none. */
export interface Counts {
  listens: number | null
  users: number | null
}

/** A tag of ListenBrainz's metadata cache; `genreMbid` set when it is a MusicBrainz genre. */
export interface LbTag extends MbTag {
  genreMbid: string | null
  /** For artist tags: whose. */
  artistMbid: string | null
}

/** What ListenBrainz's metadata says of one recording (NOTES.md 2.4). */
export interface LbRecording {
  releaseGroupMbid: string | null
  artists: { mbid: string; name: string }[]
  recordingTags: LbTag[]
  releaseGroupTags: LbTag[]
  artistTags: LbTag[]
}

/** One name lookup's result: the recording and artists ListenBrainz matched, or none. */
export interface LookupMatch {
  recordingMbid: string
  recordingName: string | null
  artistMbids: string[]
}

/** A raw answer's facts, by kind; `none` for an answer that carries no data (a 5xx kept as is). */
export type AnswerFacts =
  | { kind: 'isrc'; isrc: string; recordings: IsrcRecording[] | null }
  | { kind: 'alias'; from: string; to: string }
  | { kind: 'recording'; recording: IsrcRecording }
  | { kind: 'genres'; names: string[] }
  | { kind: 'popularity'; entity: 'recording' | 'artist'; counts: Map<string, Counts> }
  | { kind: 'metadata'; asked: string[]; recordings: Map<string, LbRecording> }
  | { kind: 'lookup'; matches: Map<string, LookupMatch | null> }
  | { kind: 'none' }

/** One raw answer read: when it arrived (for "the latest wins"), its key, what it asked, its facts. */
export interface ReadAnswer {
  key: string
  at: string
  snapshotDate: string
  tracks: AskedTrack[]
  facts: AnswerFacts
  synthetic: boolean
}

/**
 * One object of `raw/open-music/` (open-music/raw-answer.ts) read into the facts the tables use,
 * or the reason it goes to quarantine: not JSON, not an answer, a key outside the layout or of
 * another service or kind than its content, a body of the wrong shape for its kind. Answers that
 * carry nothing (a status other than 200, or 404 and 301 where they mean something) read as `none`.
 */
export function readOpenAnswer(key: string, text: string): ReadAnswer | string {
  const parts = parseOpenMusicRawKey(key)
  if (!parts) {
    return `its key ${key} is not raw/open-music/<service>/snapshot_date=YYYY-MM-DD/<kind>/<run>-<seq>.json`
  }
  let value: OpenMusicRawAnswer
  try {
    value = JSON.parse(text) as OpenMusicRawAnswer
  } catch {
    return 'it is not JSON (truncated, or not a raw answer)'
  }
  if (typeof value !== 'object' || value === null) return 'it is not a raw answer object'
  if (value.service !== parts.service || value.kind !== parts.kind) {
    return `it holds a ${value.service} ${value.kind} answer, but lies in the folder of ${parts.service} ${parts.kind}`
  }
  if (
    typeof value.status !== 'number' ||
    typeof value.at !== 'string' ||
    Number.isNaN(Date.parse(value.at))
  ) {
    return 'a raw answer without a status and an ISO time (at)'
  }
  if (typeof value.request?.url !== 'string') return 'a raw answer without its request URL'
  const tracks = askedTracks(value.tracks)
  if (typeof tracks === 'string') return tracks
  const facts = answerFacts(parts.kind, value, tracks)
  if (typeof facts === 'string') return `a ${parts.kind} answer (${value.status}) ${facts}`
  return {
    key,
    at: new Date(value.at).toISOString(),
    snapshotDate: parts.snapshotDate,
    tracks,
    facts,
    synthetic: value.synthetic === true,
  }
}

function askedTracks(value: unknown): AskedTrack[] | string {
  if (!Array.isArray(value)) return 'a raw answer without the list of tracks it was asked for'
  for (const t of value) {
    if (typeof t?.track_id !== 'string' || (t.isrc !== null && typeof t.isrc !== 'string')) {
      return 'a raw answer whose tracks are not {track_id, isrc}'
    }
  }
  return value.map((t) => ({ track_id: t.track_id, isrc: t.isrc }))
}

function answerFacts(
  kind: OpenMusicKind,
  answer: OpenMusicRawAnswer,
  tracks: AskedTrack[],
): AnswerFacts | string {
  const { status, body } = answer
  const url = new URL(answer.request.url, 'http://invalid')
  switch (kind) {
    case 'isrc': {
      const isrc = decodeURIComponent(url.pathname.split('/').pop() ?? '')
      if (status === 404) return { kind: 'isrc', isrc, recordings: null }
      if (status !== 200) return { kind: 'none' }
      const recordings = isrcRecordings(body)
      return typeof recordings === 'string' ? `: ${recordings}` : { kind: 'isrc', isrc, recordings }
    }
    case 'recording': {
      if (status === 200) {
        const read = isrcRecordings({ recordings: [body] })
        return typeof read === 'string' ? `: ${read}` : { kind: 'recording', recording: read[0]! }
      }
      if (status !== 301) return { kind: 'none' }
      const from = url.pathname.split('/').pop() ?? ''
      const location = answer.headers?.location
      if (typeof location !== 'string') return 'without a location'
      const to = new URL(location, url).pathname.split('/').pop() ?? ''
      return { kind: 'alias', from, to }
    }
    case 'genres':
      if (status !== 200) return { kind: 'none' }
      if (typeof body !== 'string') return 'is not the text list of genre names'
      return {
        kind: 'genres',
        names: body
          .split('\n')
          .map((n) => n.trim())
          .filter((n) => n !== ''),
      }
    case 'recording_popularity':
    case 'artist_popularity': {
      if (status !== 200) return { kind: 'none' }
      const entity = kind === 'recording_popularity' ? 'recording' : 'artist'
      const counts = popularityCounts(body, entity)
      return typeof counts === 'string' ? counts : { kind: 'popularity', entity, counts }
    }
    case 'recording_metadata': {
      if (status !== 200) return { kind: 'none' }
      const asked = (answer.request.body as { recording_mbids?: unknown } | undefined)?.recording_mbids
      if (!Array.isArray(asked)) return 'without the recording_mbids it asked for'
      const recordings = metadataRecordings(body)
      return typeof recordings === 'string'
        ? recordings
        : { kind: 'metadata', asked: asked.map(String), recordings }
    }
    case 'metadata_lookup': {
      if (status !== 200) return { kind: 'none' }
      const matches = lookupMatches(body, tracks)
      return typeof matches === 'string' ? matches : { kind: 'lookup', matches }
    }
    default:
      return `of a kind this version does not know (${kind as string})`
  }
}

function popularityCounts(body: unknown, entity: 'recording' | 'artist'): Map<string, Counts> | string {
  if (!Array.isArray(body)) return 'is not a list'
  const counts = new Map<string, Counts>()
  const field = `${entity}_mbid`
  for (const item of body) {
    const mbid = item?.[field]
    if (typeof mbid !== 'string') return `has an item without ${field}`
    const listens = item.total_listen_count
    const users = item.total_user_count
    if (!isCount(listens) || !isCount(users)) return `has counts of ${mbid} that are not numbers or null`
    counts.set(mbid, { listens, users })
  }
  return counts
}

function isCount(value: unknown): value is number | null {
  return value === null || (typeof value === 'number' && Number.isFinite(value))
}

function metadataRecordings(body: unknown): Map<string, LbRecording> | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'is not an object keyed by MBID'
  const out = new Map<string, LbRecording>()
  for (const [mbid, entry] of Object.entries(body as Record<string, unknown>)) {
    const e = entry as {
      release?: { release_group_mbid?: unknown }
      artist?: { artists?: unknown }
      tag?: Record<string, unknown>
    } | null
    if (typeof e !== 'object' || e === null) return `has no object for ${mbid}`
    const tags = e.tag ?? {}
    const recordingTags = lbTags(tags.recording)
    const releaseGroupTags = lbTags(tags.release_group)
    const artistTags = lbTags(tags.artist)
    for (const t of [recordingTags, releaseGroupTags, artistTags])
      if (typeof t === 'string') return `${mbid}: ${t}`
    const artists = Array.isArray(e.artist?.artists)
      ? (e.artist.artists as { artist_mbid?: unknown; name?: unknown }[])
          .filter((a) => typeof a?.artist_mbid === 'string')
          .map((a) => ({ mbid: a.artist_mbid as string, name: typeof a.name === 'string' ? a.name : '' }))
      : []
    const group = e.release?.release_group_mbid
    out.set(mbid, {
      releaseGroupMbid: typeof group === 'string' ? group : null,
      artists,
      recordingTags: recordingTags as LbTag[],
      releaseGroupTags: releaseGroupTags as LbTag[],
      artistTags: artistTags as LbTag[],
    })
  }
  return out
}

function lbTags(value: unknown): LbTag[] | string {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) return 'tags that are not a list'
  const out: LbTag[] = []
  for (const t of value) {
    if (typeof t?.tag !== 'string' || typeof t.count !== 'number') return 'a tag without tag and count'
    out.push({
      name: t.tag,
      count: t.count,
      genreMbid: typeof t.genre_mbid === 'string' ? t.genre_mbid : null,
      artistMbid: typeof t.artist_mbid === 'string' ? t.artist_mbid : null,
    })
  }
  return out
}

/** The lookup answer's items in input order (`index`), each against the track it was asked for. */
function lookupMatches(body: unknown, tracks: AskedTrack[]): Map<string, LookupMatch | null> | string {
  if (!Array.isArray(body)) return 'is not a list'
  const matches = new Map<string, LookupMatch | null>()
  for (const [position, item] of body.entries()) {
    const index = typeof item?.index === 'number' ? item.index : position
    const track = tracks[index]
    if (!track) return `has an item ${index} for no track it was asked for`
    const mbid = item.recording_mbid
    matches.set(
      track.track_id,
      typeof mbid === 'string'
        ? {
            recordingMbid: mbid,
            recordingName: typeof item.recording_name === 'string' ? item.recording_name : null,
            artistMbids: Array.isArray(item.artist_mbids) ? item.artist_mbids.map(String) : [],
          }
        : null,
    )
  }
  for (const track of tracks) if (!matches.has(track.track_id)) matches.set(track.track_id, null)
  return matches
}
