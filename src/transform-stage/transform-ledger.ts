import { parseRawKey, RAW_PREFIX, rawDatePrefixes, transformLedgerKey } from '../lake/layout.js'
import { getText, type ObjectInfo, type ObjectStore, putJson } from '../lake/object-store.js'
import { isCurrentLayout } from './transform-outputs.js'

export interface LedgerEntry {
  etag: string
  status: 'transformed' | 'quarantined'
  reason?: string
}

/**
 * Which raw objects (key and eTag) of one snapshot date were transformed or quarantined, and the
 * outputs they were transformed into. A partition is rebuilt from all its raw objects, so every
 * transformed object of the date fed every output listed. Written after the outputs: a crash
 * before it leaves the date pending.
 */
export interface TransformLedger {
  snapshot_date: string
  transformed_at: string
  objects: Record<string, LedgerEntry>
  outputs: string[]
}

/** The group of raw objects whose key names no snapshot date: quarantined, never in a table. */
export const UNDATED = 'undated'

export async function readLedger(
  store: ObjectStore,
  snapshotDate: string,
): Promise<TransformLedger | undefined> {
  const key = transformLedgerKey(snapshotDate)
  if (!(await store.head(key))) return undefined
  try {
    const ledger = JSON.parse(await getText(store, key)) as TransformLedger
    return typeof ledger.objects === 'object' && ledger.objects !== null ? ledger : undefined
  } catch {
    return undefined // an unreadable ledger only means the date is transformed again
  }
}

export async function writeLedger(store: ObjectStore, ledger: TransformLedger): Promise<void> {
  await putJson(store, transformLedgerKey(ledger.snapshot_date), ledger)
}

/** The snapshot date a raw key belongs to, from its `snapshot_date=` folder, or `UNDATED`. */
export function rawKeyDate(key: string): string {
  return parseRawKey(key)?.snapshotDate ?? /\/snapshot_date=(\d{4}-\d{2}-\d{2})\//.exec(key)?.[1] ?? UNDATED
}

/** Raw objects grouped by snapshot date (keys in order within each). */
export async function rawObjectsByDate(store: ObjectStore): Promise<Map<string, ObjectInfo[]>> {
  const byDate = new Map<string, ObjectInfo[]>()
  for await (const object of store.list(RAW_PREFIX)) {
    const date = rawKeyDate(object.key)
    const group = byDate.get(date)
    if (group) group.push(object)
    else byDate.set(date, [object])
  }
  return byDate
}

/**
 * All raw objects of one date, listed by its folders (each source's, plus the folder of any key
 * in `named`, in case a writer used a source this version does not know), without listing the
 * rest of the raw zone. Undated keys are found only by listing the whole raw zone.
 */
export async function rawObjectsOfDate(
  store: ObjectStore,
  date: string,
  named: readonly string[] = [],
): Promise<ObjectInfo[]> {
  if (date === UNDATED) return (await rawObjectsByDate(store)).get(UNDATED) ?? []
  const marker = `/snapshot_date=${date}/`
  const prefixes = new Set(rawDatePrefixes(date))
  for (const key of named)
    if (key.includes(marker)) prefixes.add(key.slice(0, key.indexOf(marker) + marker.length))
  const found = new Map<string, ObjectInfo>()
  for (const prefix of prefixes) for await (const info of store.list(prefix)) found.set(info.key, info)
  return [...found.values()].sort((a, b) => (a.key < b.key ? -1 : 1))
}

/**
 * True when the ledger holds exactly these objects with these eTags (none new, changed or gone)
 * and its outputs are of the current layout (a date whose `plays` went to the earlier
 * `played_date=` partitions is rebuilt).
 */
export function ledgerCovers(ledger: TransformLedger | undefined, objects: readonly ObjectInfo[]): boolean {
  if (!ledger) return objects.length === 0
  if (!ledger.outputs.every(isCurrentLayout)) return false
  if (Object.keys(ledger.objects).length !== objects.length) return false
  return objects.every((o) => ledger.objects[o.key]?.etag === o.etag)
}

/** The raw objects the ledger lacks (new, or with another eTag), by snapshot date. */
export async function pendingObjects(
  store: ObjectStore,
  byDate?: Map<string, ObjectInfo[]>,
): Promise<Map<string, ObjectInfo[]>> {
  const pending = new Map<string, ObjectInfo[]>()
  for (const [date, objects] of byDate ?? (await rawObjectsByDate(store))) {
    const ledger = await readLedger(store, date)
    if (ledgerCovers(ledger, objects)) continue
    const lacking = objects.filter((o) => ledger?.objects[o.key]?.etag !== o.etag)
    pending.set(date, lacking) // may be empty: an object of the ledger is gone, the date is rebuilt
  }
  return pending
}

/** Snapshot dates holding a raw object the ledger lacks (or has under another eTag, or no longer). */
export async function pendingDates(store: ObjectStore): Promise<string[]> {
  return [...(await pendingObjects(store)).keys()].sort()
}
