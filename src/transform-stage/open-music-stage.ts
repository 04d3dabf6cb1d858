import { OPEN_MUSIC_RAW_PREFIX, STATE_KEYS, TRANSFORMED_PREFIX } from '../lake/layout.js'
import { getText, listAll, type ObjectInfo, type ObjectStore, putJson } from '../lake/object-store.js'
import { writeParquet } from '../lake/parquet/parquet-writer.js'
import { buildOpenMusicTables } from '../open-music-tables/build-open-music-tables.js'
import { OPEN_MUSIC_TABLE_SPECS } from '../open-music-tables/open-music-table-specs.js'
import { type ReadAnswer, readOpenAnswer } from '../open-music-tables/read-open-answer.js'
import { readSpotifySide, spotifySideFiles } from './spotify-side.js'
import type { LedgerEntry } from './transform-ledger.js'
import { quarantine, type TransformReport } from './transform-partitions.js'

/** The open-data tables' ledger: every raw answer (key, eTag) and Spotify file they were built from. */
export const OPEN_MUSIC_LEDGER_KEY = `${STATE_KEYS.transformLedger}open-music.json`

interface OpenMusicLedger {
  transformed_at: string
  objects: Record<string, LedgerEntry>
  /** The Parquet files of tracks, track_artists and artists read (key -> eTag). */
  spotify: Record<string, string>
  outputs: string[]
}

/** What the open-data tables would be built from now, and whether their ledger covers it. */
export interface OpenMusicPlan {
  pending: boolean
  answers: ObjectInfo[]
  spotify: ObjectInfo[]
}

/**
 * Whether the open-data tables need a rebuild: a raw answer under `raw/open-music/` the ledger
 * lacks (new, changed or gone), or a Spotify tracks/artists file that changed since (the choice
 * reads names and lengths). A lake that never had an answer has nothing pending.
 */
export async function planOpenMusic(store: ObjectStore): Promise<OpenMusicPlan> {
  const answers = await listAll(store, OPEN_MUSIC_RAW_PREFIX)
  const ledger = await readOpenMusicLedger(store)
  if (!ledger) {
    return {
      pending: answers.length > 0,
      answers,
      spotify: answers.length > 0 ? await spotifySideFiles(store) : [],
    }
  }
  const spotify = await spotifySideFiles(store)
  const covers =
    Object.keys(ledger.objects).length === answers.length &&
    answers.every((o) => ledger.objects[o.key]?.etag === o.etag) &&
    Object.keys(ledger.spotify).length === spotify.length &&
    spotify.every((o) => ledger.spotify[o.key] === o.etag)
  return { pending: !covers, answers, spotify }
}

/**
 * Rebuilds the open-data tables whole from every raw answer (buildOpenMusicTables): one partition
 * per table, `snapshot_date=` the day of the newest answer, each file written whole; the earlier
 * build's files that are not rewritten are removed, then the ledger is written (a crash before it
 * leaves the rebuild pending). Unreadable answers go to quarantine/ with the reason.
 */
export async function transformOpenMusic(store: ObjectStore, plan: OpenMusicPlan): Promise<TransformReport> {
  const report: TransformReport = {
    dates: [],
    objects: 0,
    transformed: 0,
    quarantined: [],
    rows: {},
    nullItems: 0,
    bytes: 0,
  }
  const previous = (await readOpenMusicLedger(store))?.outputs ?? []
  const answers: ReadAnswer[] = []
  const objects: Record<string, LedgerEntry> = {}
  for (const object of plan.answers) {
    const read = readOpenAnswer(object.key, await getText(store, object.key))
    if (typeof read === 'string') {
      await quarantine(store, object, read)
      report.quarantined.push({ key: object.key, reason: read })
      objects[object.key] = { etag: object.etag, status: 'quarantined', reason: read }
    } else {
      answers.push(read)
      objects[object.key] = { etag: object.etag, status: 'transformed' }
    }
    report.bytes += object.size
  }
  report.objects = plan.answers.length
  report.transformed = answers.length
  const trackIds = new Set(answers.flatMap((a) => a.tracks.map((t) => t.track_id)))
  const spotify = await readSpotifySide(store, plan.spotify, trackIds)
  const built = buildOpenMusicTables(answers, spotify)
  const outputs: string[] = []
  if (built.snapshotDate !== undefined) {
    for (const spec of OPEN_MUSIC_TABLE_SPECS) {
      const rows = built.tables[spec.name]
      const key = `${TRANSFORMED_PREFIX}${spec.name}/snapshot_date=${built.snapshotDate}/part-00000.parquet`
      await store.put(key, await writeParquet(spec, rows))
      outputs.push(key)
      report.rows[spec.name] = rows.length
    }
  }
  const kept = new Set(outputs)
  for (const key of previous) if (!kept.has(key)) await store.delete(key)
  const ledger: OpenMusicLedger = {
    transformed_at: new Date().toISOString(),
    objects,
    spotify: Object.fromEntries(plan.spotify.map((o) => [o.key, o.etag])),
    outputs,
  }
  await putJson(store, OPEN_MUSIC_LEDGER_KEY, ledger)
  return report
}

/** The open-data tables' ledger, or undefined when there is none (or it cannot be read). */
export async function readOpenMusicLedger(store: ObjectStore): Promise<OpenMusicLedger | undefined> {
  if (!(await store.head(OPEN_MUSIC_LEDGER_KEY))) return undefined
  try {
    const ledger = JSON.parse(await getText(store, OPEN_MUSIC_LEDGER_KEY)) as OpenMusicLedger
    return typeof ledger.objects === 'object' && ledger.objects !== null && typeof ledger.spotify === 'object'
      ? ledger
      : undefined
  } catch {
    return undefined // an unreadable ledger only means the tables are built again
  }
}
