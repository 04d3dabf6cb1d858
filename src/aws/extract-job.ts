import type { TunelakeConfig } from '../config/config.js'
import { extractSettingsOf } from '../config/extraction-of.js'
import { type ExtractReport, extractRun } from '../extract/extract-run.js'
import { newRunId } from '../extract/run-id.js'
import type { ObjectStore } from '../lake/object-store.js'
import type { Logger } from '../observability/logger.js'
import { type SpotifyEndpoints, spotifyClientFor, tokensFor } from '../spotify/client-for-credentials.js'
import { ExtractRecord } from './extract-record.js'
import { metricsLine } from './metrics.js'
import { type ScheduledRun, scheduledRun } from './scheduled-run.js'
import { type SpotifySecret, secretValues } from './spotify-secret.js'

export interface ExtractJob {
  store: ObjectStore
  secret: SpotifySecret
  config: TunelakeConfig
  /** The schedule's zone: the snapshot date is the scheduled time's date there. */
  timeZone: string
  spotify: SpotifyEndpoints
  /** A logger that scrubs the given secret values (known only once the secret is read). */
  logger: (secrets: string[]) => Logger
  metricsNamespace: string
  writeMetrics: (line: string) => void
  now: () => Date
}

export interface ExtractResult {
  run_id: string
  snapshot_date: string
  trigger: ScheduledRun['trigger']
  outcome: 'succeeded' | 'partial'
  raw_objects: number
  /** Playlist entries extracted. */
  entries: number
  requests: number
  failures: { source: string; message: string }[]
  synthetic: boolean
}

/**
 * One scheduled (or manual) extraction in Lambda: the snapshot date from the invocation, the
 * Spotify credentials from Secrets Manager (a rotated refresh token is written back), then the
 * same `extractRun` the CLI runs, into the raw bucket. Logs carry the run id; metrics go out as
 * one EMF line, success or not. A run that stops throws, so the schedule's retries and the
 * dead-letter queue see it.
 */
export async function runExtractJob(job: ExtractJob, event: unknown): Promise<ExtractResult> {
  const started = job.now()
  const runId = newRunId(started)
  let log = job.logger([]).child({ run_id: runId })
  const ledger = new ExtractRecord(job.store, () => log, runId, started)
  let report: ExtractReport | undefined
  try {
    const run = scheduledRun(event, job.timeZone, job.now)
    await ledger.start(run)
    const credentials = await job.secret.read()
    log = job.logger(secretValues(credentials)).child({ run_id: runId, snapshot_date: run.snapshotDate })
    log.info('extraction started', {
      trigger: run.trigger,
      ...(run.scheduledFor ? { scheduled_for: run.scheduledFor } : {}),
      sources: job.config.sources.length,
    })
    const tokens = tokensFor(credentials, job.spotify.accountsBaseUrl, async (token) => {
      await job.secret.saveRefreshToken(token)
      log.info('rotated refresh token saved', { secret: job.secret.secretId })
    })
    const client = spotifyClientFor(job.spotify.apiBaseUrl, tokens, {
      requestsPer30s: job.config.spotify.requests_per_30s,
      maxRetryAfterSeconds: job.config.spotify.max_retry_after_seconds,
    })
    report = await extractRun(client, job.store, {
      runId,
      snapshotDate: run.snapshotDate,
      sources: job.config.sources,
      apiMode: job.config.api_mode,
      settings: extractSettingsOf(job.config),
    })
    await ledger.finish(report, undefined, job.now())
    const result: ExtractResult = {
      run_id: runId,
      snapshot_date: run.snapshotDate,
      trigger: run.trigger,
      outcome: report.failures.length > 0 ? 'partial' : 'succeeded',
      raw_objects: report.rawKeys.length,
      entries: report.entries,
      requests: report.requests,
      failures: report.failures.map(({ source, message }) => ({ source, message })),
      synthetic: report.synthetic,
    }
    for (const failure of result.failures) log.warn('source failed', failure)
    writeMetrics(job, runId, started, {
      runSucceeded: 1,
      runFailed: 0,
      rawObjects: result.raw_objects,
      spotifyRequests: report.requests,
      spotifyRetries: report.retries,
      sourcesFailed: result.failures.length,
    })
    log.info('extraction finished', { ...result })
    return result
  } catch (error) {
    await ledger.finish(report, error, job.now())
    writeMetrics(job, runId, started, { runSucceeded: 0, runFailed: 1 })
    log.error('extraction failed', { err: error })
    throw error
  }
}

function writeMetrics(
  job: ExtractJob,
  runId: string,
  started: Date,
  values: Parameters<typeof metricsLine>[0]['values'],
): void {
  const now = job.now().getTime()
  job.writeMetrics(
    metricsLine({
      namespace: job.metricsNamespace,
      stage: 'extract',
      runId,
      values: { ...values, extractSeconds: (now - started.getTime()) / 1000 },
      now,
    }),
  )
}
