import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { sqlString } from '../sql-quote.js'

/** The keys of a current Extended streaming history row (shape C), as DuckDB should read them. */
const EXPORT_COLUMNS = {
  ts: 'VARCHAR',
  platform: 'VARCHAR',
  ms_played: 'INTEGER',
  conn_country: 'VARCHAR',
  master_metadata_track_name: 'VARCHAR',
  master_metadata_album_artist_name: 'VARCHAR',
  master_metadata_album_album_name: 'VARCHAR',
  spotify_track_uri: 'VARCHAR',
  episode_name: 'VARCHAR',
  episode_show_name: 'VARCHAR',
  spotify_episode_uri: 'VARCHAR',
  audiobook_title: 'VARCHAR',
  audiobook_uri: 'VARCHAR',
  audiobook_chapter_uri: 'VARCHAR',
  audiobook_chapter_title: 'VARCHAR',
  reason_start: 'VARCHAR',
  reason_end: 'VARCHAR',
  shuffle: 'BOOLEAN',
  skipped: 'BOOLEAN',
  offline: 'BOOLEAN',
  incognito_mode: 'BOOLEAN',
}

/** The `plays` columns, from one export row, as the transform derives them (transform/export-play-rows.ts). */
const PLAYS_SELECT = `
  CAST(strptime(ts, '%Y-%m-%dT%H:%M:%SZ') AS TIMESTAMP_MS) AS played_at,
  substr(ts, 1, 10) AS played_date,
  nullif(regexp_extract(spotify_track_uri, '^spotify:track:([0-9A-Za-z]{22})$', 1), '') AS track_id,
  nullif(master_metadata_track_name, '') AS track_name,
  CAST(NULL AS VARCHAR) AS album_id,
  nullif(master_metadata_album_album_name, '') AS album_name,
  CAST(NULL AS VARCHAR) AS artist_id,
  nullif(master_metadata_album_artist_name, '') AS artist_name,
  CAST(NULL AS INTEGER) AS duration_ms,
  ms_played,
  item_type,
  CASE WHEN item_type = 'audiobook' THEN nullif(audiobook_chapter_title, '') ELSE nullif(episode_name, '') END AS episode_name,
  CASE WHEN item_type = 'audiobook' THEN nullif(audiobook_title, '') ELSE nullif(episode_show_name, '') END AS show_name,
  nullif(reason_start, '') AS reason_start,
  nullif(reason_end, '') AS reason_end,
  CASE WHEN skipped IS TRUE OR reason_end IN ('fwdbtn', 'backbtn') THEN true ELSE skipped END AS skipped,
  shuffle,
  offline,
  incognito_mode,
  nullif(platform, '') AS platform,
  nullif(conn_country, '') AS conn_country,
  CAST(NULL AS VARCHAR) AS context_type,
  CAST(NULL AS VARCHAR) AS context_uri,
  'export' AS source`

const ITEM_TYPE = `CASE
    WHEN nullif(spotify_track_uri, '') IS NOT NULL THEN 'track'
    WHEN nullif(spotify_episode_uri, '') IS NOT NULL THEN 'episode'
    WHEN coalesce(nullif(audiobook_uri, ''), nullif(audiobook_chapter_uri, '')) IS NOT NULL THEN 'audiobook'
    WHEN nullif(master_metadata_track_name, '') IS NOT NULL THEN 'local'
  END`

/**
 * The plain job the import bench compares with: DuckDB reads every listening file of an
 * extracted export in one scan (`read_json` with an explicit schema) and writes the same `plays`
 * columns, partitioned by `played_date`, as Parquet. No raw zone, no deduplication against a
 * lake, no matching with the API's plays: the floor for turning those files into that table.
 * Returns the rows written.
 */
export async function referenceImport(exportDir: string, out: string): Promise<number> {
  const { DuckDBInstance } = await import('@duckdb/node-api')
  mkdirSync(out, { recursive: true })
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  })
  const c = await instance.connect()
  const columns = Object.entries(EXPORT_COLUMNS)
    .map(([name, type]) => `${name}: '${type}'`)
    .join(', ')
  const files = sqlString(path.join(exportDir, '**', 'Streaming_History_*.json'))
  const scan = `read_json(${files}, format = 'array', columns = {${columns}}, maximum_object_size = 16777216)`
  const reader = await c.runAndReadAll(
    `COPY (SELECT ${PLAYS_SELECT} FROM (SELECT *, ${ITEM_TYPE} AS item_type FROM ${scan})) TO ${sqlString(path.join(out, 'plays'))} (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (played_date))`,
  )
  const rows = Number(reader.getRows()[0]?.[0] ?? 0)
  c.closeSync()
  instance.closeSync()
  return rows
}
