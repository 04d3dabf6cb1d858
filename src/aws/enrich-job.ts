import type { Clock } from '../clock.js'
import type { TunelakeConfig } from '../config/config.js'
import { enrichOptionsOf } from '../config/enrich-settings.js'
import type { EnrichSummary } from '../enrich/enrich-state.js'
import { oneLine } from '../errors.js'
import { readState } from '../extract/extract-state.js'
import type { ObjectStore } from '../lake/object-store.js'
import { LakeBusyError, type LakeHold } from '../lease/lease-keeper.js'
import type { Logger } from '../observability/logger.js'
import { runEnrich } from '../pipeline/run-enrich.js'

export interface EnrichJob {
  store: ObjectStore
  lease: LakeHold
  config: TunelakeConfig
  env: NodeJS.ProcessEnv
  log: Logger
  clock: Clock
  runId: string
  /** Stop asking by this time (ms): the invocation's deadline less a margin. */
  stopAt: number
  /** Where the tables are mirrored to be read (the function's /tmp). */
  cacheRoot: string
}

export interface EnrichResult {
  outcome: 'succeeded' | 'partial' | 'failed' | 'interrupted' | 'off' | 'busy'
  summary?: EnrichSummary
  stopped?: string
  errors: string[]
}

/**
 * One scheduled invocation of the enrich function: off unless the config turns it on or the lake's
 * Spotify app is in development mode; otherwise the enrichment under the lake's lease until the
 * deadline, in the run ledger. A lake another run holds is left for the next invocation.
 */
export async function runEnrichJob(job: EnrichJob): Promise<EnrichResult> {
  const { config, store } = job
  const apiMode = config.api_mode === 'auto' ? (await readState(store)).api_mode : config.api_mode
  const options = enrichOptionsOf(config, job.env)
  if (!(options.enabled ?? apiMode === 'development')) {
    job.log.info('enrichment off', { enabled: options.enabled ?? null, api_mode: apiMode })
    return { outcome: 'off', errors: [] }
  }
  try {
    const { record, report } = await runEnrich({
      store,
      trigger: 'scheduled',
      lease: job.lease,
      logger: job.log,
      clock: job.clock,
      runId: job.runId,
      emitMetrics: false,
      enrich: { ...options, enabled: true, stopAt: job.stopAt, cacheRoot: job.cacheRoot },
    })
    return {
      outcome: record.outcome === 'running' ? 'failed' : record.outcome,
      ...(report && { summary: report.summary }),
      ...(report?.stopped && { stopped: report.stopped.reason }),
      errors: record.errors,
    }
  } catch (error) {
    if (!(error instanceof LakeBusyError)) throw error
    job.log.info('lake busy: the next invocation enriches', { reason: oneLine(error) })
    return { outcome: 'busy', errors: [] }
  }
}
