import { expect } from 'vitest'
import { LocalCatalog } from '../../src/catalog/catalogs/local.js'
import { dayNumber, dayString } from '../../src/emulator/days.js'
import { syntheticCatalog } from '../../src/emulator/index.js'
import { ListeningModel } from '../../src/emulator/listening/listening-model.js'
import { importSpotifyExport } from '../../src/import/import-export.js'
import { FsObjectStore } from '../../src/lake/stores/fs.js'
import { runUpkeep } from '../../src/pipeline/run-pipeline.js'
import type { QueryRow } from '../../src/query/query-engine.js'
import { exportFolder, fakeId, streamRows } from './spotify-export-files.js'

/** One row of `plays` as the listening insights' oracle tests read it. */
export interface Play {
  endMs: number
  date: string
  trackId: string | null
  track: string | null
  album: string | null
  artist: string | null
  itemType: string
  ms: number
  counted: boolean
  reasonEnd: string | null
  skipped: boolean | null
  private: boolean
}

export const timeMs = (value: unknown) =>
  value instanceof Date ? value.getTime() : Date.parse(`${String(value).replace(' ', 'T')}Z`)
export const text = (value: unknown) => (value === null || value === undefined ? null : String(value))

/** A row of `plays`: what a stream counts for (its minutes, whether it is a play). */
export function playOf(r: QueryRow): Play {
  const msPlayed = r.ms_played === null ? null : Number(r.ms_played)
  return {
    endMs: timeMs(r.played_at),
    date: String(r.played_date),
    trackId: text(r.track_id),
    track: text(r.track_name),
    album: text(r.album_name),
    artist: text(r.artist_name),
    itemType: String(r.item_type),
    ms: msPlayed ?? (r.duration_ms === null ? 0 : Number(r.duration_ms)),
    counted: msPlayed === null || msPlayed >= 30_000 || r.reason_end === 'trackdone',
    reasonEnd: text(r.reason_end),
    skipped: r.skipped === null ? null : r.skipped === true,
    private: r.incognito_mode === true,
  }
}

/** A stream of the edge cases' export: its end and length, how it ended. */
function edgeRow(end: string, msPlayed: number, n: number, reasonEnd = 'trackdone') {
  return {
    ...streamRows(Date.parse(end), 1)[0]!,
    ts: end,
    ms_played: msPlayed,
    master_metadata_track_name: `Edge Case ${n}`,
    master_metadata_album_artist_name: 'The Boundary Testers',
    master_metadata_album_album_name: 'Thirty Minutes',
    spotify_track_uri: `spotify:track:${fakeId(n, 'E')}`,
    reason_end: reasonEnd,
    offline_timestamp: null,
  }
}

/**
 * Streams on a day of the range the listener took off: a session whose streams follow each other
 * after gaps of 29:59 (one session) then exactly 30:00 (a new one), a long stream that outlasts
 * the next, a short one that reached its end; and two streams either side of 02:00 on the day
 * Stockholm moves to summer time (at night, when the listener does not listen).
 */
export async function importEdgeCases(dir: string, from: string, to: string): Promise<void> {
  const model = new ListeningModel(2026, syntheticCatalog(2026))
  let off = dayNumber(from)
  while (model.streamsOn(off).length > 0) off++
  const day = dayString(off)
  expect(day <= to).toBe(true)
  const rows = [
    edgeRow(`${day}T10:00:00Z`, 180_000, 1),
    edgeRow(`${day}T10:31:59Z`, 120_000, 2), // starts 29:59 after the last end
    edgeRow(`${day}T11:03:59Z`, 120_000, 3), // starts 30:00 after: a new session
    edgeRow(`${day}T12:30:00Z`, 3_600_000, 4, 'endplay'), // 11:30 to 12:30
    edgeRow(`${day}T12:12:00Z`, 120_000, 5, 'fwdbtn'), // starts 12:10, inside the one before
    edgeRow(`${day}T12:59:59Z`, 20_000, 6), // 29:39 after the latest end; short, but to its end
    edgeRow('2026-03-29T00:59:59Z', 200_000, 7), // 01:59:59 CET
    edgeRow('2026-03-29T01:00:01Z', 200_000, 8), // 03:00:01 CEST
  ]
  const folder = await exportFolder({ 'edge/Streaming_History_Audio_2026_0.json': rows }, 'edge-export')
  const store = new FsObjectStore(dir)
  await importSpotifyExport(store, folder, { allowOtherAccount: true })
  await runUpkeep({ store, catalog: new LocalCatalog(store), database: 'tunelake', trigger: 'import' })
}
