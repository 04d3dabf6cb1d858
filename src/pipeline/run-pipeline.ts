import type { Catalog } from '../catalog/catalog.js'
import { type CrawlReport, crawl } from '../catalog/crawler.js'
import { oneLine } from '../errors.js'
import { type ExtractReport, extractRun } from '../extract/extract-run.js'
import { newRunId } from '../extract/run-id.js'
import { runRecordKey } from '../lake/layout.js'
import { type ObjectStore, putJson } from '../lake/object-store.js'
import type { ApiMode } from '../spotify/api-mode.js'
import type { SpotifyClient } from '../spotify/spotify-client.js'
import { pendingDates } from './transform-ledger.js'
import { type TransformReport, transformDates } from './transform-partitions.js'

export interface RunRequest {
  store: ObjectStore
  catalog: Catalog
  database: string
  client: SpotifyClient
  playlistIds: readonly string[]
  apiMode: ApiMode | 'auto'
  snapshotDate: string
  trigger: 'manual' | 'demo' | 'scheduled'
  /** Crawl after the transform (default true); the demo crawls once at the end. */
  crawl?: boolean
}

export interface RunReport {
  run_id: string
  trigger: RunRequest['trigger']
  snapshot_date: string
  started_at: string
  ended_at: string
  outcome: 'succeeded' | 'partial' | 'failed'
  synthetic: boolean
  api_mode: ApiMode | null
  extract: Omit<ExtractReport, 'rawKeys'> & { raw_objects: number }
  transform?: TransformReport
  crawl?: CrawlReport
  errors: string[]
}

/**
 * One full run: extract every source into the raw zone, transform every pending snapshot
 * date, crawl. The run's record goes to `_runs/<run-id>.json` whatever the outcome; a failure
 * that stops the run is rethrown after the record is written.
 */
export async function runPipeline(request: RunRequest): Promise<RunReport> {
  const started = new Date()
  const runId = newRunId(started)
  const errors: string[] = []
  let extract: ExtractReport | undefined
  let transform: TransformReport | undefined
  let crawled: CrawlReport | undefined
  let failure: unknown
  try {
    extract = await extractRun(request.client, request.store, {
      runId,
      snapshotDate: request.snapshotDate,
      playlistIds: request.playlistIds,
      apiMode: request.apiMode,
    })
    errors.push(...extract.failures.map((f) => `${f.source}: ${f.message}`))
    transform = await transformDates(request.store, await pendingDates(request.store))
    if (request.crawl !== false) crawled = await crawl(request.store, request.catalog, request.database)
  } catch (error) {
    failure = error
    errors.push(oneLine(error))
  }
  const report: RunReport = {
    run_id: runId,
    trigger: request.trigger,
    snapshot_date: request.snapshotDate,
    started_at: started.toISOString(),
    ended_at: new Date().toISOString(),
    outcome: failure || !extract ? 'failed' : errors.length > 0 ? 'partial' : 'succeeded',
    synthetic: extract?.synthetic ?? false,
    api_mode: extract?.mode ?? null,
    extract: summarise(extract, runId, request.snapshotDate),
    ...(transform ? { transform } : {}),
    ...(crawled ? { crawl: crawled } : {}),
    errors,
  }
  await putJson(request.store, runRecordKey(runId), report)
  if (failure) throw failure
  return report
}

function summarise(
  extract: ExtractReport | undefined,
  runId: string,
  snapshotDate: string,
): RunReport['extract'] {
  if (!extract) {
    return {
      runId,
      snapshotDate,
      mode: undefined,
      entries: 0,
      requests: 0,
      retries: 0,
      failures: [],
      synthetic: false,
      raw_objects: 0,
    }
  }
  const { rawKeys, ...rest } = extract
  return { ...rest, raw_objects: rawKeys.length }
}
