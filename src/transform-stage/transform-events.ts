import { eventLakeKey } from '../lake/lake-location.js'
import { RAW_PREFIX } from '../lake/layout.js'
import type { ObjectCreatedRecord } from '../lake/object-created.js'
import type { ObjectStore } from '../lake/object-store.js'
import { ledgerCovers, rawKeyDate, rawObjectsByDate, readLedger } from './transform-ledger.js'
import { type TransformOptions, type TransformReport, transformDates } from './transform-partitions.js'

/** An S3 event notification as S3 delivers it (to a Lambda, or through SQS): `Records` is absent on `s3:TestEvent`. */
export interface S3EventLike {
  Records?: readonly ObjectCreatedRecord[]
}

export interface EventTransformReport extends TransformReport {
  /** Records naming a raw object of this lake. */
  events: number
  /** Records about other objects (other buckets or prefixes, transformed outputs, the ledger...). */
  ignored: number
  /** Dates not rebuilt because the ledger already held every object there (duplicate or late events). */
  upToDate: string[]
}

/**
 * The transform triggered by object-created events, at least once and in any order: each record
 * names one raw object (its key URL-encoded as S3 sends it, decoded here exactly once), and the
 * snapshot-date partition it belongs to is rebuilt from all of that date's raw objects, once per
 * batch however many records name it. A date whose ledger already covers every raw object it holds
 * is left alone, so duplicate and out-of-order deliveries change nothing. Records about anything
 * but raw objects (the transform's own outputs, say) are ignored, so the transform cannot trigger
 * itself.
 *
 * @example
 * store.onObjectCreated((record) => queue.push(record))
 * await transformObjectsCreated(store, queue.splice(0))
 */
export async function transformObjectsCreated(
  store: ObjectStore,
  records: readonly ObjectCreatedRecord[],
  options: TransformOptions = {},
): Promise<EventTransformReport> {
  const named = new Set<string>()
  let events = 0
  for (const record of records) {
    if (!record.eventName?.startsWith('ObjectCreated:')) continue
    const key = eventLakeKey(store.location, record)
    if (key === undefined || !key.startsWith(RAW_PREFIX)) continue
    events++
    named.add(rawKeyDate(key))
  }
  const byDate = await rawObjectsByDate(store)
  const dates: string[] = []
  const upToDate: string[] = []
  for (const date of [...named].sort()) {
    const objects = byDate.get(date) ?? []
    if (ledgerCovers(await readLedger(store, date), objects)) upToDate.push(date)
    else dates.push(date)
  }
  const report = await transformDates(store, dates, { ...options, byDate })
  return { ...report, events, ignored: records.length - events, upToDate }
}

/** The same for an S3 event notification (what a Lambda receives); `s3:TestEvent` has no records. */
export function transformS3Event(
  store: ObjectStore,
  event: S3EventLike,
  options: TransformOptions = {},
): Promise<EventTransformReport> {
  return transformObjectsCreated(store, event.Records ?? [], options)
}
