import type { SQSBatchResponse, SQSEvent } from 'aws-lambda'
import type { Catalog } from '../catalog/catalog.js'
import type { Clock } from '../clock.js'
import { oneLine } from '../errors.js'
import { RAW_PREFIX, rawDatePrefixes, TRANSFORMED_PREFIX } from '../lake/layout.js'
import type { ObjectInfo, ObjectStore } from '../lake/object-store.js'
import { describeHolder, type Lease } from '../lease/lease.js'
import { acquireLease, keepRenewed } from '../lease/lease-keeper.js'
import type { Logger } from '../observability/logger.js'
import { PARTITION_KEY } from '../transform/table-specs.js'
import {
  ledgerCovers,
  rawKeyDate,
  rawObjectsByDate,
  readLedger,
  UNDATED,
} from '../transform-stage/transform-ledger.js'
import { transformDates } from '../transform-stage/transform-partitions.js'
import type { GlueCrawler } from './glue-crawler.js'
import { type QueuedObject, queuedObjects } from './queued-objects.js'

export interface TransformJob {
  /** The lake: `raw/` in the raw bucket, everything else in the transformed bucket. */
  store: ObjectStore
  /** Records about other buckets are not this lake's. */
  rawBucket: string
  /** Started when a rebuilt snapshot is not in the catalog yet; absent: no crawl. */
  crawler?: GlueCrawler
  /** The catalog the crawler writes (Glue), read to see which snapshots it has. */
  catalog?: Pick<Catalog, 'getTable'>
  database?: string
  /**
   * The lake's lease, held while dates are rebuilt: two batches rebuilding at once could each
   * write a partition from a different set of raw objects, the older set last. A batch that
   * cannot get it within `waitMs` comes back later (its messages are returned as failures).
   */
  lease?: { lease: Lease; lake: string; waitMs: number; clock: Clock }
  log: Logger
}

export interface TransformSummary {
  records: number
  ignored: number
  testEvents: number
  /** Snapshot dates rebuilt. */
  transformed: string[]
  /** Dates whose ledger already held every raw object: duplicate or late deliveries. */
  upToDate: string[]
  objects: number
  quarantined: number
  rows: number
  crawl: 'started' | 'not needed' | 'busy' | 'no crawler'
  failed: { messageIds: string[]; reason: string }[]
}

/** Rebuilds of one date before the handler lets the next event pick up what is still arriving. */
const MAX_REBUILDS = 3

/**
 * The transform for one SQS batch of S3 notifications: each record names a raw object; its
 * snapshot date is rebuilt from all of that date's raw objects (once per batch however many
 * records name it), unless the ledger already covers every one of them, so duplicate and
 * reordered deliveries change nothing. Dates fail alone: their messages come back in
 * `batchItemFailures` (SQS redelivers them; the others are deleted). A date the catalog lacks
 * starts the crawler; if a crawl is already running its messages are retried later.
 */
export async function transformQueued(job: TransformJob, event: Pick<SQSEvent, 'Records'>) {
  const batch = queuedObjects(event)
  const summary: TransformSummary = {
    records: batch.objects.length,
    ignored: 0,
    testEvents: batch.testEvents.length,
    transformed: [],
    upToDate: [],
    objects: 0,
    quarantined: 0,
    rows: 0,
    crawl: job.crawler ? 'not needed' : 'no crawler',
    failed: batch.malformed.map((m) => ({ messageIds: [m.messageId], reason: m.reason })),
  }
  const byDate = new Map<string, QueuedObject[]>()
  for (const object of batch.objects) {
    if (
      object.bucket !== job.rawBucket ||
      !object.key.startsWith(RAW_PREFIX) ||
      !object.eventName.startsWith('ObjectCreated:')
    ) {
      summary.ignored++
      continue
    }
    const date = rawKeyDate(object.key)
    byDate.set(date, [...(byDate.get(date) ?? []), object])
  }
  const settled: { date: string; messageIds: string[] }[] = []
  // Nothing to rebuild (test events, other buckets) needs no lease.
  const held = await holdLease(byDate.size > 0 ? job.lease : undefined, job.log)
  try {
    for (const [date, objects] of [...byDate].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const messageIds = [...new Set(objects.map((o) => o.messageId))]
      try {
        const lost = held.lost()
        if (lost !== undefined) throw lost
        await rebuild(job, date, objects, summary)
        settled.push({ date, messageIds })
      } catch (error) {
        summary.failed.push({ messageIds, reason: `snapshot ${date}: ${oneLine(error)}` })
        job.log.error('transform failed', { snapshot_date: date, messages: messageIds.length, err: error })
      }
    }
  } finally {
    await held.release()
  }
  await crawlIfNeeded(job, settled, summary)
  const failedIds = [...new Set(summary.failed.flatMap((f) => f.messageIds))]
  const response: SQSBatchResponse = {
    batchItemFailures: failedIds.map((itemIdentifier) => ({ itemIdentifier })),
  }
  return { response, summary }
}

/**
 * Takes the lake's lease (when there is one to take) and keeps it renewed; `lost` says why the work
 * must stop (the lease could not be taken, or another process took it over), else undefined.
 */
async function holdLease(
  held: TransformJob['lease'],
  log: Logger,
): Promise<{ lost: () => unknown; release: () => Promise<void> }> {
  if (!held) return { lost: () => undefined, release: async () => {} }
  try {
    await acquireLease(held.lease, held.lake, {
      waitMs: held.waitMs,
      clock: held.clock,
      advice: 'the batch comes back on redelivery',
      onWait: (holder) =>
        log.info('waiting for the lake lease', {
          holder: describeHolder(holder),
          until: holder.expires_at,
        }),
    })
  } catch (error) {
    return { lost: () => error, release: async () => {} }
  }
  let lost: unknown
  const stop = keepRenewed(held.lease, held.clock, (error) => {
    lost = error
  })
  return {
    lost: () => lost,
    release: async () => {
      stop()
      await held.lease.release()
    },
  }
}

async function rebuild(job: TransformJob, date: string, named: QueuedObject[], summary: TransformSummary) {
  for (let round = 1; round <= MAX_REBUILDS; round++) {
    const objects = await rawObjectsOf(job.store, date, named)
    if (ledgerCovers(await readLedger(job.store, date), objects)) {
      if (round === 1) summary.upToDate.push(date)
      return
    }
    const report = await transformDates(job.store, [date], { byDate: new Map([[date, objects]]), workers: 1 })
    if (round === 1) summary.transformed.push(date)
    summary.objects += report.transformed
    summary.quarantined += report.quarantined.length
    summary.rows += Object.values(report.rows).reduce((sum, n) => sum + (n ?? 0), 0)
    job.log.info('snapshot rebuilt', {
      snapshot_date: date,
      round,
      transformed: report.transformed,
      quarantined: report.quarantined.length,
    })
  }
  // Raw objects kept arriving while it was rebuilt: their own notifications rebuild it again.
}

/** All raw objects of a date: the known source folders, plus any folder a record names. */
async function rawObjectsOf(store: ObjectStore, date: string, named: QueuedObject[]): Promise<ObjectInfo[]> {
  if (date === UNDATED) return (await rawObjectsByDate(store)).get(UNDATED) ?? []
  const marker = `/snapshot_date=${date}/`
  const prefixes = new Set(rawDatePrefixes(date))
  for (const { key } of named) prefixes.add(key.slice(0, key.indexOf(marker) + marker.length))
  const found = new Map<string, ObjectInfo>()
  for (const prefix of prefixes) for await (const info of store.list(prefix)) found.set(info.key, info)
  return [...found.values()].sort((a, b) => (a.key < b.key ? -1 : 1))
}

async function crawlIfNeeded(
  job: TransformJob,
  settled: { date: string; messageIds: string[] }[],
  summary: TransformSummary,
): Promise<void> {
  const { crawler, catalog, database } = job
  if (!crawler || !catalog || !database) return
  const missing: typeof settled = []
  try {
    for (const entry of settled) {
      // A table the rebuild wrote a `snapshot_date=` partition of: the crawl makes that partition.
      const table = (await readLedger(job.store, entry.date))?.outputs
        .filter((key) => key.includes(`/${PARTITION_KEY}=${entry.date}/`))
        .map((key) => key.slice(TRANSFORMED_PREFIX.length).split('/')[0])
        .find((name) => name)
      if (table && !(await hasPartition(catalog, database, table, entry.date))) missing.push(entry)
    }
    if (missing.length === 0) return
    summary.crawl = await crawler.start().then((state) => (state === 'started' ? 'started' : 'busy'))
    job.log.info(summary.crawl === 'started' ? 'crawler started' : 'crawler busy, retrying later', {
      crawler: crawler.name,
      snapshot_dates: missing.map((m) => m.date),
    })
    if (summary.crawl === 'busy') {
      // A crawl that began before these partitions were written may miss them: come back later.
      summary.failed.push({
        messageIds: missing.flatMap((m) => m.messageIds),
        reason: `the crawler ${crawler.name} is running; the snapshots will be crawled on redelivery`,
      })
    }
  } catch (error) {
    job.log.error('crawler check failed', { crawler: crawler.name, err: error })
    const pending = missing.length > 0 ? missing : settled
    summary.failed.push({
      messageIds: pending.flatMap((m) => m.messageIds),
      reason: `crawler: ${oneLine(error)}`,
    })
  }
}

/** Whether the catalog's table has the snapshot's partition (no table yet: it has none). */
async function hasPartition(
  catalog: Pick<Catalog, 'getTable'>,
  database: string,
  table: string,
  date: string,
): Promise<boolean> {
  const doc = await catalog.getTable(database, table)
  const index = doc?.table.PartitionKeys.findIndex((key) => key.Name === PARTITION_KEY) ?? -1
  return index >= 0 && doc!.partitions.some((partition) => partition.Values[index] === date)
}
