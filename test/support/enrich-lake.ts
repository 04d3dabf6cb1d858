import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { transformedKey } from '../../src/lake/layout.js'
import { writeParquet } from '../../src/lake/parquet/parquet-writer.js'
import { FsObjectStore } from '../../src/lake/stores/fs.js'
import {
  type OpenMusicCatalog,
  openMusicCatalog,
  type TrackScenario,
} from '../../src/open-music-emulator/index.js'
import { tableSpec } from '../../src/transform/table-specs.js'

/**
 * The synthetic catalog's tracks a test enriches: `perScenario` of each hard case of the
 * open-music emulator (several recordings per ISRC, videos, live takes, covers, ISRCs MusicBrainz
 * does not know, merged MBIDs found by names, tracks no service knows) plus plain ones, and
 * `withoutIsrc` tracks whose ISRC the lake lacks.
 */
export function enrichTrackIds(
  open: OpenMusicCatalog,
  options: { perScenario?: number; plain?: number } = {},
): string[] {
  const want = options.perScenario ?? 2
  const picked = new Map<TrackScenario, string[]>()
  for (const track of open.spotify.tracks) {
    const scenario = open.scenario(track.id) ?? 'single'
    const list = picked.get(scenario) ?? []
    if (list.length < (scenario === 'single' ? (options.plain ?? want) : want)) list.push(track.id)
    picked.set(scenario, list)
  }
  return [...picked.values()].flat().sort()
}

/**
 * A lake folder holding only the `tracks`, `track_artists`, `artists` and `albums` tables of the
 * given synthetic tracks (one snapshot date), as the transform writes them; the tracks of
 * `noIsrc` have a NULL ISRC.
 */
export async function enrichLake(
  trackIds: readonly string[],
  options: { noIsrc?: readonly string[]; seed?: number; date?: string } = {},
): Promise<{ dir: string; store: FsObjectStore }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tunelake-enrich-'))
  const store = new FsObjectStore(dir)
  const catalog = openMusicCatalog(options.seed ?? 2026).spotify
  const date = options.date ?? '2026-11-20'
  const tracks = trackIds.map((id) => catalog.track(id)!)
  const artistIds = [...new Set(tracks.flatMap((t) => t.artistIds))]
  const albumIds = [...new Set(tracks.map((t) => t.albumId))]
  const noIsrc = new Set(options.noIsrc ?? [])
  const tables: Record<string, Record<string, unknown>[]> = {
    tracks: tracks.map((t) => ({
      track_id: t.id,
      name: t.name,
      duration_ms: t.durationMs,
      explicit: t.explicit,
      popularity: null,
      isrc: noIsrc.has(t.id) ? null : t.isrc,
      album_id: t.albumId,
      disc_number: t.discNumber,
      track_number: t.trackNumber,
    })),
    track_artists: tracks.flatMap((t) =>
      t.artistIds.map((artist_id, artist_position) => ({ track_id: t.id, artist_id, artist_position })),
    ),
    artists: artistIds.map((id) => ({ artist_id: id, name: catalog.artist(id)!.name })),
    albums: albumIds.map((id) => ({ album_id: id, name: catalog.album(id)!.name })),
  }
  for (const [table, rows] of Object.entries(tables)) {
    await store.put(transformedKey(table, date), await writeParquet(tableSpec(table as never), rows))
  }
  return { dir, store }
}
