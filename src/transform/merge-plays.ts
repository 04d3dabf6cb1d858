import type { PlayEvent } from './play-event.js'
import { playedAt } from './play-event.js'
import type { Row } from './table-specs.js'

/** An export's end time and the API's `played_at` of one play lie this close (NOTES.md 4.3). */
const END_WINDOW_MS = 30_000
/** The Account data package gives minutes: its end time and the others' lie this close. */
const MINUTE_WINDOW_MS = 90_000

/**
 * The `plays` rows of a set of listening events, one row per play whichever sources recorded it
 * (spotify-export NOTES.md 4.3):
 * 1. each source's repeats go (an event's key seen before; the first one given wins, so give
 *    events in a fixed order: snapshot dates ascending);
 * 2. an API play and an Extended-history stream of the same track are one play when their end
 *    times lie within 30 s; failing that, when the API's time lies within the stream
 *    (`[start - 30 s, ts + 30 s]`, the start `ts - ms_played` or an earlier `offline_timestamp`:
 *    a start-stamped `played_at`, a paused or late `ts`).
 *    Pairs are taken one-to-one, closest first. The pair is one row: `played_at`, ids, context
 *    from the API, the rest from the export, `source` `export`;
 * 3. an Account data stream (minutes, names, no ids) is the same play as an API or Extended one
 *    of the same names within 90 s, one-to-one: it adds its ms played to an API-only play and is
 *    dropped otherwise.
 * Short plays and skips are kept: matching comes before any filter. Rows are sorted.
 */
export function mergePlays(events: readonly PlayEvent[]): Row[] {
  const api: PlayEvent[] = []
  const extended: PlayEvent[] = []
  const account: PlayEvent[] = []
  const seen = new Set<string>()
  for (const event of events) {
    const id = `${event.origin}\u0000${event.key}`
    if (seen.has(id)) continue
    seen.add(id)
    ;(event.origin === 'api' ? api : event.origin === 'extended' ? extended : account).push(event)
  }
  const byTrack = new Map<string, PlayEvent[]>()
  for (const a of api) {
    const id = a.row.track_id
    if (typeof id !== 'string') continue
    const list = byTrack.get(id)
    if (list) list.push(a)
    else byTrack.set(id, [a])
  }
  const pairs = new Map<PlayEvent, PlayEvent>() // API event -> export event
  const taken = new Set<PlayEvent>()
  const candidates = (within: (a: PlayEvent, e: PlayEvent) => boolean) =>
    extended.flatMap((e) =>
      taken.has(e)
        ? []
        : (byTrack.get(String(e.row.track_id)) ?? [])
            .filter((a) => !taken.has(a) && within(a, e))
            .map((a) => ({ a, e })),
    )
  for (const within of [endsClose, apiWithinStream]) {
    for (const { a, e } of closestFirst(candidates(within))) {
      if (taken.has(a) || taken.has(e)) continue
      taken.add(a).add(e)
      pairs.set(a, e)
    }
  }
  const rows = new Map<PlayEvent, Row>()
  for (const a of api) {
    const e = pairs.get(a)
    rows.set(a, e ? merged(a, e) : a.row)
  }
  for (const e of extended) if (!taken.has(e)) rows.set(e, e.row)
  absorbAccount(account, [...rows.keys()], rows)
  return [...rows.values()].sort(compareRows)
}

function endsClose(a: PlayEvent, e: PlayEvent): boolean {
  return Math.abs(a.endMs - e.endMs) <= END_WINDOW_MS
}

/** The API's time lies within the stream: from its start (`ts - ms_played`, or earlier `offline_timestamp`) to its end. */
function apiWithinStream(a: PlayEvent, e: PlayEvent): boolean {
  const start = e.startMs ?? e.endMs - Number(e.row.ms_played ?? 0)
  return a.endMs >= start - END_WINDOW_MS && a.endMs <= e.endMs + END_WINDOW_MS
}

/** Candidate pairs, closest end times first; ties by time and key, so the outcome never depends on input order. */
function closestFirst(pairs: { a: PlayEvent; e: PlayEvent }[]): { a: PlayEvent; e: PlayEvent }[] {
  return pairs.sort(
    (x, y) =>
      Math.abs(x.a.endMs - x.e.endMs) - Math.abs(y.a.endMs - y.e.endMs) ||
      x.a.endMs - y.a.endMs ||
      x.e.endMs - y.e.endMs ||
      compareText(x.e.key, y.e.key) ||
      compareText(x.a.key, y.a.key),
  )
}

/** An API play and its export stream as one row. */
function merged(a: PlayEvent, e: PlayEvent): Row {
  return {
    ...e.row,
    ...playedAt(a.endMs),
    track_id: a.row.track_id ?? null,
    track_name: a.row.track_name ?? e.row.track_name ?? null,
    album_id: a.row.album_id ?? null,
    album_name: a.row.album_name ?? e.row.album_name ?? null,
    artist_id: a.row.artist_id ?? null,
    artist_name: a.row.artist_name ?? e.row.artist_name ?? null,
    duration_ms: a.row.duration_ms ?? null,
    context_type: a.row.context_type ?? null,
    context_uri: a.row.context_uri ?? null,
    source: 'export',
  }
}

/**
 * Account data streams that are the same play as a row already there (same names, within 90 s)
 * are dropped, one-to-one, closest first; one matching an API-only row gives it its ms played.
 */
function absorbAccount(
  account: readonly PlayEvent[],
  others: readonly PlayEvent[],
  rows: Map<PlayEvent, Row>,
): void {
  if (account.length === 0) return
  const byNames = new Map<string, PlayEvent[]>()
  for (const o of others) {
    const names = namesOf(rows.get(o)!)
    if (names === undefined) continue
    const list = byNames.get(names)
    if (list) list.push(o)
    else byNames.set(names, [o])
  }
  const pairs = account.flatMap((c) =>
    (byNames.get(namesOf(c.row) ?? '') ?? [])
      .filter((o) => Math.abs(o.endMs - c.endMs) <= MINUTE_WINDOW_MS)
      .map((o) => ({ a: o, e: c })),
  )
  const taken = new Set<PlayEvent>()
  for (const { a: o, e: c } of closestFirst(pairs)) {
    if (taken.has(o) || taken.has(c)) continue
    taken.add(o).add(c)
    const row = rows.get(o)!
    if (row.source === 'api') rows.set(o, { ...row, ms_played: c.row.ms_played ?? null, source: 'export' })
  }
  for (const c of account) if (!taken.has(c)) rows.set(c, c.row)
}

/** What an Account data row can be matched on: the item's and its creator's names, case-folded. */
function namesOf(row: Row): string | undefined {
  const item = row.item_type === 'track' || row.item_type === 'local' ? row.track_name : row.episode_name
  const creator = row.item_type === 'track' || row.item_type === 'local' ? row.artist_name : row.show_name
  if (typeof item !== 'string' || typeof creator !== 'string') return undefined
  return `${row.item_type === 'local' ? 'track' : row.item_type}\u0000${item.trim().toLowerCase()}\u0000${creator.trim().toLowerCase()}`
}

const ORDER = [
  'played_at',
  'item_type',
  'track_id',
  'track_name',
  'episode_name',
  'ms_played',
  'source',
] as const

function compareRows(a: Row, b: Row): number {
  for (const column of ORDER) {
    const x = a[column]
    const y = b[column]
    if (x === y) continue
    if (x === null || x === undefined) return -1
    if (y === null || y === undefined) return 1
    if (typeof x === 'number' && typeof y === 'number') return x - y
    return compareText(String(x), String(y))
  }
  return 0
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
