import type { Catalog } from '../catalog/catalog.js'
import { crawl } from '../catalog/crawler.js'
import { type ExtractRequest, extractRun } from '../extract/extract-run.js'
import { newRunId } from '../extract/run-id.js'
import { RAW_PREFIX } from '../lake/layout.js'
import { decodeEventKey } from '../lake/object-created.js'
import type { ObjectStore } from '../lake/object-store.js'
import { emitRunMetrics } from '../observability/emf.js'
import { type Logger, silentLogger } from '../observability/logger.js'
import type { OnProgress } from '../observability/progress.js'
import { emptyMetrics } from '../observability/run-metrics.js'
import type { ApiMode } from '../spotify/api-mode.js'
import type { SpotifyClient } from '../spotify/spotify-client.js'
import { pendingDates } from '../transform-stage/transform-ledger.js'
import { transformStage } from '../transform-stage/transform-stage.js'
import {
  type ExtractSummary,
  noteFailure,
  outcomeOf,
  RunInterruptedError,
  type RunRecord,
  type RunTrigger,
  writeRunRecord,
} from './run-ledger.js'
import { frozenRawListing, stoppableStore } from './store-views.js'

export type { RunRecord, RunTrigger } from './run-ledger.js'

/** What every run takes besides its stages' inputs. */
interface RunContext {
  store: ObjectStore
  catalog: Catalog
  database: string
  trigger: RunTrigger
  logger?: Logger
  onProgress?: OnProgress
  /** Abort to stop after the object in hand: the run ends `interrupted` (RunInterruptedError). */
  signal?: AbortSignal
  now?: () => number
  /** The lease owner the run acts under. */
  owner?: string
  scheduledFor?: string
  attempt?: number
}

export interface RunRequest extends RunContext {
  client: SpotifyClient
  playlistIds: readonly string[]
  /** Sources besides the playlists, and extraction settings, as the config gives them. */
  sources?: ExtractRequest['sources']
  settings?: ExtractRequest['settings']
  apiMode: ApiMode | 'auto'
  snapshotDate: string
  /** Crawl after the transform (default true); the demo crawls once at the end. */
  crawl?: boolean
}

/** The record of a full run. */
export type RunReport = RunRecord & { snapshot_date: string; extract: ExtractSummary }

/**
 * One full run: extract every source into the raw zone, transform every pending snapshot
 * date, crawl. The run's record goes to `_runs/<run-id>.json` when it starts and again whatever
 * the outcome; a failure that stops the run is rethrown after the record is written.
 */
export async function runPipeline(request: RunRequest): Promise<RunReport> {
  const base = (runId: string) => ({
    snapshot_date: request.snapshotDate,
    extract: emptyExtract(runId, request.snapshotDate),
  })
  return (await recordRun(request, base, async (record, store, log) => {
    const before = { ...request.client.stats }
    let rawObjects = 0
    const stopWatching = request.store.onObjectCreated((event) => {
      if (!decodeEventKey(event.s3.object.key).startsWith(RAW_PREFIX)) return
      rawObjects++
      request.onProgress?.({ stage: 'extract', done: rawObjects, unit: 'raw objects' })
    })
    request.onProgress?.({ stage: 'extract', done: 0, unit: 'raw objects' })
    try {
      await timed(record, 'extract', request, async () => {
        const extract = await extractRun(request.client, store, {
          runId: record.run_id,
          snapshotDate: request.snapshotDate,
          playlistIds: request.playlistIds,
          ...(request.sources ? { sources: request.sources } : {}),
          ...(request.settings ? { settings: request.settings } : {}),
          apiMode: request.apiMode,
          now: () => new Date((request.now ?? Date.now)()),
        })
        const { rawKeys, ...rest } = extract
        record.extract = { ...rest, raw_objects: rawKeys.length }
        record.synthetic = extract.synthetic
        record.api_mode = extract.mode ?? null
        for (const f of extract.failures) {
          record.errors.push(`${f.source}: ${f.message}`)
          log.warn('source failed', { source: f.source, error: f.message })
        }
        log.info('extract finished', { raw_objects: rawKeys.length, requests: extract.requests })
      })
    } finally {
      stopWatching()
      const stats = request.client.stats
      record.metrics.requests = stats.requests - before.requests
      record.metrics.retries = stats.retries - before.retries
      record.metrics.rate_limited = stats.rateLimited - before.rateLimited
      record.metrics.raw_objects = rawObjects
    }
    await upkeep(record, store, request, { dates: 'pending', crawl: request.crawl !== false }, log)
  })) as RunReport
}

export interface UpkeepRequest extends RunContext {
  /** Snapshot dates to transform, or all pending ones. */
  dates: readonly string[] | 'pending'
  crawl: boolean
}

/** A run of the lake's upkeep only (the daemon's triggered transforms and catalog refreshes). */
export async function runUpkeep(request: UpkeepRequest): Promise<RunRecord> {
  return recordRun(
    request,
    () => ({}),
    (record, store, log) => upkeep(record, store, request, request, log),
  )
}

async function upkeep(
  record: RunRecord,
  store: ObjectStore,
  context: RunContext,
  work: { dates: readonly string[] | 'pending'; crawl: boolean },
  log: Logger,
): Promise<void> {
  const frozen = frozenRawListing(store)
  const dates = work.dates === 'pending' ? await pendingDates(frozen) : work.dates
  if (dates.length > 0) {
    await timed(record, 'transform', context, async () => {
      const { report, interrupted } = await transformStage(frozen, dates, {
        ...(context.signal ? { signal: context.signal } : {}),
        ...(context.onProgress ? { onProgress: context.onProgress } : {}),
        logger: log,
      })
      record.transform = report
      record.metrics.transformed_objects = report.transformed
      record.metrics.quarantined = report.quarantined.length
      record.metrics.rows = Object.values(report.rows).reduce((sum, n) => sum + (n ?? 0), 0)
      if (interrupted) throw new RunInterruptedError('the run was stopped between two snapshot dates')
    })
  }
  if (!work.crawl) return
  if (context.signal?.aborted) throw new RunInterruptedError('the run was stopped before the crawl')
  await timed(record, 'crawl', context, async () => {
    const report = await crawl(store, context.catalog, context.database, {
      ...(context.onProgress ? { onProgress: context.onProgress } : {}),
    })
    const tables = report.tablesCreated.length + report.tablesUpdated.length
    record.crawl = report
    record.metrics.partitions_added = report.partitionsAdded
    log.info('crawl finished', { tables, partitions_added: report.partitionsAdded })
  })
}

/** Writes the record as `running`, runs the body, writes the outcome, logs and emits metrics. */
async function recordRun(
  context: RunContext,
  extra: (runId: string) => Partial<RunRecord>,
  body: (record: RunRecord, store: ObjectStore, log: Logger) => Promise<void>,
): Promise<RunRecord> {
  const now = context.now ?? Date.now
  const started = now()
  const runId = newRunId(new Date(started))
  const log = (context.logger ?? silentLogger).child({ run_id: runId })
  const record: RunRecord = {
    run_id: runId,
    trigger: context.trigger,
    ...(context.owner ? { owner: context.owner } : {}),
    ...(context.scheduledFor ? { scheduled_for: context.scheduledFor } : {}),
    ...(context.attempt ? { attempt: context.attempt } : {}),
    ...extra(runId),
    started_at: new Date(started).toISOString(),
    ended_at: null,
    outcome: 'running',
    synthetic: false,
    api_mode: null,
    metrics: emptyMetrics(),
    errors: [],
  }
  await writeRunRecord(context.store, record)
  log.info('run started', { trigger: record.trigger, snapshot_date: record.snapshot_date })
  const gate = stoppableStore(context.store, context.signal)
  let failure: unknown
  try {
    await body(record, gate.store, log)
  } catch (error) {
    failure = error
    noteFailure(record, error)
  } finally {
    await gate.idle()
  }
  const ended = now()
  record.ended_at = new Date(ended).toISOString()
  record.outcome = outcomeOf(failure, record.errors)
  record.metrics.duration_ms.total = ended - started
  record.metrics.errors = record.errors.length
  await writeRunRecord(context.store, record)
  emitRunMetrics(record)
  const level = record.outcome === 'failed' ? 'error' : record.outcome === 'succeeded' ? 'info' : 'warn'
  log[level]('run finished', {
    outcome: record.outcome,
    metrics: record.metrics,
    ...(failure ? { err: failure } : {}),
  })
  if (failure) throw failure
  return record
}

async function timed(
  record: RunRecord,
  stage: 'extract' | 'transform' | 'crawl',
  context: RunContext,
  work: () => Promise<void>,
): Promise<void> {
  const now = context.now ?? Date.now
  const started = now()
  try {
    await work()
  } finally {
    record.metrics.duration_ms[stage] = now() - started
  }
}

function emptyExtract(runId: string, snapshotDate: string): ExtractSummary {
  return { runId, snapshotDate, entries: 0, requests: 0, retries: 0, failures: [], raw_objects: 0 }
}
