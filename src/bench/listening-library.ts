import { syntheticCatalog } from '../emulator/catalog.js'
import { dayNumber, dayString } from '../emulator/days.js'
import type { ListenerProfile } from '../emulator/listening/listener-profile.js'
import { ListeningHistory } from '../emulator/listening-history.js'
import { SavedTracks } from '../emulator/saved-tracks.js'
import { transformedKey } from '../lake/layout.js'
import type { ObjectStore } from '../lake/object-store.js'
import { writeParquet } from '../lake/parquet/parquet-writer.js'
import { tableSpec } from '../transform/table-specs.js'

const TOP_WINDOWS = { short_term: 28, medium_term: 182, long_term: 730 } as const
const TOP_SIZE = 50

/**
 * The listener's library beside an imported history, so the listening insights that read
 * `saved_tracks`, `artists` and `user_top` have them: the saved tracks and their artists on the
 * last day, and a monthly
 * snapshot of the top artists and tracks over the last year (ranked by the listener's plays in
 * each of Spotify's three windows, as the emulator's Get User's Top Items ranks them). Written as
 * the transform writes snapshot tables (one Parquet file per table and snapshot date).
 */
export async function writeListeningLibrary(
  store: ObjectStore,
  lastDay: string,
  profile: ListenerProfile,
  seed = 2026,
): Promise<void> {
  const catalog = syntheticCatalog(seed)
  const last = dayNumber(lastDay)
  const saved = new SavedTracks(seed, catalog).on(last).map((s) => {
    const track = catalog.track(s.trackId)!
    return {
      added_at: s.addedAt,
      track_id: track.id,
      track_name: track.name,
      album_id: track.albumId,
      artist_id: track.artistIds[0]!,
      duration_ms: track.durationMs,
      explicit: track.explicit,
    }
  })
  await put(store, 'saved_tracks', lastDay, saved)
  const artists = [...new Set(saved.map((s) => s.artist_id))].map((id) => {
    const artist = catalog.artist(id)!
    const { genres, followers, popularity } = artist
    return { artist_id: id, name: artist.name, genres, followers, popularity }
  })
  await put(store, 'artists', lastDay, artists)
  const history = new ListeningHistory(seed, catalog, profile)
  for (let month = 11; month >= 0; month--) {
    const day = last - month * 30
    const rows: Record<string, unknown>[] = []
    for (const [range, days] of Object.entries(TOP_WINDOWS)) {
      const counts = history.countsOver(day, days)
      const artists = new Map<string, number>()
      for (const [trackId, n] of counts) {
        const artistId = catalog.track(trackId)?.artistIds[0]
        if (artistId) artists.set(artistId, (artists.get(artistId) ?? 0) + n)
      }
      for (const [type, scores] of [
        ['track', counts],
        ['artist', artists],
      ] as const) {
        ranked(scores).forEach((id, i) => {
          const item = type === 'track' ? catalog.track(id) : catalog.artist(id)
          if (!item) return
          rows.push({
            item_type: type,
            time_range: range,
            rank: i + 1,
            item_id: id,
            name: item.name,
            popularity: item.popularity,
          })
        })
      }
    }
    await put(store, 'user_top', dayString(day), rows)
  }
}

function ranked(scores: Map<string, number>): string[] {
  return [...scores]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP_SIZE)
    .map(([id]) => id)
}

async function put(
  store: ObjectStore,
  table: 'saved_tracks' | 'artists' | 'user_top',
  date: string,
  rows: Record<string, unknown>[],
): Promise<void> {
  await store.put(transformedKey(table, date), await writeParquet(tableSpec(table), rows))
}
