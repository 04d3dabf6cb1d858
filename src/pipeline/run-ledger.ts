import type { CrawlReport } from '../catalog/crawler.js'
import type { EnrichReport } from '../enrich/enrich-stage.js'
import { TunelakeError, verdictOf } from '../errors.js'
import type { ExtractReport } from '../extract/extract-run.js'
import { RUNS_PREFIX, runRecordKey } from '../lake/layout.js'
import { getText, listAll, type ObjectStore, putJson } from '../lake/object-store.js'
import { redactStrings } from '../observability/redact.js'
import type { RunMetrics } from '../observability/run-metrics.js'
import type { ApiMode } from '../spotify/api-mode.js'
import type { TransformReport } from '../transform-stage/transform-partitions.js'

/** What started a run: a person, the demo, the daemon's schedule, its start, a retry, an object-created event, the reconcile sweep, an import. */
export type RunTrigger = 'manual' | 'demo' | 'scheduled' | 'startup' | 'retry' | 'event' | 'sweep' | 'import'

/** `running` until the run ends; `interrupted` when it was stopped (signal) or its process died. */
export type RunOutcome = 'running' | 'succeeded' | 'partial' | 'failed' | 'interrupted'

/** The extraction's report without the key list (empty counts when the extraction never ran). */
export type ExtractSummary = Partial<Omit<ExtractReport, 'rawKeys'>> &
  Pick<ExtractReport, 'requests' | 'retries' | 'entries' | 'failures'> & { raw_objects: number }

/**
 * One run in the ledger (`_runs/<run-id>.json`): written when the run starts (`running`) and
 * again when it ends, so a run whose process died is still on record.
 */
export interface RunRecord {
  run_id: string
  trigger: RunTrigger
  /** The lease owner the run acted under (absent for runs without a lease: the demo). */
  owner?: string
  /** The snapshot date a full run extracted. */
  snapshot_date?: string
  /** The schedule slot a scheduled run (or its retry) stands for. */
  scheduled_for?: string
  attempt?: number
  started_at: string
  ended_at: string | null
  outcome: RunOutcome
  synthetic: boolean
  api_mode: ApiMode | null
  extract?: ExtractSummary
  transform?: TransformReport
  /** The enrichment's report, or why it did not run (a run with enrichment on). */
  enrich?: EnrichReport | { skipped: string }
  crawl?: CrawlReport
  metrics: RunMetrics
  errors: string[]
  /** When a rate limit or quota stopped the run: when Spotify said to try again. */
  resume_at?: string
}

/** The run was stopped on request (SIGINT, SIGTERM) after finishing the object in hand. */
export class RunInterruptedError extends TunelakeError {
  readonly kind = 'transient'
}

/** Writes the record, secrets removed from every text in it (errors may quote a server's answer). */
export async function writeRunRecord(store: ObjectStore, record: RunRecord): Promise<void> {
  await putJson(store, runRecordKey(record.run_id), redactStrings(record))
}

/** The newest `limit` run records, newest first (run ids sort by start time). */
export async function readRunRecords(store: ObjectStore, limit = 20): Promise<RunRecord[]> {
  const keys = (await listAll(store, RUNS_PREFIX))
    .map((info) => info.key)
    .filter((key) => key.endsWith('.json') && !key.slice(RUNS_PREFIX.length).includes('/'))
    .sort()
  const records: RunRecord[] = []
  for (const key of keys.slice(-limit).reverse()) {
    try {
      records.push(JSON.parse(await getText(store, key)) as RunRecord)
    } catch {
      // An unreadable record is skipped; the rest of the ledger still tells its story.
    }
  }
  return records
}

/**
 * Marks the records still `running` under a lease owner as `interrupted`: call it holding the
 * lease, when no run of another process can be under way. Returns the records it changed.
 */
export async function markInterrupted(
  store: ObjectStore,
  records: readonly RunRecord[],
): Promise<RunRecord[]> {
  const changed: RunRecord[] = []
  for (const record of records) {
    if (record.outcome !== 'running' || record.owner === undefined) continue
    const updated: RunRecord = {
      ...record,
      outcome: 'interrupted',
      errors: [...record.errors, 'the process ended before the run finished (killed or crashed)'],
    }
    await writeRunRecord(store, updated)
    changed.push(updated)
  }
  return changed
}

/** The outcome of a finished run. */
export function outcomeOf(failure: unknown, errors: readonly string[]): RunOutcome {
  if (failure instanceof RunInterruptedError) return 'interrupted'
  if (failure !== undefined) return 'failed'
  return errors.length > 0 ? 'partial' : 'succeeded'
}

/** Adds a failure's one-line message to the record's errors and notes a rate limit's resume time. */
export function noteFailure(record: RunRecord, failure: unknown): void {
  const { message, resumeAt } = verdictOf(failure)
  record.errors.push(message)
  if (resumeAt) record.resume_at = resumeAt.toISOString()
}
