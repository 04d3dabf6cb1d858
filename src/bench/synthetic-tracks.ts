import { transformedKey } from '../lake/layout.js'
import type { ObjectStore } from '../lake/object-store.js'
import { writeParquet } from '../lake/parquet/parquet-writer.js'
import { openMusicCatalog } from '../open-music-emulator/index.js'
import { tableSpec } from '../transform/table-specs.js'

/**
 * Writes the `tracks`, `track_artists`, `artists` and `albums` tables of synthetic tracks (one
 * snapshot date), as the transform would: what the enrichment reads, for its bench and tests.
 * The tracks of `noIsrc` have a NULL ISRC.
 */
export async function writeSyntheticTracks(
  store: ObjectStore,
  trackIds: readonly string[],
  options: { noIsrc?: readonly string[]; seed?: number; date?: string } = {},
): Promise<void> {
  const catalog = openMusicCatalog(options.seed ?? 2026).spotify
  const tracks = trackIds.map((id) => catalog.track(id)!)
  const noIsrc = new Set(options.noIsrc ?? [])
  const tables: Record<string, Record<string, unknown>[]> = {
    tracks: tracks.map((t) => ({
      track_id: t.id,
      name: t.name,
      duration_ms: t.durationMs,
      explicit: t.explicit,
      isrc: noIsrc.has(t.id) ? null : t.isrc,
      album_id: t.albumId,
      disc_number: t.discNumber,
      track_number: t.trackNumber,
    })),
    track_artists: tracks.flatMap((t) =>
      t.artistIds.map((artist_id, artist_position) => ({ track_id: t.id, artist_id, artist_position })),
    ),
    artists: [...new Set(tracks.flatMap((t) => t.artistIds))].map((id) => ({
      artist_id: id,
      name: catalog.artist(id)!.name,
    })),
    albums: [...new Set(tracks.map((t) => t.albumId))].map((id) => ({
      album_id: id,
      name: catalog.album(id)!.name,
    })),
  }
  const date = options.date ?? '2026-11-20'
  for (const [table, rows] of Object.entries(tables)) {
    await store.put(transformedKey(table, date), await writeParquet(tableSpec(table as never), rows))
  }
}
