import type { Catalog } from '../catalog/catalog.js'
import { crawl } from '../catalog/crawler.js'
import { type ExtractRequest, extractRun } from '../extract/extract-run.js'
import { RAW_PREFIX } from '../lake/layout.js'
import { decodeEventKey } from '../lake/object-created.js'
import type { ApiMode } from '../spotify/api-mode.js'
import type { SpotifyClient } from '../spotify/spotify-client.js'
import { type EnrichOptions, enrichStep } from './run-enrich.js'
import { type ExtractSummary, RunInterruptedError, type RunRecord } from './run-ledger.js'
import { noteExtract, type RunContext, type RunScope, recordRun, timed } from './run-record.js'
import { planDates, transformStep } from './run-transform.js'

export type { RunRecord, RunTrigger } from './run-ledger.js'

/** Where a run's crawl writes the tables. */
interface CatalogTarget {
  catalog: Catalog
  database: string
}

export interface RunRequest extends RunContext, CatalogTarget {
  client: SpotifyClient
  playlistIds: readonly string[]
  /** Sources besides the playlists, and extraction settings, as the config gives them. */
  sources?: ExtractRequest['sources']
  settings?: ExtractRequest['settings']
  apiMode: ApiMode | 'auto'
  snapshotDate: string
  /** Crawl after the transform (default true); the demo crawls once at the end. */
  crawl?: boolean
  /** Enrich from MusicBrainz and ListenBrainz after the transform (see enrichStep); absent: never. */
  enrich?: EnrichOptions
}

/** The record of a full run. */
export type RunReport = RunRecord & { snapshot_date: string; extract: ExtractSummary }

/**
 * One full run: extract every source into the raw zone, transform every pending snapshot
 * date, crawl. The run's record goes to `_runs/<run-id>.json` when it starts and again whatever
 * the outcome; a failure that stops the run is rethrown after the record is written.
 */
export async function runPipeline(request: RunRequest): Promise<RunReport> {
  const start = (runId: string) => ({
    snapshot_date: request.snapshotDate,
    extract: emptyExtract(runId, request.snapshotDate),
  })
  const record = await recordRun(
    request,
    async (run) => {
      await extractStep(run, request)
      await upkeepSteps(run, request, request.crawl !== false, request.enrich)
    },
    start,
  )
  return record as RunReport
}

/** The lake's upkeep as one run: every pending date transformed, then the crawl (after an import lands). */
export async function runUpkeep(request: RunContext & CatalogTarget): Promise<RunRecord> {
  return recordRun(request, (run) => upkeepSteps(run, request, true))
}

/** A run of the catalog's upkeep only: the crawl the daemon makes after transforms. */
export async function runCrawl(request: RunContext & CatalogTarget): Promise<RunRecord> {
  return recordRun(request, (run) => crawlStep(run, request))
}

/**
 * The transform of every pending date, then (a full run with enrichment) the enrichment of the
 * tracks the transform just wrote and a transform of the answers it landed, then the crawl.
 */
async function upkeepSteps(
  run: RunScope,
  request: RunContext & CatalogTarget,
  crawl: boolean,
  enrich?: EnrichOptions,
): Promise<void> {
  const plan = await planDates(run.store, 'pending')
  const done =
    plan.rebuild.length > 0 || plan.openMusic
      ? await transformStep(run, { ...request, select: 'pending' }, plan)
      : undefined
  if (enrich) {
    const report = await enrichStep(run, request, enrich, run.record.api_mode)
    if (report && report.answers > 0) {
      // The answers' transform adds to the record's transform report.
      const again = await planDates(run.store, 'pending')
      if (again.rebuild.length > 0 || again.openMusic)
        await transformStep(run, { ...request, select: 'pending' }, again, done)
    }
  }
  if (crawl) await crawlStep(run, request)
}

async function extractStep(run: RunScope, request: RunRequest): Promise<void> {
  const { record, log } = run
  const before = { ...request.client.stats }
  let rawObjects = 0
  const stopWatching = request.store.onObjectCreated((event) => {
    if (!decodeEventKey(event.s3.object.key).startsWith(RAW_PREFIX)) return
    rawObjects++
    request.onProgress?.({ stage: 'extract', done: rawObjects, unit: 'raw objects' })
  })
  request.onProgress?.({ stage: 'extract', done: 0, unit: 'raw objects' })
  try {
    await timed(record, 'extract', request.clock, async () => {
      const extract = await extractRun(request.client, run.store, {
        runId: record.run_id,
        snapshotDate: request.snapshotDate,
        playlistIds: request.playlistIds,
        ...(request.sources ? { sources: request.sources } : {}),
        ...(request.settings ? { settings: request.settings } : {}),
        apiMode: request.apiMode,
        ...(request.clock ? { clock: request.clock } : {}),
      })
      noteExtract(record, extract, log)
      log.info('extract finished', { raw_objects: extract.rawKeys.length, requests: extract.requests })
    })
  } finally {
    stopWatching()
    const stats = request.client.stats
    record.metrics.requests = stats.requests - before.requests
    record.metrics.retries = stats.retries - before.retries
    record.metrics.rate_limited = stats.rateLimited - before.rateLimited
    record.metrics.raw_objects = rawObjects
  }
}

async function crawlStep(run: RunScope, request: RunContext & CatalogTarget): Promise<void> {
  if (run.signal.aborted) throw new RunInterruptedError('the run was stopped before the crawl')
  await timed(run.record, 'crawl', request.clock, async () => {
    const report = await crawl(run.store, request.catalog, request.database, {
      ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    })
    const tables = report.tablesCreated.length + report.tablesUpdated.length
    run.record.crawl = report
    run.record.metrics.partitions_added = report.partitionsAdded
    run.log.info('crawl finished', { tables, partitions_added: report.partitionsAdded })
  })
}

function emptyExtract(runId: string, snapshotDate: string): ExtractSummary {
  return { runId, snapshotDate, entries: 0, requests: 0, retries: 0, failures: [], raw_objects: 0 }
}
