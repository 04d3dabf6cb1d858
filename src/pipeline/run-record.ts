import { type Clock, systemClock } from '../clock.js'
import type { ExtractReport } from '../extract/extract-run.js'
import { newRunId } from '../extract/run-id.js'
import type { ObjectStore } from '../lake/object-store.js'
import type { LakeHold } from '../lease/lease-keeper.js'
import { emitRunMetrics } from '../observability/emf.js'
import { type Logger, silentLogger } from '../observability/logger.js'
import type { OnProgress } from '../observability/progress.js'
import { emptyMetrics } from '../observability/run-metrics.js'
import { noteFailure, outcomeOf, type RunRecord, type RunTrigger, writeRunRecord } from './run-ledger.js'
import { stoppableStore } from './stoppable-store.js'

/** What every run takes besides its stages' inputs. */
export interface RunContext {
  store: ObjectStore
  trigger: RunTrigger
  /**
   * The lake's lease, taken before the run writes anything (LakeBusyError when another run holds
   * the lake) and given back when it ends; its owner goes on the record. Absent: a lake nobody
   * else acts on (the demo's).
   */
  lease?: LakeHold
  logger?: Logger
  onProgress?: OnProgress
  /** Abort to stop after the object in hand: the run ends `interrupted` (RunInterruptedError). */
  signal?: AbortSignal
  clock?: Clock
  scheduledFor?: string
  attempt?: number
  /** The run's id, when the caller named it already (a Lambda invocation's logs); default a new one. */
  runId?: string
  /** Write the run's metrics as an EMF line when in Lambda (default true; the handlers write their own). */
  emitMetrics?: boolean
  /**
   * Keep the run in the run ledger (default true). `tunelake transform`, a person's command
   * beside the pipeline's runs, is not kept.
   */
  record?: boolean
}

/** What the body of a run is handed: its record to fill, the store to write through, its logger, its stop signal. */
export interface RunScope {
  record: RunRecord
  store: ObjectStore
  log: Logger
  signal: AbortSignal
}

/**
 * A run in the lake's run ledger, for every use case and home: takes the lease, writes the record
 * as `running`, runs the body, writes the outcome (the failure's message and resume time when it
 * threw), logs and emits metrics, gives the lease back. A failure is rethrown after the record is
 * written; a record that cannot be written at the end is logged and hides nothing.
 */
export async function recordRun(
  context: RunContext,
  body: (run: RunScope) => Promise<unknown>,
  /** What the record holds from the start besides the common fields (a full run's snapshot date). */
  extra: (runId: string) => Partial<RunRecord> = () => ({}),
): Promise<RunRecord> {
  await context.lease?.take()
  try {
    return await recorded(context, body, extra)
  } finally {
    await context.lease?.release()
  }
}

async function recorded(
  context: RunContext,
  body: (run: RunScope) => Promise<unknown>,
  extra: (runId: string) => Partial<RunRecord>,
): Promise<RunRecord> {
  const clock = context.clock ?? systemClock
  const started = clock.now()
  const runId = context.runId ?? newRunId(new Date(started))
  const log = (context.logger ?? silentLogger).child({ run_id: runId })
  const owner = context.lease?.owner
  const record: RunRecord = {
    run_id: runId,
    trigger: context.trigger,
    ...(owner ? { owner } : {}),
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
  const keep = context.record !== false
  if (keep) await writeRunRecord(context.store, record)
  log.info('run started', { trigger: record.trigger, snapshot_date: record.snapshot_date })
  const signals = [context.signal, context.lease?.signal].filter((s): s is AbortSignal => s !== undefined)
  const signal = AbortSignal.any(signals)
  const gate = stoppableStore(context.store, signal)
  let failure: unknown
  try {
    await body({ record, store: gate.store, log, signal })
  } catch (error) {
    failure = error
    noteFailure(record, error)
  } finally {
    await gate.idle()
  }
  const ended = clock.now()
  record.ended_at = new Date(ended).toISOString()
  record.outcome = outcomeOf(failure, record.errors)
  record.metrics.duration_ms.total = ended - started
  record.metrics.errors = record.errors.length
  try {
    if (keep) await writeRunRecord(context.store, record)
  } catch (error) {
    log.warn('run record not written', { err: error })
  }
  if (keep && context.emitMetrics !== false) emitRunMetrics(record)
  const level = record.outcome === 'failed' ? 'error' : record.outcome === 'succeeded' ? 'info' : 'warn'
  log[level]('run finished', {
    outcome: record.outcome,
    metrics: record.metrics,
    ...(failure ? { err: failure } : {}),
  })
  if (failure) throw failure
  return record
}

/** Runs one stage of the record's run, timing it into the record's metrics. */
export async function timed(
  record: RunRecord,
  stage: 'extract' | 'transform' | 'enrich' | 'crawl',
  clock: Clock | undefined,
  work: () => Promise<void>,
): Promise<void> {
  const now = () => (clock ?? systemClock).now()
  const started = now()
  try {
    await work()
  } finally {
    record.metrics.duration_ms[stage] = now() - started
  }
}

/** The extraction's report on the record (every home): counts, mode, the sources that failed. */
export function noteExtract(record: RunRecord, report: ExtractReport, log: Logger): void {
  const { rawKeys, ...rest } = report
  record.extract = { ...rest, raw_objects: rawKeys.length }
  record.synthetic = report.synthetic
  record.api_mode = report.mode ?? null
  for (const f of report.failures) {
    record.errors.push(`${f.source}: ${f.message}`)
    log.warn('source failed', { source: f.source, error: f.message })
  }
}
