import type { ObjectInfo, ObjectStore } from '../lake/object-store.js'
import { type Logger, silentLogger } from '../observability/logger.js'
import type { OnProgress } from '../observability/progress.js'
import { rawObjectsByDate } from './transform-ledger.js'
import { type TransformReport, transformDates } from './transform-partitions.js'

/**
 * Transforms the given snapshot dates, reporting progress in raw objects after each date. A
 * stop request (`signal`) ends the stage after the date in hand, whose partition files and
 * ledger are then written whole; the report says how far it got.
 */
export async function transformStage(
  store: ObjectStore,
  dates: readonly string[],
  options: {
    signal?: AbortSignal
    onProgress?: OnProgress
    logger?: Logger
    /** The raw objects by date, when the caller has listed them already. */
    byDate?: Map<string, ObjectInfo[]>
  } = {},
): Promise<{ report: TransformReport; interrupted: boolean }> {
  const log = options.logger ?? silentLogger
  const byDate = options.byDate ?? (await rawObjectsByDate(store))
  const count = (date: string) => byDate.get(date)?.length ?? 0
  const total = dates.reduce((sum, date) => sum + count(date), 0)
  let done = 0
  let quarantined = 0
  let sofar: TransformReport | undefined
  const finished: string[] = []
  options.onProgress?.({ stage: 'transform', done, total, unit: 'raw objects' })
  try {
    const report = await transformDates(store, dates, {
      byDate,
      onDate: (date, cumulative) => {
        sofar = cumulative
        finished.push(date)
        done += count(date)
        options.onProgress?.({ stage: 'transform', done, total, unit: 'raw objects' })
        const fresh = cumulative.quarantined.slice(quarantined)
        quarantined = cumulative.quarantined.length
        log.info('snapshot date transformed', { snapshot_date: date, raw_objects: count(date) })
        for (const q of fresh) log.warn('raw object quarantined', { key: q.key, reason: q.reason })
        // Thrown here, between two dates, the stop leaves every written date whole.
        if (options.signal?.aborted) throw new StopRequested()
      },
    })
    return { report, interrupted: false }
  } catch (error) {
    if (!(error instanceof StopRequested) || !sofar) throw error
    return { report: { ...sofar, dates: finished }, interrupted: true }
  }
}

/** Thrown from `onDate` to end `transformDates` between two dates; caught above. */
class StopRequested extends Error {}
