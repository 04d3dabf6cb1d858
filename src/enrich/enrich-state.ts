import { parseOpenMusicRawKey, STATE_KEYS } from '../lake/layout.js'
import { getText, type ObjectStore, putJson } from '../lake/object-store.js'
import type { OpenMusicRawAnswer } from '../open-music/raw-answer.js'

/** What an ISRC lookup answered: the non-video recordings holding it and their credited artists. */
export interface IsrcEntry {
  at: string
  status: number
  recordings: string[]
  artists: string[]
}

/** What a lookup by names answered for a track: its recording and artists, or no match (null). */
export interface LookupEntry {
  at: string
  recording: string | null
  artists: string[]
}

/** What a MusicBrainz recording lookup answered: 200 (its artists), 301 (the MBID it now is), 404. */
export interface RecordingEntry {
  at: string
  status: number
  moved_to?: string
  artists: string[]
}

/**
 * The enrichment's cache (`_state/open-music/enrich-state.json`): for each question it asked, when
 * the answer arrived and what it said as far as the next questions go. It is a fold of the raw
 * answers under `raw/open-music/` (`folded` says how far, per run), so deleting it only makes the
 * next run read the raw zone again; the answers themselves are the truth. `held` and `stop` are
 * the last run's notes: tracks it could not ask about and why, and why it stopped early.
 */
export interface EnrichState {
  version: 1
  /** Per enrichment run id, the highest sequence number of its raw answers folded in. */
  folded: Record<string, number>
  /** When the genre list was last answered. */
  genres: string | null
  /** By normalised ISRC. */
  isrc: Record<string, IsrcEntry>
  /** By Spotify track id. */
  lookup: Record<string, LookupEntry>
  /** By recording MBID. */
  recording: Record<string, RecordingEntry>
  /** By recording MBID: when ListenBrainz's metadata was answered, and whether it knew the MBID. */
  recording_metadata: Record<string, { at: string; found: boolean }>
  /** By recording MBID and artist MBID: when the popularity counts were answered. */
  recording_popularity: Record<string, string>
  artist_popularity: Record<string, string>
  /** Tracks left unenriched without asking (no ISRC match and no ListenBrainz token), with why. */
  held: Record<string, string>
  /** Why the last run stopped before it was done, and when to try again. */
  stop: { at: string; reason: string; resume_at?: string } | null
  /** Where the lake's tracks stood when the last run ended (what `tunelake status` shows). */
  summary: EnrichSummary | null
}

/** The lake's tracks by standing, as the last enrichment run left them. */
export interface EnrichSummary {
  at: string
  run_id: string
  tracks: number
  enriched: number
  pending: number
  unmatched: number
  /** Of the unmatched, those held back without asking (no ListenBrainz token). */
  held: number
  /** When the earliest answer expires (the next question the cache lets through), or null. */
  next_due: string | null
}

export function emptyEnrichState(): EnrichState {
  return {
    version: 1,
    folded: {},
    genres: null,
    isrc: {},
    lookup: {},
    recording: {},
    recording_metadata: {},
    recording_popularity: {},
    artist_popularity: {},
    held: {},
    stop: null,
    summary: null,
  }
}

export async function readEnrichState(store: ObjectStore): Promise<EnrichState> {
  if (!(await store.head(STATE_KEYS.openMusicEnrich))) return emptyEnrichState()
  try {
    const state = JSON.parse(await getText(store, STATE_KEYS.openMusicEnrich)) as EnrichState
    if (state.version === 1) return { ...emptyEnrichState(), ...state }
  } catch {
    // An unreadable cache is rebuilt from the raw zone.
  }
  return emptyEnrichState()
}

export async function writeEnrichState(store: ObjectStore, state: EnrichState): Promise<void> {
  await putJson(store, STATE_KEYS.openMusicEnrich, state)
}

const MBID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i

/**
 * Notes one raw answer in the state (pure but for `state`): what it answered, for which ISRC,
 * track or MBIDs, and when. Answers other than 200, 301 and 404 note nothing (asked again).
 */
export function foldAnswer(state: EnrichState, answer: OpenMusicRawAnswer): void {
  const { at, status } = answer
  const path = new URL(answer.request.url).pathname
  const sent = (answer.request.body ?? {}) as Record<string, unknown>
  switch (answer.kind) {
    case 'genres':
      if (status === 200) state.genres = at
      return
    case 'isrc': {
      const isrc = answer.tracks[0]?.isrc ?? decodeURIComponent(path.split('/').pop() ?? '')
      if (status !== 200 && status !== 404) return
      const recordings = status === 200 ? isrcRecordings(answer.body) : []
      state.isrc[isrc] = {
        at,
        status,
        recordings: recordings.map((r) => r.id),
        artists: unique(recordings.flatMap((r) => r.artists)),
      }
      return
    }
    case 'recording': {
      const mbid = MBID.exec(path)?.[0]?.toLowerCase()
      if (!mbid || (status !== 200 && status !== 301 && status !== 404)) return
      const moved = status === 301 ? MBID.exec(answer.headers.location ?? '')?.[0]?.toLowerCase() : undefined
      state.recording[mbid] = {
        at,
        status,
        ...(moved && { moved_to: moved }),
        artists: status === 200 ? creditedArtists(answer.body) : [],
      }
      return
    }
    case 'metadata_lookup': {
      if (status !== 200 || !Array.isArray(answer.body)) return
      answer.body.forEach((item: Record<string, unknown> | null, i) => {
        const track = answer.tracks[i]
        if (!track) return
        const recording = typeof item?.recording_mbid === 'string' ? item.recording_mbid.toLowerCase() : null
        const artists = Array.isArray(item?.artist_mbids) ? (item.artist_mbids as string[]) : []
        state.lookup[track.track_id] = { at, recording, artists: artists.map((a) => a.toLowerCase()) }
      })
      return
    }
    case 'recording_metadata': {
      if (status !== 200) return
      const found = new Set(Object.keys((answer.body ?? {}) as object).map((k) => k.toLowerCase()))
      for (const mbid of mbidsOf(sent.recording_mbids))
        state.recording_metadata[mbid] = { at, found: found.has(mbid) }
      return
    }
    case 'recording_popularity':
      if (status === 200)
        for (const mbid of mbidsOf(sent.recording_mbids)) state.recording_popularity[mbid] = at
      return
    case 'artist_popularity':
      if (status === 200) for (const mbid of mbidsOf(sent.artist_mbids)) state.artist_popularity[mbid] = at
      return
  }
}

/** Marks a raw answer's key folded in (its run and sequence number). */
export function noteFolded(state: EnrichState, key: string): void {
  const parts = parseOpenMusicRawKey(key)
  if (parts) state.folded[parts.runId] = Math.max(state.folded[parts.runId] ?? -1, parts.seq)
}

/** True when the state already holds the raw answer under `key`. */
export function isFolded(state: EnrichState, key: string): boolean {
  const parts = parseOpenMusicRawKey(key)
  return parts !== undefined && parts.seq <= (state.folded[parts.runId] ?? -1)
}

interface Candidate {
  id: string
  artists: string[]
}

/** The non-video recordings of an ISRC lookup's body, with their credited artists' MBIDs. */
function isrcRecordings(body: unknown): Candidate[] {
  const recordings = (body as { recordings?: unknown } | null)?.recordings
  if (!Array.isArray(recordings)) return []
  return recordings
    .filter((r): r is Record<string, unknown> => typeof r?.id === 'string' && r.video !== true)
    .map((r) => ({ id: (r.id as string).toLowerCase(), artists: creditedArtists(r) }))
}

function creditedArtists(recording: unknown): string[] {
  const credit = (recording as { 'artist-credit'?: unknown } | null)?.['artist-credit']
  if (!Array.isArray(credit)) return []
  return credit.flatMap((c) => (typeof c?.artist?.id === 'string' ? [c.artist.id.toLowerCase()] : []))
}

function mbidsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v) => typeof v === 'string').map((v) => v.toLowerCase()) : []
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}
