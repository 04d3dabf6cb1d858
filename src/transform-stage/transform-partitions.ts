import pLimit from 'p-limit'
import { quarantineKeys } from '../lake/layout.js'
import { type ObjectInfo, type ObjectStore, putJson } from '../lake/object-store.js'
import { writeParquet } from '../lake/parquet/parquet-writer.js'
import type { OpenMusicTableName } from '../open-music-tables/open-music-table-specs.js'
import { buildTables, type EnvelopeContent } from '../transform/index.js'
import { TABLE_SPECS, type TableName } from '../transform/table-specs.js'
import { type LedgerEntry, rawObjectsByDate, readLedger, UNDATED, writeLedger } from './transform-ledger.js'
import { planOutputs } from './transform-outputs.js'
import { RawReadPool, readWith } from './transform-pool.js'
import { LedgerIndex, sharedOutputs } from './transform-shared-partitions.js'

export interface TransformReport {
  dates: string[]
  /** Raw objects read: `transformed + quarantined.length`. */
  objects: number
  transformed: number
  quarantined: { key: string; reason: string }[]
  rows: Partial<Record<TableName | OpenMusicTableName, number>>
  nullItems: number
  /** Raw megabytes read. */
  bytes: number
}

export interface TransformOptions {
  /** Raw objects grouped by date, when the caller has listed them already. */
  byDate?: Map<string, ObjectInfo[]>
  /** Worker threads for parsing (default: the cores, at most 4; 1 parses on this thread). */
  workers?: number
  /** Called after each date is written. */
  onDate?: (date: string, report: TransformReport) => void
}

interface DateRead {
  date: string
  objects: ObjectInfo[]
  contents: EnvelopeContent[]
  entries: Record<string, LedgerEntry>
  failures: { object: ObjectInfo; reason: string }[]
}

/**
 * Rebuilds the given snapshot-date partitions of every table from all raw objects of those dates
 * (dimension tables are deduplicated across a date's objects, and the latest complete run of each
 * playlist wins, so a partition is the unit of work). Each output has a name derived from its
 * partition and is written whole (temp and rename, or one PUT), so a replay overwrites instead of
 * duplicating; the ledger is written last, so a crash before it leaves the date pending. A
 * partition of a table partitioned by another column (`plays` by `played_month`) is shared by the
 * dates that reach it and rebuilt from all of them (transform-shared-partitions.ts). Bad raw
 * objects are copied to quarantine/ with the reason; the raw zone is never changed. Objects are
 * parsed on worker threads while the previous date's tables are written.
 */
export async function transformDates(
  store: ObjectStore,
  dates: readonly string[],
  options: TransformOptions = {},
): Promise<TransformReport> {
  const report: TransformReport = {
    dates: [...dates],
    objects: 0,
    transformed: 0,
    quarantined: [],
    rows: {},
    nullItems: 0,
    bytes: 0,
  }
  const byDate = options.byDate ?? (await rawObjectsByDate(store))
  const expectedBytes = dates.reduce(
    (sum, d) => sum + (byDate.get(d) ?? []).reduce((s, o) => s + o.size, 0),
    0,
  )
  const pool = RawReadPool.open({ size: options.workers, expectedBytes })
  const index = new LedgerIndex(store)
  try {
    let next =
      dates[0] === undefined ? undefined : readDate(store, dates[0], byDate.get(dates[0]) ?? [], pool)
    for (let i = 0; i < dates.length; i++) {
      const read = await next!
      const following = dates[i + 1]
      next =
        following === undefined ? undefined : readDate(store, following, byDate.get(following) ?? [], pool)
      next?.catch(() => {}) // awaited in the next turn; keeps an early failure from going unhandled
      await writeDate(store, read, report, index)
      options.onDate?.(read.date, report)
    }
  } finally {
    await pool?.close()
  }
  return report
}

async function readDate(
  store: ObjectStore,
  date: string,
  objects: ObjectInfo[],
  pool: RawReadPool | undefined,
): Promise<DateRead> {
  const read: DateRead = { date, objects, contents: [], entries: {}, failures: [] }
  const limit = pLimit(8)
  await Promise.all(
    objects.map((object) =>
      limit(async () => {
        const result =
          date === UNDATED
            ? { ok: false as const, reason: undatedReason(object.key) }
            : await readWith(pool, await store.get(object.key), date)
        if (result.ok) {
          read.contents.push(result.content)
          read.entries[object.key] = { etag: object.etag, status: 'transformed' }
        } else {
          read.failures.push({ object, reason: result.reason })
          read.entries[object.key] = { etag: object.etag, status: 'quarantined', reason: result.reason }
        }
      }),
    ),
  )
  return read
}

async function writeDate(
  store: ObjectStore,
  read: DateRead,
  report: TransformReport,
  index: LedgerIndex,
): Promise<void> {
  const { date, contents, failures } = read
  for (const { object, reason } of failures.sort((a, b) => (a.object.key < b.object.key ? -1 : 1))) {
    await quarantine(store, object, reason)
    report.quarantined.push({ key: object.key, reason })
  }
  const previous = (await readLedger(store, date))?.outputs ?? []
  const { tables, stats } = buildTables(contents)
  report.nullItems += stats.nullItems
  const written: string[] = []
  const outputs: string[] = []
  const replaced: string[] = []
  // An imported month (streaming_history) feeds plays only: no snapshot of the other tables.
  const snapshotContents = contents.filter((c) => c.source !== 'streaming_history').length
  let events: Awaited<ReturnType<typeof sharedOutputs>>['events'] = []
  for (const spec of TABLE_SPECS) {
    const rows = tables[spec.name]
    if (contents.length > 0) report.rows[spec.name] = (report.rows[spec.name] ?? 0) + rows.length
    if (spec.partitionedBy) {
      const shared = await sharedOutputs(spec, date, contents, previous, index)
      for (const output of shared.planned) {
        await store.put(output.key, await writeParquet(output.spec, output.rows))
        written.push(output.key)
      }
      outputs.push(...shared.own)
      replaced.push(...shared.replaced)
      events = shared.events
    } else if (snapshotContents > 0) {
      for (const output of planOutputs(spec, rows, date)) {
        await store.put(output.key, await writeParquet(output.spec, output.rows))
        written.push(output.key)
        outputs.push(output.key)
      }
    }
  }
  // Outputs of an earlier build that this one no longer has (a partition no row reaches now, or
  // nothing readable left, or a file of the earlier one-file-per-snapshot-date layout of a shared
  // partition) would be stale: they go before the ledger is written.
  const kept = new Set(written)
  for (const key of [...previous, ...replaced]) if (!kept.has(key)) await store.delete(key)
  report.objects += read.objects.length
  report.transformed += contents.length
  report.bytes += read.objects.reduce((sum, o) => sum + o.size, 0)
  const ledger = {
    snapshot_date: date,
    transformed_at: new Date().toISOString(),
    objects: read.entries,
    outputs,
  }
  await writeLedger(store, ledger)
  await index.set(ledger, events)
}

/** A raw object that cannot be read, copied to quarantine/ beside a file saying why (the raw zone is left as it is). */
export async function quarantine(store: ObjectStore, object: ObjectInfo, reason: string): Promise<void> {
  const keys = quarantineKeys(object.key)
  await store.put(keys.copy, await store.get(object.key))
  await putJson(store, keys.reason, {
    key: object.key,
    etag: object.etag,
    reason,
    quarantined_at: new Date().toISOString(),
  })
}

function undatedReason(key: string): string {
  return `its key ${key} is not raw/spotify/<source>/snapshot_date=YYYY-MM-DD/...: its partition is unknown`
}
