import { LakeObjectNotFoundError } from '../lake/errors.js'
import { RAW_PREFIX } from '../lake/layout.js'
import { listAll, type ObjectStore } from '../lake/object-store.js'
import { buildTables, type EnvelopeContent } from '../transform/index.js'
import { orderByKey } from '../transform/row-order.js'
import type { Row, TableSpec } from '../transform/table-specs.js'
import { readLedger, type TransformLedger } from './transform-ledger.js'
import {
  type PlannedOutput,
  partitionFolder,
  planOutputs,
  SHARED_PARTITION_FILE,
} from './transform-outputs.js'
import { readRawObject } from './transform-read.js'

/**
 * The raw sources whose objects can hold rows of a table partitioned by another column. A table
 * missing here is rebuilt from every raw object of the other dates: slower, still right.
 */
const SOURCES: Readonly<Record<string, readonly string[]>> = { plays: ['recently_played'] }

const LEDGER_PREFIX = '_state/transform-ledger/'
const LEDGER_DATE = /snapshot_date=([^/]+)\.json$/

/**
 * The ledgers of every snapshot date, read once per transform call and only when a shared
 * partition is rebuilt: they say which dates reach which partitions (their outputs) and from
 * which raw objects.
 */
export class LedgerIndex {
  #ledgers: Promise<Map<string, TransformLedger>> | undefined

  constructor(private readonly store: ObjectStore) {}

  all(): Promise<Map<string, TransformLedger>> {
    this.#ledgers ??= (async () => {
      const ledgers = new Map<string, TransformLedger>()
      for (const { key } of await listAll(this.store, LEDGER_PREFIX)) {
        const date = LEDGER_DATE.exec(key)?.[1]
        const ledger = date === undefined ? undefined : await readLedger(this.store, date)
        if (date !== undefined && ledger) ledgers.set(date, ledger)
      }
      return ledgers
    })()
    return this.#ledgers
  }

  /** A date was just written: its new ledger replaces the one read. */
  async set(ledger: TransformLedger): Promise<void> {
    if (this.#ledgers) (await this.#ledgers).set(ledger.snapshot_date, ledger)
  }
}

export interface SharedOutputs {
  /** One whole file per partition touched, holding every date's rows of it. */
  planned: PlannedOutput[]
  /** The planned keys this date's own rows reach: what its ledger lists. */
  own: string[]
  /** Files of the earlier layout (one per snapshot date) in those partitions, to delete once written. */
  replaced: string[]
}

/**
 * The files of a table partitioned by another column (`plays` by `played_date`) that a snapshot
 * date's rebuild writes. Several snapshot dates reach the same partition (a play at 23:59 is
 * landed that day and the next; a run without state lands the last 50 plays again), so each
 * partition is one file rebuilt whole from the rows of every date that reaches it: this date's,
 * and those of the other dates read back from their raw objects. A key repeated across dates is
 * kept once, from the earliest snapshot date, so the file is the same whatever order the dates
 * are transformed in. Partitions this date reached before but no longer does are rebuilt too
 * (deleted when no date reaches them any more).
 */
export async function sharedOutputs(
  store: ObjectStore,
  spec: TableSpec,
  date: string,
  rows: readonly Row[],
  previous: readonly string[],
  index: LedgerIndex,
): Promise<SharedOutputs> {
  const ownFolders = new Set(rows.map((row) => partitionFolder(spec, row)))
  const touched = new Set([...ownFolders, ...previous.flatMap((key) => folderOf(spec, key))])
  if (touched.size === 0) return { planned: [], own: [], replaced: [] }
  const byDate = new Map<string, readonly Row[]>([[date, rows]])
  const replaced: string[] = []
  for (const [other, ledger] of await index.all()) {
    if (other === date) continue
    const reached = ledger.outputs.filter((key) => folderOf(spec, key).some((f) => touched.has(f)))
    if (reached.length === 0) continue
    byDate.set(other, await rowsOf(store, spec, other, ledger))
    replaced.push(...reached.filter((key) => !key.endsWith(`/${SHARED_PARTITION_FILE}`)))
  }
  const ordered = [...byDate].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).flatMap(([, r]) => r)
  const merged = orderByKey(spec.name, ordered).rows.filter((row) => touched.has(partitionFolder(spec, row)))
  const planned = planOutputs(spec, merged, date)
  const own = planned.map((p) => p.key).filter((key) => folderOf(spec, key).some((f) => ownFolders.has(f)))
  return { planned, own, replaced }
}

/** The partition folder of a key of this table, if it is one (as a list, for flatMap). */
function folderOf(spec: TableSpec, key: string): string[] {
  const prefix = `transformed/${spec.name}/${spec.partitionedBy}=`
  return key.startsWith(prefix) ? [key.slice(0, key.lastIndexOf('/'))] : []
}

/** Another date's rows of the table, from the raw objects its ledger says were transformed. */
async function rowsOf(
  store: ObjectStore,
  spec: TableSpec,
  date: string,
  ledger: TransformLedger,
): Promise<readonly Row[]> {
  const sources = SOURCES[spec.name]
  const contents: EnvelopeContent[] = []
  for (const [key, entry] of Object.entries(ledger.objects)) {
    if (entry.status !== 'transformed') continue
    if (sources && !sources.some((s) => key.startsWith(`${RAW_PREFIX}${s}/`))) continue
    const bytes = await store.get(key).catch((error: unknown) => {
      if (error instanceof LakeObjectNotFoundError) return undefined // gone since: its date is pending
      throw error
    })
    const result = bytes && readRawObject(bytes, date)
    if (result?.ok) contents.push(result.content)
  }
  return contents.length === 0 ? [] : buildTables(contents).tables[spec.name]
}
