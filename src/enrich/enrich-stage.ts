import { type Clock, systemClock } from '../clock.js'
import { oneLine } from '../errors.js'
import { newRunId } from '../extract/run-id.js'
import type { ObjectStore } from '../lake/object-store.js'
import type { Logger } from '../observability/logger.js'
import type { OnProgress } from '../observability/progress.js'
import { OpenMusicUnavailableError } from '../open-music/errors.js'
import type { ListenBrainzClient } from '../open-music/listenbrainz-client.js'
import { LB_BATCH } from '../open-music/listenbrainz-client.js'
import type { MusicBrainzClient } from '../open-music/musicbrainz-client.js'
import { AnswerLog, catchUp } from './answer-log.js'
import { askWork } from './ask-work.js'
import { isIdle, planEnrichment, type TrackView } from './enrich-plan.js'
import { type EnrichState, type EnrichSummary, readEnrichState } from './enrich-state.js'
import { type LakeTrack, readLakeTracks } from './lake-tracks.js'

/** Time kept for ListenBrainz's batches when a deadline stops MusicBrainz's questions. */
const LISTENBRAINZ_RESERVE_MS = 60_000
/**
 * Rounds of planning and asking at most: each asks what the answers before it made due (ISRC,
 * then names, then ListenBrainz, then a merged MBID at MusicBrainz, then ListenBrainz again).
 */
const MAX_ROUNDS = 10

export interface EnrichRequest {
  store: ObjectStore
  musicbrainz: MusicBrainzClient
  listenbrainz: ListenBrainzClient
  clock?: Pick<Clock, 'now'>
  /** At most this many tracks asked to be matched this run (`--limit`). */
  limit?: number
  /**
   * Stop asking by this time (ms): MusicBrainz questions a minute before, to leave ListenBrainz's
   * batches time (a Lambda's deadline). Pass a `signal` that aborts at the same time to cut a wait.
   */
  stopAt?: number
  /** Aborts the run: what is answered stays, the rest waits for the next run. */
  signal?: AbortSignal
  /** Most MBIDs a ListenBrainz request carries (default 1000, the service's cap). */
  lbBatch?: number
  log?: Logger
  onProgress?: OnProgress
  /** Where an S3 lake's tables are mirrored to be read (default the user's cache folder). */
  cacheRoot?: string
}

export interface EnrichReport {
  run_id: string
  summary: EnrichSummary
  /** Raw answers landed by this run, and folded in from earlier runs the state had not noted. */
  answers: number
  caught_up: number
  /** Tracks asked to be matched this run (ISRC lookups and lookups by names). */
  asked_tracks: number
  requests: { musicbrainz: number; listenbrainz: number }
  /** Why the run stopped before everything due was asked, and when to try again. */
  stopped?: { reason: string; resume_at?: string }
}

/**
 * The enrichment stage: asks MusicBrainz and ListenBrainz about the lake's tracks not asked yet
 * or whose answers expired (NOTES.md 4.1, 4.6), each answer landing in the raw zone before the
 * state notes it. A deadline, an abort, or a service that keeps refusing (retryable) ends the run
 * early with what was answered kept; the next run goes on from there. A request the service
 * refuses for good (a bug, the User-Agent or the token to fix) fails the run.
 *
 * @example
 * const report = await enrichStage({ store, musicbrainz, listenbrainz, limit: 500 })
 * console.log(report.summary.enriched, report.summary.pending)
 */
export async function enrichStage(request: EnrichRequest): Promise<EnrichReport> {
  const { store, musicbrainz, listenbrainz, signal } = request
  const clock = request.clock ?? systemClock
  const tracks = await readLakeTracks(store, request.cacheRoot)
  const state = await readEnrichState(store)
  const caughtUp = await catchUp(store, state)
  const runId = newRunId(new Date(clock.now()))
  const log = new AnswerLog(store, state, runId)
  const before = { mb: musicbrainz.stats.requests, lb: listenbrainz.stats.requests }
  const byId = new Map(tracks.map((t) => [t.track_id, t]))
  const asked = new Set<string>()
  const budget = { tracks: request.limit ?? Number.POSITIVE_INFINITY }
  let askedTracks = 0
  let stopped: EnrichReport['stopped']
  const hasToken = listenbrainz.hasToken
  const due = planEnrichment(state, tracks, { now: clock.now(), hasToken }).work
  const total = Math.min(budget.tracks, [...due.isrcs.values()].flat().length + due.lookups.length)
  request.onProgress?.({ stage: 'enrich', done: 0, total, unit: 'tracks' })
  const checkStop = (service: 'musicbrainz' | 'listenbrainz') => {
    signal?.throwIfAborted()
    const reserve = service === 'musicbrainz' ? LISTENBRAINZ_RESERVE_MS : 0
    if (request.stopAt !== undefined && clock.now() >= request.stopAt - reserve) {
      throw new DeadlineReached(TIME_UP)
    }
  }
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const { work } = planEnrichment(state, tracks, { now: clock.now(), hasToken, asked })
      const landed = log.landed
      if (isIdle(work)) break
      await askWork(work, {
        musicbrainz,
        listenbrainz,
        log,
        tracks: byId,
        asked,
        lbBatch: request.lbBatch ?? LB_BATCH,
        budget,
        checkStop,
        onAsked: (n) => {
          askedTracks += n
          request.onProgress?.({ stage: 'enrich', done: askedTracks, total, unit: 'tracks' })
        },
      })
      if (log.landed === landed) break
    }
  } catch (error) {
    if (error instanceof OpenMusicUnavailableError) {
      stopped = { reason: oneLine(error), ...(error.resumeAt && { resume_at: error.resumeAt.toISOString() }) }
    } else if (error instanceof DeadlineReached || signal?.aborted) {
      const late = request.stopAt !== undefined && clock.now() >= request.stopAt - LISTENBRAINZ_RESERVE_MS
      stopped = { reason: error instanceof DeadlineReached || late ? TIME_UP : 'the run was stopped' }
    } else {
      await log.save()
      throw error
    }
    request.log?.warn('enrichment stopped early', stopped)
  }
  const summary = summarise(state, tracks, { now: clock.now(), hasToken, runId })
  state.stop = stopped ? { at: new Date(clock.now()).toISOString(), ...stopped } : null
  await log.save()
  const report: EnrichReport = {
    run_id: runId,
    summary,
    answers: log.landed,
    caught_up: caughtUp,
    asked_tracks: askedTracks,
    requests: {
      musicbrainz: musicbrainz.stats.requests - before.mb,
      listenbrainz: listenbrainz.stats.requests - before.lb,
    },
    ...(stopped && { stopped }),
  }
  request.log?.info('enrichment finished', { ...summary, answers: log.landed, requests: report.requests })
  return report
}

/** Where the tracks stand after the run; notes it, and the tracks held back, in the state. */
function summarise(
  state: EnrichState,
  tracks: readonly LakeTrack[],
  options: { now: number; hasToken: boolean; runId: string },
): EnrichSummary {
  const { work, views } = planEnrichment(state, tracks, options)
  state.held = Object.fromEntries(work.held)
  const count = (standing: TrackView['standing']) =>
    [...views.values()].filter((v) => v.standing === standing).length
  const due = [...views.values()].reduce((min, v) => Math.min(min, v.due ?? min), Number.POSITIVE_INFINITY)
  const summary: EnrichSummary = {
    at: new Date(options.now).toISOString(),
    run_id: options.runId,
    tracks: tracks.length,
    enriched: count('enriched'),
    pending: count('pending'),
    unmatched: count('unmatched'),
    held: work.held.size,
    next_due: Number.isFinite(due) ? new Date(due).toISOString() : null,
  }
  state.summary = summary
  return summary
}

const TIME_UP = "the run's time is up; the next run goes on where it stopped"

/** The run reached its stop time: not a failure, the next run goes on. */
class DeadlineReached extends Error {}
