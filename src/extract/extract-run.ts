import { type Clock, systemClock } from '../clock.js'
import { oneLine, verdictOf } from '../errors.js'
import type { ObjectStore } from '../lake/object-store.js'
import type { ApiMode } from '../spotify/api-mode.js'
import { SpotifyRateLimitError, SpotifyRequestError, SpotifyUnavailableError } from '../spotify/errors.js'
import type { SpotifyClient } from '../spotify/spotify-client.js'
import { absorbAbandoned } from './absorb-abandoned.js'
import { type BackfillReport, backfill } from './backfill.js'
import { readBackfill, writeBackfill } from './backfill-state.js'
import { ExtractSourceError } from './errors.js'
import { type DimensionReport, extractDimensions } from './extract-dimensions.js'
import { extractPlaylist } from './extract-playlist.js'
import {
  type ExtractCheckpoint,
  pruneDimensions,
  readCheckpoint,
  readState,
  writeCheckpoint,
  writeState,
} from './extract-state.js'
import { RawLanding } from './raw-landing.js'
import { DEFAULT_DAILY_REQUEST_BUDGET, RequestBudget } from './request-budget.js'
import { extractArtistCatalog, extractCatalogAlbumTracks, extractSearch } from './source-catalog.js'
import { ModeTracker, References, type SourceContext } from './source-context.js'
import { requiredScope, type SourceSpec, sourceLabel } from './source-spec.js'
import { extractMyPlaylists, extractRecentlyPlayed, extractSavedTracks, extractTop } from './source-user.js'

export interface ExtractSettings {
  /** Days an artist or album stays fresh after it was fetched (default 7; 0 fetches every time). */
  cacheDays?: number
  /** Requests a UTC day, across runs, up to which the back-fill may go (default 1,000). */
  dailyRequestBudget?: number
}

export interface ExtractRequest {
  runId: string
  snapshotDate: string
  /** Playlists to extract (each like a `{type: 'playlist'}` source). */
  playlistIds?: readonly string[]
  sources?: readonly SourceSpec[]
  /** `auto` detects the API shape from the responses. */
  apiMode: ApiMode | 'auto'
  settings?: ExtractSettings
  /** The time the raw envelopes, state and checkpoint record (default the system's). */
  clock?: Clock
}

export interface ExtractReport {
  /** The run id of the raw objects: the stopped run's when this run resumed it. */
  runId: string
  snapshotDate: string
  mode: ApiMode | undefined
  rawKeys: string[]
  entries: number
  requests: number
  retries: number
  failures: { source: string; message: string; retryable: boolean }[]
  /** True when any response came from tunelake's emulator. */
  synthetic: boolean
  /** True when this run continued a stopped run of the same snapshot date. */
  resumed?: boolean
  /** Raw objects copied from earlier runs without a request (unchanged playlists, cached entities). */
  carried?: number
  /** Artists and albums fetched, found in the cache, or unknown to Spotify. */
  enrichment?: DimensionReport
  /** Findings that did not fail a source (null entries, a possible gap in the play history). */
  notes?: string[]
  /** What the back-fill of imported tracks fetched within the day's budget, and why it stopped. */
  backfill?: BackfillReport
  /** The day's requests (this run's included) and the budget. */
  budget?: { day: string; used: number; limit: number }
}

/**
 * One extraction: every configured source, then the artists and albums they reference (cached
 * ones carried over), then, with what the day's request budget has left, the back-fill of the
 * tracks, albums and artists only imported exports name. A source that fails terminally (not
 * found, not authorised) is reported and the others go on. A stop (rate limit beyond the cap,
 * quota, API unreachable, authorisation expired) leaves a checkpoint and is rethrown: the next
 * run for the same snapshot date resumes the stopped run, reading back what it landed. A stop
 * Spotify asked for also pauses the lake's requests until the time it named: runs before then
 * send none. The incremental state is committed last, after every raw object it covers is
 * durable; every run's requests count in the day's budget.
 *
 * @example
 * const report = await extractRun(client, store, { runId, snapshotDate: '2026-11-23', apiMode: 'auto', sources })
 */
export async function extractRun(
  client: SpotifyClient,
  store: ObjectStore,
  request: ExtractRequest,
): Promise<ExtractReport> {
  const clock = request.clock ?? systemClock
  const now = () => new Date(clock.now())
  const cacheDays = request.settings?.cacheDays ?? 7
  const budget = await RequestBudget.load(
    store,
    request.settings?.dailyRequestBudget ?? DEFAULT_DAILY_REQUEST_BUDGET,
    now(),
  )
  const paused = budget.pausedUntil(now())
  if (paused) {
    throw new SpotifyRateLimitError(
      `Spotify asked tunelake to stop (${paused.reason}) until ${paused.until.toISOString()}; no request is sent before then: run again after that`,
      paused.until,
      { reason: paused.reason === 'QUOTA_EXCEEDED' ? 'QUOTA_EXCEEDED' : 'Retry-After beyond the cap' },
    )
  }
  const state = await readState(store)
  const previous = await readCheckpoint(store)
  const resuming =
    previous !== undefined &&
    previous.snapshot_date === request.snapshotDate &&
    previous.run_id !== state.committed_run?.run_id
  const abandoned =
    previous !== undefined && !resuming && previous.run_id !== state.committed_run?.run_id
      ? previous
      : undefined
  const absorbed = abandoned ? await absorbAbandoned(store, state, abandoned) : []
  const checkpoint: ExtractCheckpoint = resuming
    ? { ...previous, stopped: undefined }
    : {
        format: 'tunelake.extract-checkpoint/v1',
        run_id: request.runId,
        snapshot_date: request.snapshotDate,
        started_at: now().toISOString(),
      }
  await writeCheckpoint(store, checkpoint)
  const landing = new RawLanding(store, {
    runId: checkpoint.run_id,
    snapshotDate: request.snapshotDate,
    now,
    resuming,
  })
  const forced = request.apiMode === 'auto' ? undefined : request.apiMode
  const ctx: SourceContext = {
    client,
    landing,
    state: structuredClone(state),
    mode: new ModeTracker(forced, state.api_mode ?? undefined),
    refs: new References(),
    counts: { entries: 0 },
    notes: absorbed.map(
      (source) =>
        `${source}: continues after what the stopped run ${abandoned?.run_id} of ${abandoned?.snapshot_date} landed`,
    ),
    startedAt: new Date(checkpoint.started_at),
    fail: (source, message) => report.failures.push({ source, message, retryable: false }),
  }
  const report: ExtractReport = {
    runId: checkpoint.run_id,
    snapshotDate: request.snapshotDate,
    mode: forced,
    rawKeys: landing.keys,
    entries: 0,
    requests: 0,
    retries: 0,
    failures: [],
    synthetic: false,
    resumed: resuming,
    carried: 0,
    enrichment: { fetched: 0, cached: 0, missing: 0 },
    notes: ctx.notes,
  }
  const before = { ...client.stats }
  try {
    for (const spec of sourcesOf(request)) {
      try {
        await extractSource(ctx, spec)
      } catch (error) {
        if (!(error instanceof ExtractSourceError || error instanceof SpotifyRequestError)) throw error
        report.failures.push({ source: sourceLabel(spec), message: oneLine(error), retryable: false })
      }
    }
    if (ctx.refs.artists.size + ctx.refs.albums.size > 0) {
      report.enrichment = await extractDimensions(ctx, cacheDays)
      await extractCatalogAlbumTracks(ctx)
    }
    const queue = await readBackfill(store)
    report.backfill = await backfill(ctx, queue, () => budget.left(client.stats.requests - before.requests))
    const { pause } = report.backfill
    if (pause) budget.pause(pause.until, pause.reason)
    ctx.state.api_mode = ctx.mode.revealed ?? ctx.state.api_mode
    ctx.state.committed_run = {
      run_id: checkpoint.run_id,
      snapshot_date: request.snapshotDate,
      committed_at: now().toISOString(),
    }
    pruneDimensions(ctx.state, ctx.startedAt.getTime(), cacheDays)
    await budget.save(store, client.stats.requests - before.requests)
    await writeState(store, ctx.state)
    // After the commit: a resumed run must ask for the back-fill's pages as the stopped one did.
    if (changed(report.backfill)) await writeBackfill(store, queue)
  } catch (error) {
    const resumeAt = verdictOf(error).resumeAt?.toISOString()
    if (error instanceof SpotifyRateLimitError) budget.pause(error.resumeAt, error.reason)
    await budget.save(store, client.stats.requests - before.requests)
    await writeCheckpoint(store, {
      ...checkpoint,
      stopped: {
        at: now().toISOString(),
        reason: oneLine(error),
        ...(resumeAt && { resume_after: resumeAt }),
      },
    })
    throw resumable(error, request.snapshotDate)
  } finally {
    report.mode = ctx.mode.revealed ?? ctx.state.api_mode ?? undefined
    report.entries = ctx.counts.entries
    report.carried = landing.carried
    report.synthetic = landing.synthetic
    report.requests = client.stats.requests - before.requests
    report.retries = client.stats.retries - before.retries
    report.rawKeys.sort()
    report.budget = { day: budget.day, used: budget.used, limit: budget.limit }
  }
  return report
}

function changed(report: BackfillReport): boolean {
  const { fetched } = report
  return fetched.tracks + fetched.albums + fetched.artists + report.missing > 0
}

async function extractSource(ctx: SourceContext, spec: SourceSpec): Promise<void> {
  const scope = requiredScope(spec)
  if (scope !== undefined && !ctx.client.userAuthorised) {
    throw new ExtractSourceError(
      `${sourceLabel(spec)} needs a Spotify user's authorisation (scope ${scope}), but only app credentials are configured; run tunelake auth login, or set SPOTIFY_REFRESH_TOKEN`,
    )
  }
  switch (spec.type) {
    case 'playlist':
      return extractPlaylist(ctx, spec.id)
    case 'my_playlists':
      return extractMyPlaylists(ctx)
    case 'saved_tracks':
      return extractSavedTracks(ctx)
    case 'recently_played':
      return extractRecentlyPlayed(ctx)
    case 'top':
      return extractTop(ctx, spec)
    case 'artist_catalog':
      return extractArtistCatalog(ctx, spec)
    case 'search':
      return extractSearch(ctx, spec)
  }
}

/** The request's sources, the playlist ids first, each source once. */
function sourcesOf(request: ExtractRequest): SourceSpec[] {
  const all: SourceSpec[] = [
    ...(request.playlistIds ?? []).map((id): SourceSpec => ({ type: 'playlist', id })),
    ...(request.sources ?? []),
  ]
  const seen = new Set<string>()
  return all.filter((spec) => {
    const key = JSON.stringify(spec)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** A retryable stop says that the next run for the date picks up where this one stopped. */
function resumable(error: unknown, snapshotDate: string): unknown {
  const suffix = `; the next run for ${snapshotDate} resumes from the checkpoint`
  if (error instanceof SpotifyRateLimitError) {
    return new SpotifyRateLimitError(`${error.message}${suffix}`, error.resumeAt, {
      cause: error,
      reason: error.reason,
    })
  }
  if (error instanceof SpotifyUnavailableError) {
    return new SpotifyUnavailableError(`${error.message}${suffix}`, { cause: error })
  }
  return error
}
