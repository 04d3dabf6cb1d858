import { RAW_PREFIX } from '../lake/layout.js'
import { getText, listAll, type ObjectStore } from '../lake/object-store.js'
import { EXPORT_STREAMS, type ExportPackage, packageOf } from '../spotify-export/export-files.js'
import { EXPORT_RAW_SOURCE, type ExportObject } from '../spotify-export/export-object.js'
import { readExportRow } from '../spotify-export/export-row.js'
import type { MonthSpill } from './month-spill.js'
import type { SpilledStream } from './read-export.js'

/** How the export's streams stand against the lake's. */
export interface LakeComparison {
  /** Streams the lake lacks (spilled to `fresh`). */
  fresh: number
  /** Streams the lake holds already (an earlier import of this or an older export). */
  inLake: number
  /** Streams the export holds twice (endsong files repeated rows). */
  duplicates: number
  /**
   * The export's streams that fall in the time the lake's imported streams of the same package
   * span (per month), and how many of those the lake holds: an export of the same account holds
   * all of them, another account's almost none.
   */
  overlap: { streams: number; shared: number }
  /** The new streams' plays of each track (by id), for the back-fill of tracks only exports name. */
  trackPlays: Map<string, number>
}

const TRACK_URI = /^spotify:track:([0-9A-Za-z]{22})$/

/**
 * Sorts the export's streams, one month at a time, into those the lake holds already (its
 * `streaming_history` raw objects of that month, by each stream's natural key) and new ones,
 * which go to `fresh` in groups `<month>/<stream>`. Repeats within the export are dropped. Reads
 * the lake only.
 */
export async function compareWithLake(
  store: ObjectStore,
  spill: MonthSpill,
  fresh: MonthSpill,
): Promise<LakeComparison> {
  const result: LakeComparison = {
    fresh: 0,
    inLake: 0,
    duplicates: 0,
    overlap: { streams: 0, shared: 0 },
    trackPlays: new Map(),
  }
  for (const [group] of spill.groups()) {
    const [pkg, month] = group.split('/') as [ExportPackage, string]
    const lake = await landedKeys(store, pkg, month)
    const seen = new Set<string>()
    for await (const line of spill.lines(group)) {
      const stream = JSON.parse(line) as SpilledStream
      if (seen.has(stream.k)) {
        result.duplicates++
        continue
      }
      seen.add(stream.k)
      const held = lake.keys.has(stream.k)
      if (lake.keys.size > 0 && stream.e >= lake.from && stream.e <= lake.to) {
        result.overlap.streams++
        if (held) result.overlap.shared++
      }
      if (held) result.inLake++
      else {
        result.fresh++
        await fresh.add(`${month}/${stream.s}`, line)
        const track = TRACK_URI.exec(String(stream.r.spotify_track_uri))?.[1]
        if (track) result.trackPlays.set(track, (result.trackPlays.get(track) ?? 0) + 1)
      }
    }
  }
  await fresh.flush()
  return result
}

/** The natural keys of the streams of one package and month the lake holds, and their time span. */
async function landedKeys(
  store: ObjectStore,
  pkg: ExportPackage,
  month: string,
): Promise<{ keys: Set<string>; from: number; to: number }> {
  const keys = new Set<string>()
  let from = Number.POSITIVE_INFINITY
  let to = Number.NEGATIVE_INFINITY
  const prefix = `${RAW_PREFIX}${EXPORT_RAW_SOURCE}/snapshot_date=${month}/${pkg}-`
  for (const info of await listAll(store, prefix)) {
    let object: ExportObject
    try {
      object = JSON.parse(await getText(store, info.key)) as ExportObject
    } catch {
      continue // unreadable: the transform quarantines it; its streams count as new here
    }
    if (!Array.isArray(object.rows) || !EXPORT_STREAMS.includes(object.source_id)) continue
    if (packageOf(object.source_id) !== pkg) continue
    for (const row of object.rows) {
      const read = readExportRow(row, object.source_id, true)
      if ('invalid' in read) continue
      keys.add(read.key)
      from = Math.min(from, read.endMs)
      to = Math.max(to, read.endMs)
    }
  }
  return { keys, from, to }
}
