import type { SQSBatchResponse, SQSEvent } from 'aws-lambda'
import type { Catalog } from '../catalog/catalog.js'
import type { Clock } from '../clock.js'
import { oneLine, verdictOf } from '../errors.js'
import { OPEN_MUSIC_RAW_PREFIX, RAW_PREFIX, TRANSFORMED_PREFIX } from '../lake/layout.js'
import type { ObjectStore } from '../lake/object-store.js'
import type { LakeHold } from '../lease/lease-keeper.js'
import type { Logger } from '../observability/logger.js'
import { type DateOutcome, runTransform, type TransformRun } from '../pipeline/run-transform.js'
import { readOpenMusicLedger } from '../transform-stage/open-music-stage.js'
import { rawKeyDate, readLedger } from '../transform-stage/transform-ledger.js'
import type { GlueCrawler } from './glue-crawler.js'
import { queuedObjects } from './queued-objects.js'

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
   * cannot get it comes back later (its messages are returned as failures).
   */
  lease?: LakeHold
  log: Logger
  clock?: Clock
  /** The invocation's run id: its logs', its metrics' and its run record's. */
  runId?: string
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
  /** Messages SQS delivers again (a transient failure, a message it may yet read in the DLQ). */
  failed: { messageIds: string[]; reason: string }[]
  /** Messages of dates that failed for good (terminal): not redelivered, recorded in the run ledger. */
  dropped: { messageIds: string[]; reason: string }[]
}

/** Rebuilds of one date before the handler lets the next event pick up what is still arriving. */
const MAX_REBUILDS = 3

/**
 * The transform function's translation of one SQS batch of S3 notifications to the transform
 * use case and back, as Powertools' `processPartialResponse` does: the raw objects the messages
 * name go to `runTransform` (which takes the lease, rebuilds each named date unless its ledger
 * covers it, and records the run); each date's outcome goes back to its messages. A date that
 * failed transiently returns its messages in `batchItemFailures` (SQS delivers them again); one
 * that failed for good (access denied, say) does not, so it is not retried until the dead-letter
 * queue: the run record says why. A partition the catalog lacks starts the crawler; if a crawl is
 * already running its messages are retried later.
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
    // A message that is not an S3 notification goes to the dead-letter queue, not into silence.
    failed: batch.malformed.map((m) => ({ messageIds: [m.messageId], reason: m.reason })),
    dropped: [],
  }
  const messagesOf = new Map<string, Set<string>>()
  for (const object of batch.objects) {
    const ours = object.bucket === job.rawBucket && object.eventName.startsWith('ObjectCreated:')
    if (!ours || !(object.key.startsWith(RAW_PREFIX) || object.key.startsWith(OPEN_MUSIC_RAW_PREFIX))) {
      summary.ignored++
      continue
    }
    const date = groupOf(object.key)
    messagesOf.set(date, (messagesOf.get(date) ?? new Set()).add(object.messageId))
  }
  const rawKeys = batch.objects.filter((o) => messagesOf.has(groupOf(o.key))).map((o) => o.key)
  const outcomes =
    rawKeys.length === 0 ? [] : await transformed(job, rawKeys, [...messagesOf.keys()], summary)
  // The open-data tables are rebuilt by any run that did not fail as a whole (runTransform ends with them).
  if (messagesOf.has(OPEN_MUSIC) && !outcomes.some((o) => o.date === OPEN_MUSIC)) {
    outcomes.push({ date: OPEN_MUSIC, status: 'transformed' })
  }
  const settled: { date: string; messageIds: string[] }[] = []
  for (const outcome of outcomes) {
    const messageIds = [...(messagesOf.get(outcome.date) ?? [])]
    if (outcome.status !== 'failed') {
      settled.push({ date: outcome.date, messageIds })
      continue
    }
    const { kind, message } = verdictOf(outcome.error)
    const failure = { messageIds, reason: `snapshot ${outcome.date}: ${message}` }
    summary[kind === 'transient' ? 'failed' : 'dropped'].push(failure)
    job.log.error('transform failed', {
      snapshot_date: outcome.date,
      messages: messageIds.length,
      err: outcome.error,
    })
  }
  await crawlIfNeeded(job, settled, summary)
  const failedIds = [...new Set(summary.failed.flatMap((f) => f.messageIds))]
  const response: SQSBatchResponse = {
    batchItemFailures: failedIds.map((itemIdentifier) => ({ itemIdentifier })),
  }
  return { response, summary }
}

/** The use case on the batch's raw objects; an error before any date was tried fails them all. */
async function transformed(
  job: TransformJob,
  rawKeys: string[],
  dates: string[],
  summary: TransformSummary,
): Promise<DateOutcome[]> {
  let run: TransformRun
  try {
    run = await runTransform({
      store: job.store,
      trigger: 'event',
      select: { rawKeys },
      rounds: MAX_REBUILDS,
      workers: 1,
      logger: job.log,
      emitMetrics: false,
      ...(job.lease ? { lease: job.lease } : {}),
      ...(job.clock ? { clock: job.clock } : {}),
      ...(job.runId ? { runId: job.runId } : {}),
    })
  } catch (error) {
    return dates.map((date) => ({ date, status: 'failed', error }))
  }
  const { report } = run
  summary.transformed = run.dates.filter((d) => d.status === 'transformed').map((d) => d.date)
  summary.upToDate = run.dates.filter((d) => d.status === 'up-to-date').map((d) => d.date)
  summary.objects = report.transformed
  summary.quarantined = report.quarantined.length
  summary.rows = Object.values(report.rows).reduce((sum, n) => sum + (n ?? 0), 0)
  return run.dates
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
    const tables = new Map<string, Promise<CatalogTable | undefined>>()
    const tableOf = (name: string) => {
      if (!tables.has(name)) tables.set(name, catalog.getTable(database, name))
      return tables.get(name)!
    }
    for (const entry of settled) {
      // Each partition the rebuild wrote (a snapshot's, or the days of the plays it holds): the crawl makes the new ones.
      const ledger =
        entry.date === OPEN_MUSIC
          ? await readOpenMusicLedger(job.store)
          : await readLedger(job.store, entry.date)
      const written = writtenPartitions(ledger?.outputs ?? [])
      for (const partition of written) {
        if (hasPartition(await tableOf(partition.table), partition)) continue
        missing.push(entry)
        break
      }
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

/** The group of the enrichment's answers (raw/open-music/): they feed the open-data tables, not a snapshot date. */
const OPEN_MUSIC = 'open-music'

/** The snapshot date a raw object's messages settle with, or the open-data group. */
function groupOf(key: string): string {
  return key.startsWith(OPEN_MUSIC_RAW_PREFIX) ? OPEN_MUSIC : rawKeyDate(key)
}

type CatalogTable = Awaited<ReturnType<Catalog['getTable']>>

interface WrittenPartition {
  table: string
  /** The partition column (`snapshot_date`, or `played_date` for plays) and its value. */
  key: string
  value: string
}

/** The table partitions a date's rebuild wrote, from its output keys (`transformed/<table>/<key>=<value>/...`). */
function writtenPartitions(outputs: readonly string[]): WrittenPartition[] {
  const written = new Map<string, WrittenPartition>()
  for (const output of outputs) {
    const [table, folder] = output.slice(TRANSFORMED_PREFIX.length).split('/')
    const match = folder ? /^([^=]+)=(.+)$/.exec(folder) : null
    if (table && match) written.set(`${table}/${folder}`, { table, key: match[1]!, value: match[2]! })
  }
  return [...written.values()]
}

/** Whether the catalog's table has the partition (no table yet: it has none). */
function hasPartition(doc: CatalogTable, partition: WrittenPartition): boolean {
  const index = doc?.table.PartitionKeys.findIndex((key) => key.Name === partition.key) ?? -1
  return index >= 0 && doc!.partitions.some((p) => p.Values[index] === partition.value)
}
