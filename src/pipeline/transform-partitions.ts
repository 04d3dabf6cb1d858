import { oneLine } from '../errors.js'
import { quarantineKeys, transformedKey } from '../lake/layout.js'
import { type ObjectInfo, type ObjectStore, putJson } from '../lake/object-store.js'
import { writeParquet } from '../lake/parquet/parquet-writer.js'
import { buildTables, type EnvelopeContent, parseRawObject, readEnvelope } from '../transform/index.js'
import { TABLE_SPECS, type TableName } from '../transform/table-specs.js'
import { type LedgerEntry, rawObjectsByDate, writeLedger } from './transform-ledger.js'

export interface TransformReport {
  dates: string[]
  transformed: number
  quarantined: { key: string; reason: string }[]
  rows: Partial<Record<TableName, number>>
  nullItems: number
}

/**
 * Rebuilds the given snapshot-date partitions of every table from all raw objects of those
 * dates. Each output file is written whole (temp and rename, or one PUT) under a name derived
 * from the partition, so a replay overwrites instead of duplicating; the ledger is written last,
 * so a crash before it leaves the date pending. Bad raw objects are copied to quarantine/ with
 * the reason; the raw zone is never changed.
 */
export async function transformDates(store: ObjectStore, dates: readonly string[]): Promise<TransformReport> {
  const report: TransformReport = {
    dates: [...dates],
    transformed: 0,
    quarantined: [],
    rows: {},
    nullItems: 0,
  }
  const byDate = await rawObjectsByDate(store)
  for (const date of dates) {
    await transformDate(store, date, byDate.get(date) ?? [], report)
  }
  return report
}

async function transformDate(
  store: ObjectStore,
  date: string,
  objects: readonly ObjectInfo[],
  report: TransformReport,
): Promise<void> {
  const contents: EnvelopeContent[] = []
  const entries: Record<string, LedgerEntry> = {}
  for (const object of objects) {
    const bytes = await store.get(object.key)
    try {
      const envelope = parseRawObject(new TextDecoder().decode(bytes))
      if (envelope.snapshot_date !== date) {
        throw new Error(`its snapshot_date ${envelope.snapshot_date} does not match its folder (${date})`)
      }
      contents.push(readEnvelope(envelope))
      entries[object.key] = { etag: object.etag, status: 'transformed' }
    } catch (error) {
      const reason = oneLine(error)
      const keys = quarantineKeys(object.key)
      await store.put(keys.copy, bytes)
      await putJson(store, keys.reason, {
        key: object.key,
        etag: object.etag,
        reason,
        quarantined_at: new Date().toISOString(),
      })
      entries[object.key] = { etag: object.etag, status: 'quarantined', reason }
      report.quarantined.push({ key: object.key, reason })
    }
  }
  report.transformed += contents.length
  const outputs: string[] = []
  if (contents.length > 0) {
    const { tables, stats } = buildTables(contents)
    report.nullItems += stats.nullItems
    for (const spec of TABLE_SPECS) {
      const rows = tables[spec.name]
      const key = transformedKey(spec.name, date)
      await store.put(key, await writeParquet(spec, rows))
      outputs.push(key)
      report.rows[spec.name] = (report.rows[spec.name] ?? 0) + rows.length
    }
  }
  await writeLedger(store, {
    snapshot_date: date,
    transformed_at: new Date().toISOString(),
    objects: entries,
    outputs,
  })
}
