import { parseRawKey, RAW_PREFIX, transformLedgerKey } from '../lake/layout.js'
import { getText, type ObjectInfo, type ObjectStore, putJson } from '../lake/object-store.js'

export interface LedgerEntry {
  etag: string
  status: 'transformed' | 'quarantined'
  reason?: string
}

/** Which raw objects of one snapshot date were transformed (or quarantined), into which outputs. */
export interface TransformLedger {
  snapshot_date: string
  transformed_at: string
  objects: Record<string, LedgerEntry>
  outputs: string[]
}

export async function readLedger(
  store: ObjectStore,
  snapshotDate: string,
): Promise<TransformLedger | undefined> {
  const key = transformLedgerKey(snapshotDate)
  if (!(await store.head(key))) return undefined
  try {
    return JSON.parse(await getText(store, key)) as TransformLedger
  } catch {
    return undefined // an unreadable ledger only means the date is transformed again
  }
}

export async function writeLedger(store: ObjectStore, ledger: TransformLedger): Promise<void> {
  await putJson(store, transformLedgerKey(ledger.snapshot_date), ledger)
}

/** Raw objects grouped by snapshot date. */
export async function rawObjectsByDate(store: ObjectStore): Promise<Map<string, ObjectInfo[]>> {
  const byDate = new Map<string, ObjectInfo[]>()
  for await (const object of store.list(RAW_PREFIX)) {
    const date =
      parseRawKey(object.key)?.snapshotDate ?? /snapshot_date=(\d{4}-\d{2}-\d{2})\//.exec(object.key)?.[1]
    if (!date) continue
    byDate.set(date, [...(byDate.get(date) ?? []), object])
  }
  return byDate
}

/** Snapshot dates holding a raw object the ledger lacks (or has under another eTag). */
export async function pendingDates(store: ObjectStore): Promise<string[]> {
  const pending: string[] = []
  for (const [date, objects] of await rawObjectsByDate(store)) {
    const ledger = await readLedger(store, date)
    if (!ledger || objects.some((o) => ledger.objects[o.key]?.etag !== o.etag)) pending.push(date)
  }
  return pending.sort()
}
