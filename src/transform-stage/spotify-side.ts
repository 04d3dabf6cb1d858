import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { TRANSFORMED_PREFIX } from '../lake/layout.js'
import { listAll, type ObjectInfo, type ObjectStore } from '../lake/object-store.js'
import { writerConnection } from '../lake/parquet/duckdb-session.js'
import type { SpotifyTrackSide } from '../open-music-tables/build-open-music-tables.js'
import { sqlString } from '../sql-quote.js'

/** The Spotify tables the recording choice reads: the tracks' names and lengths, their artists' names. */
const SPOTIFY_TABLES = ['tracks', 'track_artists', 'artists'] as const

/** The Parquet files of those tables (their keys and eTags say whether they changed). */
export async function spotifySideFiles(store: ObjectStore): Promise<ObjectInfo[]> {
  const files: ObjectInfo[] = []
  for (const table of SPOTIFY_TABLES) {
    const listed = await listAll(store, `${TRANSFORMED_PREFIX}${table}/`)
    files.push(...listed.filter((o) => /\/snapshot_date=\d{4}-\d{2}-\d{2}\/[^/]+\.parquet$/.test(o.key)))
  }
  return files.sort((a, b) => (a.key < b.key ? -1 : 1))
}

/**
 * What the lake's Spotify tables say of the given tracks, each from the latest snapshot that holds
 * it: name, duration and the artists in credit order with their names (the latest name each
 * artist had). Read with the private DuckDB of the Parquet writer from copies of the files, so an
 * S3 lake reads the same way as a folder.
 */
export async function readSpotifySide(
  store: ObjectStore,
  files: readonly ObjectInfo[],
  trackIds: ReadonlySet<string>,
): Promise<Map<string, SpotifyTrackSide>> {
  const side = new Map<string, SpotifyTrackSide>()
  if (trackIds.size === 0 || files.length === 0) return side
  const dir = await mkdtemp(path.join(tmpdir(), 'tunelake-spotify-side-'))
  try {
    const globs: Partial<Record<(typeof SPOTIFY_TABLES)[number], string>> = {}
    for (const file of files) {
      const relative = file.key.slice(TRANSFORMED_PREFIX.length)
      const target = path.join(dir, ...relative.split('/'))
      await mkdir(path.dirname(target), { recursive: true })
      await writeFile(target, await store.get(file.key))
      const table = relative.split('/')[0] as (typeof SPOTIFY_TABLES)[number]
      globs[table] = path.join(dir, table, '*', '*.parquet')
    }
    if (!globs.tracks) return side
    const connection = await writerConnection()
    const ids = `[${[...trackIds].map(sqlString).join(', ')}]`
    const read = (glob: string) =>
      `read_parquet(${sqlString(glob)}, hive_partitioning = true, union_by_name = true)`
    const artists = globs.artists
      ? `(SELECT artist_id, arg_max(name, snapshot_date) AS name FROM ${read(globs.artists)} GROUP BY artist_id)`
      : '(SELECT NULL::VARCHAR AS artist_id, NULL::VARCHAR AS name WHERE false)'
    const trackArtists = globs.track_artists
      ? read(globs.track_artists)
      : '(SELECT NULL::VARCHAR AS track_id, NULL::VARCHAR AS artist_id, NULL::INTEGER AS artist_position, NULL::VARCHAR AS snapshot_date WHERE false)'
    const reader = await connection.runAndReadAll(`
      WITH t AS (
        SELECT track_id, arg_max(name, snapshot_date) AS name, arg_max(duration_ms, snapshot_date) AS duration_ms,
               max(snapshot_date) AS snapshot_date
        FROM ${read(globs.tracks)} WHERE list_contains(${ids}, track_id) GROUP BY track_id)
      SELECT t.track_id, t.name, t.duration_ms,
             list(ta.artist_id ORDER BY ta.artist_position) FILTER (WHERE ta.artist_id IS NOT NULL) AS artist_ids,
             list(coalesce(a.name, '') ORDER BY ta.artist_position) FILTER (WHERE ta.artist_id IS NOT NULL) AS artist_names
      FROM t
      LEFT JOIN ${trackArtists} ta ON ta.track_id = t.track_id AND ta.snapshot_date = t.snapshot_date
      LEFT JOIN ${artists} a ON a.artist_id = ta.artist_id
      GROUP BY t.track_id, t.name, t.duration_ms`)
    for (const row of reader.getRowObjectsJson()) {
      const ids = (row.artist_ids as string[] | null) ?? []
      const names = (row.artist_names as string[] | null) ?? []
      side.set(String(row.track_id), {
        name: row.name === null ? null : String(row.name),
        duration_ms: row.duration_ms === null ? null : Number(row.duration_ms),
        artists: ids.map((id, i) => ({ id, name: names[i] === '' ? null : (names[i] ?? null) })),
      })
    }
    return side
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
