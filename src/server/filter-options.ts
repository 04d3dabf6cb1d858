import type { FilterOptions } from './api-types.js'
import type { DashboardContext } from './dashboard-context.js'
import { snapshotDates } from './lake-overview.js'

/**
 * Each playlist's latest name and owner, its snapshots, and how much its entries move between
 * snapshots (distinct track-position pairs per entry): the charts open on the one that moves most
 * (a chart), then the biggest.
 */
const PLAYLISTS_SQL = `WITH movement AS (
  SELECT playlist_id, count(DISTINCT track_id || ':' || CAST(position AS VARCHAR)) * 1.0 / count(*) AS churn,
    count(*) AS entries
  FROM playlist_tracks GROUP BY playlist_id
)
SELECT p.playlist_id AS id, max_by(p.name, p.snapshot_date) AS name, max_by(p.owner_id, p.snapshot_date) AS owner_id,
  count(DISTINCT p.snapshot_date) AS snapshots, max(m.churn) AS churn, max(m.entries) AS entries
FROM playlists p LEFT JOIN movement m ON m.playlist_id = p.playlist_id
GROUP BY p.playlist_id ORDER BY name, id`

/** The choices of the charts' filters: playlists (latest name) and snapshot dates. */
export async function filterOptions(context: DashboardContext): Promise<FilterOptions> {
  const snapshot_dates = await snapshotDates(context)
  const tables = new Set(await context.catalog.listTables(context.database))
  if (!tables.has('playlists') || !tables.has('playlist_tracks')) {
    return { playlists: [], snapshot_dates, default_playlist: null }
  }
  const { rows } = await context.engine.memo('playlists', (engine) => engine.run(PLAYLISTS_SQL))
  const first = [...rows].sort(
    (a, b) =>
      Number(b.churn ?? 0) - Number(a.churn ?? 0) ||
      Number(b.entries ?? 0) - Number(a.entries ?? 0) ||
      String(a.id).localeCompare(String(b.id)),
  )[0]
  return {
    playlists: rows.map((r) => ({
      id: String(r.id),
      name: r.name === null ? String(r.id) : String(r.name),
      owner_id: r.owner_id === null ? null : String(r.owner_id),
      snapshots: Number(r.snapshots),
    })),
    snapshot_dates,
    default_playlist: first && first.entries !== null ? String(first.id) : null,
  }
}
