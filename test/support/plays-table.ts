import { parquetReadObjects } from 'hyparquet'
import { dayNumber } from '../../src/emulator/days.js'
import type { ListeningHistory } from '../../src/emulator/listening-history.js'
import { listAll, type ObjectStore } from '../../src/lake/object-store.js'

export type PlayRow = Record<string, string | number | boolean | null> & {
  played_at: string
  played_date: string
}

/** Every row of the plays table as the transform wrote it (all columns), sorted by played_at. */
export async function playsTable(store: ObjectStore): Promise<PlayRow[]> {
  const rows: PlayRow[] = []
  for (const object of await listAll(store, 'transformed/plays/')) {
    const bytes = await store.get(object.key)
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
    const played_month = /\/played_month=([^/]+)\//.exec(object.key)![1]!
    for (const row of await parquetReadObjects({ file })) {
      const values = Object.fromEntries(
        Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : (v as PlayRow[string])]),
      )
      rows.push({
        ...values,
        played_date: String(row.played_date),
        played_month,
        played_at: new Date(row.played_at as Date).toISOString(),
      })
    }
  }
  return rows.sort((a, b) => (a.played_at < b.played_at ? -1 : a.played_at > b.played_at ? 1 : 0))
}

/**
 * The Extended streaming history of the emulator's demo user from `from` to `to` (days), as
 * Spotify's 2025 export would give it: each play of the history a stream whose `ts` is the play's
 * end to the second, a little after the API's `played_at` (`lagMs`), 20 s to 4 min played.
 */
export function historyStreams(history: ListeningHistory, from: string, to: string, lagMs = 1_500) {
  const rows: Record<string, unknown>[] = []
  for (let day = dayNumber(from); day <= dayNumber(to); day++) {
    for (const [i, play] of history.playsOn(day).entries()) {
      const ts = new Date(Math.floor((play.playedAtMs + lagMs) / 1000) * 1000)
      const msPlayed = 20_000 + ((play.playedAtMs / 1000 + i * 7919) % 220_000)
      rows.push({
        ts: ts.toISOString().replace('.000Z', 'Z'),
        platform: 'android',
        ms_played: Math.round(msPlayed),
        conn_country: 'DE',
        ip_addr: '192.0.2.10',
        master_metadata_track_name: `track ${play.trackId}`,
        master_metadata_album_artist_name: 'Someone',
        master_metadata_album_album_name: 'Something',
        spotify_track_uri: `spotify:track:${play.trackId}`,
        episode_name: null,
        episode_show_name: null,
        spotify_episode_uri: null,
        reason_start: 'trackdone',
        reason_end: msPlayed < 30_000 ? 'fwdbtn' : 'trackdone',
        shuffle: false,
        skipped: msPlayed < 30_000,
        offline: false,
        offline_timestamp: Math.floor((ts.getTime() - msPlayed) / 1000),
        incognito_mode: false,
      })
    }
  }
  return rows
}
