import { LakeObjectNotFoundError } from '../lake/errors.js'
import { RAW_PREFIX, STATE_KEYS } from '../lake/layout.js'
import { listAll, type ObjectStore } from '../lake/object-store.js'
import type { EnvelopeContent } from '../transform/index.js'
import { mergePlays } from '../transform/merge-plays.js'
import { type PlayEvent, playedAt } from '../transform/play-event.js'
import { playEvents } from '../transform/play-events.js'
import type { TableSpec } from '../transform/table-specs.js'
import { readLedger, type TransformLedger } from './transform-ledger.js'
import {
  type PlannedOutput,
  partitionFolder,
  planOutputs,
  SHARED_PARTITION_FILE,
} from './transform-outputs.js'
import { readRawObject } from './transform-read.js'

/** The raw sources whose objects hold listening events: the API's plays and imported exports. */
const PLAY_SOURCES: readonly string[] = ['recently_played', 'streaming_history']

const LEDGER_DATE = /snapshot_date=([^/]+)\.json$/
const DAY_MS = 86_400_000

/** Other dates' events kept for the next rebuild: a month of history is read for its neighbours too. */
const EVENTS_KEPT = 4

/**
 * The ledgers of every snapshot date, read once per transform call and only when a shared
 * partition is rebuilt: they say which dates reach which partitions (their outputs) and from
 * which raw objects. The listening events of the last few dates read are kept, as neighbouring
 * months reach each other's partitions.
 */
export class LedgerIndex {
  #ledgers: Promise<Map<string, TransformLedger>> | undefined
  #events: { date: string; transformedAt: string; events: readonly PlayEvent[] }[] = []

  constructor(private readonly store: ObjectStore) {}

  all(): Promise<Map<string, TransformLedger>> {
    this.#ledgers ??= (async () => {
      const ledgers = new Map<string, TransformLedger>()
      for (const { key } of await listAll(this.store, STATE_KEYS.transformLedger)) {
        const date = LEDGER_DATE.exec(key)?.[1]
        const ledger = date === undefined ? undefined : await readLedger(this.store, date)
        if (date !== undefined && ledger) ledgers.set(date, ledger)
      }
      return ledgers
    })()
    return this.#ledgers
  }

  /** A date was just written: its new ledger replaces the one read, its events are kept. */
  async set(ledger: TransformLedger, events: readonly PlayEvent[]): Promise<void> {
    if (this.#ledgers) (await this.#ledgers).set(ledger.snapshot_date, ledger)
    this.#keep(ledger, events)
  }

  /** Another date's listening events, from the raw objects its ledger says were transformed. */
  async events(date: string, ledger: TransformLedger): Promise<readonly PlayEvent[]> {
    const kept = this.#events.find((e) => e.date === date && e.transformedAt === ledger.transformed_at)
    if (kept) return kept.events
    const contents: EnvelopeContent[] = []
    for (const [key, entry] of Object.entries(ledger.objects)) {
      if (entry.status !== 'transformed') continue
      if (!PLAY_SOURCES.some((s) => key.startsWith(`${RAW_PREFIX}${s}/`))) continue
      const bytes = await this.store.get(key).catch((error: unknown) => {
        if (error instanceof LakeObjectNotFoundError) return undefined // gone since: its date is pending
        throw error
      })
      const result = bytes && readRawObject(bytes, date)
      if (result?.ok) contents.push(result.content)
    }
    const events = playEvents(contents)
    this.#keep(ledger, events)
    return events
  }

  #keep(ledger: TransformLedger, events: readonly PlayEvent[]): void {
    const date = ledger.snapshot_date
    this.#events = [
      { date, transformedAt: ledger.transformed_at, events },
      ...this.#events.filter((e) => e.date !== date),
    ].slice(0, EVENTS_KEPT)
  }
}

export interface SharedOutputs {
  /** One whole file per partition touched, holding every date's rows of it. */
  planned: PlannedOutput[]
  /** The partition files this date's own events reach: what its ledger lists. */
  own: string[]
  /**
   * Files to delete once the planned ones are written: those of the earlier layout (one per
   * snapshot date) in the partitions touched, and those of partitions touched that have no row now.
   */
  replaced: string[]
  /** This date's listening events (for the next dates' rebuilds). */
  events: readonly PlayEvent[]
}

/**
 * The `plays` partitions (by `played_month`) that a snapshot date's rebuild writes. Several
 * snapshot dates reach one partition (every day's API plays of the month; a play at 23:59 is
 * landed that day and the next; a run without state lands the last 50 plays again; an export's
 * month), so each partition is one file rebuilt whole from the listening events
 * of every date that reaches it, this date's and the others' read back from their raw objects,
 * merged into one row per play (mergePlays: repeats dropped, the earliest date's copy kept; API
 * plays and export streams of one play matched). A match can cross midnight (the API's and the
 * export's end of one play a few seconds apart), so the partitions next to this date's (the
 * months before and after) are rebuilt too, each from the events of its own neighbours. The files are the same whatever order the dates
 * are transformed in. Partitions this date reached before but no longer does are rebuilt too
 * (deleted when no date reaches them any more).
 */
export async function sharedOutputs(
  spec: TableSpec,
  date: string,
  contents: readonly EnvelopeContent[],
  previous: readonly string[],
  index: LedgerIndex,
): Promise<SharedOutputs> {
  const events = playEvents(contents)
  const ownFolders = new Set(events.map((e) => partitionFolder(spec, e.row)))
  const before = previous.flatMap((key) => folderOf(spec, key))
  if (ownFolders.size === 0 && before.length === 0) return { planned: [], own: [], replaced: [], events }
  const touched = widened(spec, [...ownFolders, ...before])
  const loaded = widened(spec, [...touched])
  const byDate = new Map<string, readonly PlayEvent[]>([[date, events]])
  const replaced: string[] = []
  for (const [other, ledger] of await index.all()) {
    if (other === date) continue
    const reached = ledger.outputs.filter((key) => folderOf(spec, key).some((f) => loaded.has(f)))
    if (reached.length === 0) continue
    byDate.set(other, await index.events(other, ledger))
    replaced.push(
      ...reached.filter(
        (key) => !key.endsWith(`/${SHARED_PARTITION_FILE}`) && touched.has(folderOf(spec, key)[0]!),
      ),
    )
  }
  const ordered = [...byDate]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([, list]) => list.filter((e) => loaded.has(partitionFolder(spec, e.row))))
  const rows = mergePlays(ordered).filter((row) => touched.has(partitionFolder(spec, row)))
  const planned = planOutputs(spec, rows, date)
  const written = new Set(planned.map((p) => p.key))
  const emptied = [...touched].map((f) => `${f}/${SHARED_PARTITION_FILE}`).filter((key) => !written.has(key))
  const own = [...ownFolders].sort().map((f) => `${f}/${SHARED_PARTITION_FILE}`)
  return { planned, own, replaced: [...replaced, ...emptied], events }
}

/** The partition folder of a key of this table, if it is one (as a list, for flatMap). */
function folderOf(spec: TableSpec, key: string): string[] {
  const prefix = `transformed/${spec.name}/${spec.partitionedBy}=`
  return key.startsWith(prefix) ? [key.slice(0, key.lastIndexOf('/'))] : []
}

/** The folders and the partitions of the day before and the day after each (a day or a month of plays). */
function widened(spec: TableSpec, folders: readonly string[]): Set<string> {
  const out = new Set(folders)
  for (const folder of folders) {
    const span = daysOf(folder.slice(folder.lastIndexOf('=') + 1))
    if (span === undefined) continue
    out.add(partitionFolder(spec, { ...playedAt(span.first - DAY_MS) }))
    out.add(partitionFolder(spec, { ...playedAt(span.last + DAY_MS) }))
  }
  return out
}

/** The first and last day (epoch ms, midnight UTC) of a partition value `YYYY-MM-DD` or `YYYY-MM`. */
function daysOf(value: string): { first: number; last: number } | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = Date.parse(`${value}T00:00:00Z`)
    return Number.isNaN(day) ? undefined : { first: day, last: day }
  }
  const month = /^(\d{4})-(\d{2})$/.exec(value)
  if (!month) return undefined
  const [year, index] = [Number(month[1]), Number(month[2]) - 1]
  return { first: Date.UTC(year, index, 1), last: Date.UTC(year, index + 1, 1) - DAY_MS }
}
