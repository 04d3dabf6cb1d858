import type { ExtractReport } from '../extract/extract-run.js'
import type { ObjectStore } from '../lake/object-store.js'
import type { Logger } from '../observability/logger.js'
import { emptyMetrics } from '../observability/run-metrics.js'
import { noteFailure, outcomeOf, type RunRecord, writeRunRecord } from '../pipeline/run-ledger.js'
import type { ScheduledRun } from './scheduled-run.js'

/**
 * The extraction's record in the lake's run ledger (`_runs/<run-id>.json`, the format
 * `tunelake status` reads): written `running` when it starts and again when it ends, so the
 * ledger shows the AWS home's runs as it shows the daemon's. Transforms are the transform
 * function's business; this record covers the extraction.
 */
export class ExtractRecord {
  readonly record: RunRecord

  constructor(
    private readonly store: ObjectStore,
    private readonly log: () => Logger,
    runId: string,
    started: Date,
  ) {
    this.record = {
      run_id: runId,
      trigger: 'manual',
      started_at: started.toISOString(),
      ended_at: null,
      outcome: 'running',
      synthetic: false,
      api_mode: null,
      metrics: emptyMetrics(),
      errors: [],
    }
  }

  async start(run: ScheduledRun): Promise<void> {
    this.record.trigger = run.trigger
    this.record.snapshot_date = run.snapshotDate
    if (run.scheduledFor) this.record.scheduled_for = run.scheduledFor
    await this.#save()
  }

  /** Ends the record with the report (when the extraction returned) and the failure (when it threw). */
  async finish(report: ExtractReport | undefined, failure: unknown, ended: Date): Promise<void> {
    const record = this.record
    if (report) {
      const { rawKeys, ...rest } = report
      record.extract = { ...rest, raw_objects: rawKeys.length }
      record.synthetic = report.synthetic
      record.api_mode = report.mode ?? null
      record.errors.push(...report.failures.map((f) => `${f.source}: ${f.message}`))
      record.metrics.requests = report.requests
      record.metrics.retries = report.retries
      record.metrics.raw_objects = rawKeys.length
    }
    if (failure !== undefined) noteFailure(record, failure)
    record.outcome = outcomeOf(failure, record.errors)
    record.ended_at = ended.toISOString()
    record.metrics.duration_ms.total = ended.getTime() - Date.parse(record.started_at)
    record.metrics.duration_ms.extract = record.metrics.duration_ms.total
    record.metrics.errors = record.errors.length
    await this.#save()
  }

  /** A ledger that cannot be written is logged, never allowed to hide the run's own outcome. */
  async #save(): Promise<void> {
    try {
      await writeRunRecord(this.store, this.record)
    } catch (error) {
      this.log().warn('run record not written', { err: error })
    }
  }
}
