import type { Clock } from '../clock.js'
import type { TunelakeConfig } from '../config/config.js'
import { extractSettingsOf } from '../config/extraction-of.js'
import { type ExtractReport, extractRun } from '../extract/extract-run.js'
import { newRunId } from '../extract/run-id.js'
import type { ObjectStore } from '../lake/object-store.js'
import type { Logger } from '../observability/logger.js'
import { noteExtract, recordRun, timed } from '../pipeline/run-record.js'
import { type SpotifyEndpoints, spotifyClientFor, tokensFor } from '../spotify/client-for-credentials.js'
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
  clock: Clock
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
 * same `extractRun` the CLI runs, into the raw bucket, recorded in the lake's run ledger as every
 * run is (`tunelake status` shows it). Logs carry the run id; metrics go out as one EMF line,
 * success or not. A run that stops throws, so the schedule's retries and the dead-letter queue
 * see it.
 */
export async function runExtractJob(job: ExtractJob, event: unknown): Promise<ExtractResult> {
  const { clock } = job
  const started = clock.now()
  const runId = newRunId(new Date(started))
  const log = swappableLogger(job.logger([]).child({ run_id: runId }))
  let report: ExtractReport | undefined
  try {
    const run = scheduledRun(event, job.timeZone, clock)
    await recordRun(
      {
        store: job.store,
        trigger: run.trigger,
        ...(run.scheduledFor ? { scheduledFor: run.scheduledFor } : {}),
        logger: log.logger,
        clock,
        runId,
        emitMetrics: false,
      },
      async ({ record, store }) => {
        const credentials = await job.secret.read()
        log.swap(
          job.logger(secretValues(credentials)).child({ run_id: runId, snapshot_date: run.snapshotDate }),
        )
        log.logger.info('extraction started', {
          trigger: run.trigger,
          ...(run.scheduledFor ? { scheduled_for: run.scheduledFor } : {}),
          sources: job.config.sources.length,
        })
        const tokens = tokensFor(credentials, job.spotify.accountsBaseUrl, async (token) => {
          await job.secret.saveRefreshToken(token)
          log.logger.info('rotated refresh token saved', { secret: job.secret.secretId })
        })
        const client = spotifyClientFor(job.spotify.apiBaseUrl, tokens, {
          requestsPer30s: job.config.spotify.requests_per_30s,
          maxRetryAfterSeconds: job.config.spotify.max_retry_after_seconds,
        })
        await timed(record, 'extract', clock, async () => {
          report = await extractRun(client, store, {
            runId,
            snapshotDate: run.snapshotDate,
            sources: job.config.sources,
            apiMode: job.config.api_mode,
            settings: extractSettingsOf(job.config),
            clock,
          })
        })
        noteExtract(record, report!, log.logger)
        record.metrics.requests = report!.requests
        record.metrics.retries = report!.retries
        record.metrics.raw_objects = report!.rawKeys.length
      },
      () => ({ snapshot_date: run.snapshotDate }),
    )
    const done = report!
    const result: ExtractResult = {
      run_id: runId,
      snapshot_date: run.snapshotDate,
      trigger: run.trigger,
      outcome: done.failures.length > 0 ? 'partial' : 'succeeded',
      raw_objects: done.rawKeys.length,
      entries: done.entries,
      requests: done.requests,
      failures: done.failures.map(({ source, message }) => ({ source, message })),
      synthetic: done.synthetic,
    }
    writeMetrics(job, runId, started, {
      runSucceeded: 1,
      runFailed: 0,
      rawObjects: result.raw_objects,
      spotifyRequests: done.requests,
      spotifyRetries: done.retries,
      sourcesFailed: result.failures.length,
    })
    log.logger.info('extraction finished', { ...result })
    return result
  } catch (error) {
    writeMetrics(job, runId, started, { runSucceeded: 0, runFailed: 1 })
    log.logger.error('extraction failed', { err: error })
    throw error
  }
}

function writeMetrics(
  job: ExtractJob,
  runId: string,
  started: number,
  values: Parameters<typeof metricsLine>[0]['values'],
): void {
  const now = job.clock.now()
  job.writeMetrics(
    metricsLine({
      namespace: job.metricsNamespace,
      stage: 'extract',
      runId,
      values: { ...values, extractSeconds: (now - started) / 1000 },
      now,
    }),
  )
}

/** A logger whose lines go to the latest one set: the one that scrubs the secret, once it is read. */
function swappableLogger(first: Logger): { logger: Logger; swap(next: Logger): void } {
  let current = first
  const over = (get: () => Logger): Logger => ({
    debug: (message, fields) => get().debug(message, fields),
    info: (message, fields) => get().info(message, fields),
    warn: (message, fields) => get().warn(message, fields),
    error: (message, fields) => get().error(message, fields),
    child: (bindings) => over(() => get().child(bindings)),
  })
  return {
    logger: over(() => current),
    swap: (next) => {
      current = next
    },
  }
}
