import type { FilterOptions } from './api-types.js'
import type { DashboardContext } from './dashboard-context.js'
import { snapshotDates } from './lake-overview.js'

const PLAYLISTS_SQL = `SELECT playlist_id AS id, max_by(name, snapshot_date) AS name,
  max_by(owner_id, snapshot_date) AS owner_id, count(DISTINCT snapshot_date) AS snapshots
FROM playlists GROUP BY playlist_id ORDER BY name, id`

/**
 * The charts open on the playlist whose entries move most between snapshots (a chart: distinct
 * track-position pairs per entry), then the biggest.
 */
const DEFAULT_PLAYLIST_SQL = `SELECT playlist_id FROM playlist_tracks
GROUP BY playlist_id
ORDER BY count(DISTINCT track_id || ':' || CAST(position AS VARCHAR)) * 1.0 / count(*) DESC, count(*) DESC, playlist_id
LIMIT 1`

/** The choices of the charts' filters: playlists (latest name) and snapshot dates. */
export async function filterOptions(context: DashboardContext): Promise<FilterOptions> {
  const snapshot_dates = await snapshotDates(context)
  const tables = new Set(await context.catalog.listTables(context.database))
  if (!tables.has('playlists') || !tables.has('playlist_tracks')) {
    return { playlists: [], snapshot_dates, default_playlist: null }
  }
  const [playlists, first] = await context.engine.use(async (engine) => [
    (await engine.run(PLAYLISTS_SQL)).rows,
    (await engine.run(DEFAULT_PLAYLIST_SQL)).rows,
  ])
  return {
    playlists: playlists.map((r) => ({
      id: String(r.id),
      name: r.name === null ? String(r.id) : String(r.name),
      owner_id: r.owner_id === null ? null : String(r.owner_id),
      snapshots: Number(r.snapshots),
    })),
    snapshot_dates,
    default_playlist: first[0] ? String(first[0].playlist_id) : null,
  }
}
