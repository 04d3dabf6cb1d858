import { normaliseIsrc } from '../open-music/isrc.js'
import type { EnrichState } from './enrich-state.js'
import type { LakeTrack } from './lake-tracks.js'

const DAY = 86_400_000

/** How long an answer stays fresh (NOTES.md 4.6); after that it is asked again. */
export const ANSWER_TTL_MS = {
  /** ISRC -> recordings, a 404 too (negative cache), and MusicBrainz recording lookups. */
  musicbrainz: 30 * DAY,
  genres: 7 * DAY,
  /** ListenBrainz's counts are rebuilt weekly. */
  popularity: 7 * DAY,
  metadata: 14 * DAY,
  lookupHit: 30 * DAY,
  lookupMiss: 14 * DAY,
} as const

/** Where a track stands. */
export type TrackStanding = 'enriched' | 'pending' | 'unmatched'

/** The questions still to ask, each with the tracks it is asked for. */
export interface EnrichWork {
  genres: boolean
  /** ISRC -> the tracks holding it (MusicBrainz ISRC lookups). */
  isrcs: Map<string, string[]>
  /** Tracks to look up by names (ListenBrainz, a token needed). */
  lookups: LakeTrack[]
  /** Recording MBID -> tracks (MusicBrainz recording lookups: merged or unknown to ListenBrainz). */
  recordings: Map<string, string[]>
  metadata: Map<string, string[]>
  recordingPopularity: Map<string, string[]>
  artistPopularity: Map<string, string[]>
  /** Track id -> why it is left unenriched without asking. */
  held: Map<string, string>
}

export interface TrackView {
  standing: TrackStanding
  /** When its oldest answer expires (ms), for an enriched or unmatched track. */
  due?: number
  reason?: string
}

export const NO_TOKEN_REASON =
  'no MusicBrainz match by ISRC, and the lookup by names needs a ListenBrainz token (set LISTENBRAINZ_TOKEN)'

/**
 * What to ask next for the lake's tracks, from the state's answers at `now` (pure): every
 * question never asked or whose answer expired, except those in `asked` (already asked this run).
 * Each track is also given its standing. The flow is NOTES.md 4.1: the ISRC lookup; without a
 * usable ISRC match, the lookup by names; a recording ListenBrainz does not know is looked up at
 * MusicBrainz (a 301 names the MBID it was merged into, looked up in turn); then metadata and
 * popularity of every non-video candidate recording and popularity of every credited artist.
 */
export function planEnrichment(
  state: EnrichState,
  tracks: readonly LakeTrack[],
  options: { now: number; hasToken: boolean; asked?: ReadonlySet<string> },
): { work: EnrichWork; views: Map<string, TrackView> } {
  const { now, hasToken } = options
  const asked = options.asked ?? new Set<string>()
  const work: EnrichWork = {
    genres: !asked.has('genres') && stale(state.genres, ANSWER_TTL_MS.genres, now),
    isrcs: new Map(),
    lookups: [],
    recordings: new Map(),
    metadata: new Map(),
    recordingPopularity: new Map(),
    artistPopularity: new Map(),
    held: new Map(),
  }
  const views = new Map<string, TrackView>()
  const add = (map: Map<string, string[]>, prefix: string, key: string, track: string) => {
    if (asked.has(`${prefix}:${key}`)) return
    const list = map.get(key) ?? []
    if (!list.includes(track)) list.push(track)
    map.set(key, list)
  }
  for (const track of tracks) {
    const id = track.track_id
    const expiries: (string | undefined)[] = []
    const ttl: number[] = []
    const answered = (at: string | undefined, ms: number) => {
      expiries.push(at)
      ttl.push(ms)
      return at !== undefined
    }
    const view = (standing: TrackStanding, reason?: string): TrackView => {
      let due: number | undefined
      expiries.forEach((at, i) => {
        if (at !== undefined) due = Math.min(due ?? Infinity, Date.parse(at) + ttl[i]!)
      })
      return { standing, ...(due !== undefined && { due }), ...(reason && { reason }) }
    }
    const isrc = normaliseIsrc(track.isrc)
    let recordings: string[] = []
    let artists: string[] = []
    let byName = false
    if (isrc) {
      const entry = state.isrc[isrc]
      if (stale(entry?.at, ANSWER_TTL_MS.musicbrainz, now)) add(work.isrcs, 'isrc', isrc, id)
      if (!answered(entry?.at, ANSWER_TTL_MS.musicbrainz)) {
        views.set(id, view('pending'))
        continue
      }
      recordings = entry!.recordings
      artists = entry!.artists
    }
    if (recordings.length === 0) {
      if (!hasToken || !track.name || track.artists.length === 0) {
        const reason = hasToken
          ? 'no MusicBrainz match by ISRC, and no names to look the track up by'
          : NO_TOKEN_REASON
        work.held.set(id, reason)
        views.set(id, view('unmatched', reason))
        continue
      }
      const entry = state.lookup[id]
      const lookupTtl = entry?.recording ? ANSWER_TTL_MS.lookupHit : ANSWER_TTL_MS.lookupMiss
      if (stale(entry?.at, lookupTtl, now) && !asked.has(`lookup:${id}`)) work.lookups.push(track)
      if (!answered(entry?.at, lookupTtl)) {
        views.set(id, view('pending'))
        continue
      }
      if (!entry!.recording) {
        views.set(id, view('unmatched', 'no match by ISRC or by names'))
        continue
      }
      recordings = [entry!.recording]
      artists = entry!.artists
      byName = true
    }
    let complete = true
    /**
     * A recording found by names that ListenBrainz does not know is looked up at MusicBrainz: a
     * 301 names the MBID it was merged into (followed), a 404 drops it. Undefined: dropped, or
     * not known yet (`complete` turns false).
     */
    const followMerges = (first: string): string | undefined => {
      let mbid = first
      for (let hops = 0; hops < 3; hops++) {
        const lookup = state.recording[mbid]
        const meta = state.recording_metadata[mbid]
        if (lookup === undefined && (meta === undefined || meta.found)) return mbid
        if (stale(lookup?.at, ANSWER_TTL_MS.musicbrainz, now)) add(work.recordings, 'recording', mbid, id)
        if (!answered(lookup?.at, ANSWER_TTL_MS.musicbrainz)) {
          complete = false
          return undefined
        }
        if (lookup!.status === 404) return undefined
        if (lookup!.status !== 301 || !lookup!.moved_to) {
          if (lookup!.artists.length > 0) artists = lookup!.artists
          return mbid
        }
        mbid = lookup!.moved_to
      }
      return mbid
    }
    const resolved: string[] = []
    for (const first of recordings) {
      const mbid = byName ? followMerges(first) : first
      if (mbid) resolved.push(mbid)
    }
    if (complete && resolved.length === 0) {
      views.set(id, view('unmatched', 'the recording found by names is not in MusicBrainz'))
      continue
    }
    for (const mbid of resolved) {
      const meta = state.recording_metadata[mbid]
      if (stale(meta?.at, ANSWER_TTL_MS.metadata, now)) add(work.metadata, 'metadata', mbid, id)
      const popularity = state.recording_popularity[mbid]
      if (stale(popularity, ANSWER_TTL_MS.popularity, now))
        add(work.recordingPopularity, 'recording_popularity', mbid, id)
      complete = answered(meta?.at, ANSWER_TTL_MS.metadata) && complete
      complete = answered(popularity, ANSWER_TTL_MS.popularity) && complete
    }
    for (const mbid of artists) {
      const popularity = state.artist_popularity[mbid]
      if (stale(popularity, ANSWER_TTL_MS.popularity, now))
        add(work.artistPopularity, 'artist_popularity', mbid, id)
      complete = answered(popularity, ANSWER_TTL_MS.popularity) && complete
    }
    views.set(id, view(complete ? 'enriched' : 'pending'))
  }
  return { work, views }
}

/** True when nothing is left to ask. */
export function isIdle(work: EnrichWork): boolean {
  return (
    !work.genres &&
    work.isrcs.size === 0 &&
    work.lookups.length === 0 &&
    work.recordings.size === 0 &&
    work.metadata.size === 0 &&
    work.recordingPopularity.size === 0 &&
    work.artistPopularity.size === 0
  )
}

function stale(at: string | undefined | null, ttlMs: number, now: number): boolean {
  return !at || Date.parse(at) + ttlMs <= now
}
