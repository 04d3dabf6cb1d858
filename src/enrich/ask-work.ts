import type { RefusedAnswers } from '../open-music/exchange.js'
import { normaliseIsrc } from '../open-music/isrc.js'
import type { ListenBrainzClient, LookupItem } from '../open-music/listenbrainz-client.js'
import { LB_BATCH, LB_LOOKUP_BATCH } from '../open-music/listenbrainz-client.js'
import type { MusicBrainzClient } from '../open-music/musicbrainz-client.js'
import type { AskedTrack } from '../open-music/raw-answer.js'
import type { AnswerLog } from './answer-log.js'
import type { EnrichWork } from './enrich-plan.js'
import type { LakeTrack } from './lake-tracks.js'

/** ListenBrainz's lookup refuses more characters than this in one item's names. */
const LOOKUP_CHARS = 250

/** What one round of questions needs besides the work. */
export interface AskContext {
  musicbrainz: MusicBrainzClient
  listenbrainz: ListenBrainzClient
  log: AnswerLog
  /** By track id, for the ISRC each answer remembers. */
  tracks: ReadonlyMap<string, LakeTrack>
  /** Questions asked this run (`isrc:<isrc>`, `metadata:<mbid>`, ...), not asked again. */
  asked: Set<string>
  /** Most ListenBrainz MBIDs a request carries (default 1000). */
  lbBatch: number
  /** Tracks this run may still ask MusicBrainz or ListenBrainz to match (`--limit`). */
  budget: { tracks: number }
  /** Throws when the run must stop: MusicBrainz questions stop earlier than ListenBrainz's. */
  checkStop(service: 'musicbrainz' | 'listenbrainz'): void
  onAsked(tracks: number): void
}

/**
 * Asks one round of the plan, each answer landing before the next question: the genre list, the
 * ISRC lookups (tracks never asked first), the lookups by names (50 a request), MusicBrainz
 * recording lookups, then ListenBrainz's metadata and popularity in batches.
 */
export async function askWork(work: EnrichWork, ctx: AskContext): Promise<void> {
  const { musicbrainz: mb, listenbrainz: lb, log, asked } = ctx
  if (work.genres) {
    ctx.checkStop('musicbrainz')
    await log.ask('genres', [], (refused) => mb.genres(refused))
    asked.add('genres')
  }
  const isrcs = [...work.isrcs].sort(([a], [b]) => Number(a in log.state.isrc) - Number(b in log.state.isrc))
  for (const [isrc, ids] of isrcs) {
    if (ctx.budget.tracks <= 0) break
    ctx.checkStop('musicbrainz')
    await log.ask(
      'isrc',
      ids.map((track_id) => ({ track_id, isrc })),
      (refused) => mb.isrc(isrc, refused),
    )
    asked.add(`isrc:${isrc}`)
    ctx.budget.tracks -= ids.length
    ctx.onAsked(ids.length)
  }
  const lookups = lb.hasToken ? work.lookups.slice(0, Math.max(0, ctx.budget.tracks)) : []
  for (const batch of chunks(lookups, LB_LOOKUP_BATCH)) {
    ctx.checkStop('listenbrainz')
    const items = batch.map(lookupItem)
    const sendable = batch.filter((_, i) => items[i] !== undefined)
    if (sendable.length > 0) {
      await log.ask(
        'metadata_lookup',
        sendable.map((t) => ({ track_id: t.track_id, isrc: null })),
        (refused) =>
          lb.lookup(
            items.filter((item) => item !== undefined),
            refused,
          ),
      )
    }
    for (const track of batch) asked.add(`lookup:${track.track_id}`)
    ctx.budget.tracks -= batch.length
    ctx.onAsked(batch.length)
  }
  for (const [mbid, ids] of work.recordings) {
    ctx.checkStop('musicbrainz')
    await log.ask('recording', askedFor(ctx, ids), (refused) => mb.recording(mbid, refused))
    asked.add(`recording:${mbid}`)
  }
  const batches = [
    [
      'metadata',
      'recording_metadata',
      work.metadata,
      (b: string[], refused: RefusedAnswers) => lb.metadata(b, refused),
    ],
    [
      'recording_popularity',
      'recording_popularity',
      work.recordingPopularity,
      (b: string[], refused: RefusedAnswers) => lb.popularity('recording', b, refused),
    ],
    [
      'artist_popularity',
      'artist_popularity',
      work.artistPopularity,
      (b: string[], refused: RefusedAnswers) => lb.popularity('artist', b, refused),
    ],
  ] as const
  for (const [prefix, kind, map, send] of batches) {
    for (const batch of chunks([...map.keys()], Math.min(ctx.lbBatch, LB_BATCH))) {
      ctx.checkStop('listenbrainz')
      const ids = [...new Set(batch.flatMap((mbid) => map.get(mbid) ?? []))]
      await log.ask(kind, askedFor(ctx, ids), (refused) => send(batch, refused))
      for (const mbid of batch) asked.add(`${prefix}:${mbid}`)
    }
  }
}

/** The tracks an answer was asked for, with their normalised ISRCs as the state knows them. */
function askedFor(ctx: AskContext, ids: readonly string[]): AskedTrack[] {
  return ids.map((track_id) => ({ track_id, isrc: isrcOf(ctx, track_id) }))
}

function isrcOf(ctx: AskContext, trackId: string): string | null {
  return normaliseIsrc(ctx.tracks.get(trackId)?.isrc) ?? null
}

/** A track's names as the lookup takes them; without the album when too long, undefined when still too long. */
function lookupItem(track: LakeTrack): LookupItem | undefined {
  const artist_name = track.artists.join(', ')
  const recording_name = track.name ?? ''
  const length = artist_name.length + recording_name.length
  if (length >= LOOKUP_CHARS) return undefined
  if (track.album && length + track.album.length < LOOKUP_CHARS)
    return { artist_name, recording_name, release_name: track.album }
  return { artist_name, recording_name }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
