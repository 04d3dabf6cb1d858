import { readableLocally } from '../lake/local-mirror.js'
import { listAll, type ObjectStore } from '../lake/object-store.js'
import { writerConnection } from '../lake/parquet/duckdb-session.js'
import { sqlString } from '../sql-quote.js'

/** A track of the lake as the enrichment asks about it (its latest snapshot's row). */
export interface LakeTrack {
  track_id: string
  /** As Spotify gave it (normalised before use), or null. */
  isrc: string | null
  name: string | null
  /** The credited artists' names, in credit order. */
  artists: string[]
  album: string | null
  duration_ms: number | null
}

/**
 * The tracks of the lake's `tracks` table, each as of its latest snapshot date, with the names of
 * its artists (`track_artists`, `artists`) and album (`albums`), in track id order. A lake with
 * no tracks table yet has no tracks. An S3 lake is read through its local mirror (`cacheRoot`).
 */
export async function readLakeTracks(store: ObjectStore, cacheRoot?: string): Promise<LakeTrack[]> {
  const local = await readableLocally(store, ...(cacheRoot ? [cacheRoot] : []))
  const files = async (table: string) =>
    (await listAll(local, `transformed/${table}/`))
      .filter((o) => o.key.endsWith('.parquet'))
      .map((o) => local.localPath(o.key))
  const tracks = await latest(
    await files('tracks'),
    'track_id',
    'track_id, name, isrc, album_id, duration_ms',
  )
  if (tracks.length === 0) return []
  const credits = await latest(
    await files('track_artists'),
    'track_id',
    'track_id, artist_id, artist_position',
  )
  const artists = await latest(await files('artists'), 'artist_id', 'artist_id, name')
  const albums = await latest(await files('albums'), 'album_id', 'album_id, name')
  const artistName = new Map(artists.map((a) => [String(a.artist_id), a.name as string | null]))
  const albumName = new Map(albums.map((a) => [String(a.album_id), a.name as string | null]))
  const byTrack = new Map<string, { position: number; name: string }[]>()
  for (const c of credits) {
    const name = artistName.get(String(c.artist_id))
    if (!name) continue
    const list = byTrack.get(String(c.track_id)) ?? []
    list.push({ position: Number(c.artist_position), name })
    byTrack.set(String(c.track_id), list)
  }
  return tracks
    .map((t) => ({
      track_id: String(t.track_id),
      isrc: (t.isrc as string | null) ?? null,
      name: (t.name as string | null) ?? null,
      artists: (byTrack.get(String(t.track_id)) ?? [])
        .sort((a, b) => a.position - b.position)
        .map((a) => a.name),
      album: t.album_id === null ? null : (albumName.get(String(t.album_id)) ?? null),
      duration_ms: t.duration_ms === null ? null : Number(t.duration_ms),
    }))
    .sort((a, b) => (a.track_id < b.track_id ? -1 : a.track_id > b.track_id ? 1 : 0))
}

/** The rows of a table's latest snapshot date per `key`, the columns named. */
async function latest(
  files: readonly string[],
  key: string,
  columns: string,
): Promise<Record<string, unknown>[]> {
  if (files.length === 0) return []
  const connection = await writerConnection()
  const list = files.map(sqlString).join(', ')
  const reader = await connection.runAndReadAll(
    `SELECT ${columns} FROM read_parquet([${list}], hive_partitioning = true, union_by_name = true)
     QUALIFY snapshot_date = max(snapshot_date) OVER (PARTITION BY ${key})`,
  )
  return reader.getRowObjectsJS() as Record<string, unknown>[]
}
