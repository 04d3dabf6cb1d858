import type { EnrichClientSettings } from '../enrich/enrich-clients.js'
import { enrichClients } from '../enrich/enrich-clients.js'
import { type EnrichReport, enrichStage } from '../enrich/enrich-stage.js'
import type { ApiMode } from '../spotify/api-mode.js'
import type { RunRecord } from './run-ledger.js'
import { type RunContext, type RunScope, recordRun, timed } from './run-record.js'

/** Whether and how a run enriches (the config's `enrich`, the environment's token). */
export interface EnrichOptions {
  /** The config's switch; undefined: on when the lake's Spotify app is in development mode. */
  enabled?: boolean
  /** The clients' settings; absent when the config lacks what they need (`blocker` says what). */
  settings?: EnrichClientSettings
  blocker?: string
  /** At most this many tracks asked to be matched (`--limit`). */
  limit?: number
  /** Stop asking by this time (ms since the epoch): a Lambda's deadline. */
  stopAt?: number
  lbBatch?: number
  /** Where an S3 lake's tables are mirrored to be read (a Lambda's /tmp). */
  cacheRoot?: string
}

/** `tunelake enrich` and the AWS enrich function: one enrichment run under the lake's lease, in the run ledger. */
export async function runEnrich(
  request: RunContext & { enrich: EnrichOptions },
): Promise<{ record: RunRecord; report: EnrichReport | undefined }> {
  let report: EnrichReport | undefined
  const record = await recordRun(request, async (run) => {
    report = await enrichStep(run, request, { ...request.enrich, enabled: true })
  })
  return { record, report }
}

/**
 * The enrichment step of a run (its own, or a full run's after the transform): asks what is due
 * unless the options turn it off for this lake. The report (or why it was skipped) goes on the
 * record; a service refusing for now or a refusal for good is one of the record's errors, not the
 * run's failure (the Spotify data stands).
 */
export async function enrichStep(
  run: RunScope,
  context: Pick<RunContext, 'clock' | 'onProgress'>,
  options: EnrichOptions,
  apiMode?: ApiMode | null,
): Promise<EnrichReport | undefined> {
  const { record, log } = run
  if (!(options.enabled ?? apiMode === 'development')) return undefined
  if (!options.settings) {
    const skipped = options.blocker ?? 'the enrichment has no settings'
    record.enrich = { skipped }
    if (options.enabled) record.errors.push(`enrichment: ${skipped}`)
    log.warn('enrichment skipped', { reason: skipped })
    return undefined
  }
  const signals = [
    run.signal,
    ...(options.stopAt ? [AbortSignal.timeout(Math.max(0, options.stopAt - Date.now()))] : []),
  ]
  const signal = AbortSignal.any(signals)
  const clients = enrichClients({ ...options.settings, signal, log })
  let report: EnrichReport | undefined
  await timed(record, 'enrich', context.clock, async () => {
    try {
      report = await enrichStage({
        store: run.store,
        ...clients,
        signal,
        log,
        ...(context.clock && { clock: context.clock }),
        ...(context.onProgress && { onProgress: context.onProgress }),
        ...(options.limit !== undefined && { limit: options.limit }),
        ...(options.stopAt !== undefined && { stopAt: options.stopAt }),
        ...(options.lbBatch !== undefined && { lbBatch: options.lbBatch }),
        ...(options.cacheRoot !== undefined && { cacheRoot: options.cacheRoot }),
      })
    } catch (error) {
      if (run.signal.aborted) throw error
      record.errors.push(`enrichment: ${(error as Error).message}`)
      log.warn('enrichment failed', { err: error })
      return
    }
    record.enrich = report
    if (report.stopped?.resume_at) {
      record.errors.push(`enrichment stopped: ${report.stopped.reason}`)
    }
  })
  return report
}
