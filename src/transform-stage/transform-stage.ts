import type { ObjectInfo, ObjectStore } from '../lake/object-store.js'
import { type Logger, silentLogger } from '../observability/logger.js'
import type { OnProgress } from '../observability/progress.js'
import { type TransformReport, transformDates } from './transform-partitions.js'

export interface StageResult {
  /** What the dates that were written hold (`dates`: those dates). */
  report: TransformReport
  /** Dates that failed, each with why; the dates after one went on. */
  failed: { date: string; error: unknown }[]
  /** Set when `signal` stopped the stage: the dates not written are neither done nor failed. */
  stopped?: unknown
}

/**
 * Transforms the given snapshot dates, reporting progress in raw objects after each date. A date
 * fails alone: its error is kept and the stage goes on with the next date, so one bad date
 * holds no other back. A stop request (`signal`) ends the stage after the date in hand, whose
 * partition files and ledger are then written whole.
 */
export async function transformStage(
  store: ObjectStore,
  dates: readonly string[],
  options: {
    /** The raw objects by date, listed already. */
    byDate: Map<string, ObjectInfo[]>
    signal?: AbortSignal
    onProgress?: OnProgress
    logger?: Logger
    workers?: number
  },
): Promise<StageResult> {
  const log = options.logger ?? silentLogger
  const { byDate, signal } = options
  const count = (date: string) => byDate.get(date)?.length ?? 0
  const total = dates.reduce((sum, date) => sum + count(date), 0)
  const result: StageResult = { report: emptyTransformReport(), failed: [] }
  let done = 0
  options.onProgress?.({ stage: 'transform', done, total, unit: 'raw objects' })
  let remaining = [...dates]
  while (remaining.length > 0 && result.stopped === undefined) {
    const finished = new Set<string>()
    const base = result.report
    try {
      await transformDates(store, remaining, {
        byDate,
        ...(options.workers ? { workers: options.workers } : {}),
        onDate: (date, cumulative) => {
          finished.add(date)
          const before = result.report.quarantined.length
          result.report = { ...sumReports(base, cumulative), dates: [...base.dates, ...finished] }
          done += count(date)
          options.onProgress?.({ stage: 'transform', done, total, unit: 'raw objects' })
          log.info('snapshot date transformed', { snapshot_date: date, raw_objects: count(date) })
          for (const q of result.report.quarantined.slice(before)) {
            log.warn('raw object quarantined', { key: q.key, reason: q.reason })
          }
          // Thrown here, between two dates, the stop leaves every written date whole.
          if (signal?.aborted) throw new StopRequested()
        },
      })
      remaining = []
    } catch (error) {
      const at = remaining.findIndex((date) => !finished.has(date))
      if (error instanceof StopRequested || signal?.aborted) {
        result.stopped = signal?.reason ?? error
      } else {
        const date = remaining[at]!
        result.failed.push({ date, error })
        log.error('snapshot date failed', { snapshot_date: date, err: error })
      }
      remaining = at < 0 ? [] : remaining.slice(at + 1)
    }
  }
  return result
}

/** Two reports added up (a date in both counts once among the dates). */
export function sumReports(a: TransformReport, b: TransformReport): TransformReport {
  const rows = { ...a.rows }
  for (const [table, n] of Object.entries(b.rows) as [keyof typeof rows, number][])
    rows[table] = (rows[table] ?? 0) + n
  return {
    dates: [...new Set([...a.dates, ...b.dates])],
    objects: a.objects + b.objects,
    transformed: a.transformed + b.transformed,
    quarantined: [...a.quarantined, ...b.quarantined],
    rows,
    nullItems: a.nullItems + b.nullItems,
    bytes: a.bytes + b.bytes,
  }
}

export function emptyTransformReport(): TransformReport {
  return { dates: [], objects: 0, transformed: 0, quarantined: [], rows: {}, nullItems: 0, bytes: 0 }
}

/** Thrown from `onDate` to end `transformDates` between two dates; caught above. */
class StopRequested extends Error {}
