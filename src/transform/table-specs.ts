/**
 * The table contract (DESIGN.md): names and columns that queries, the dashboard and users depend on.
 * Column types are DuckDB types, which the Parquet writer uses; the crawler reads the resulting
 * Parquet footers to produce Glue types. Every table is partitioned by `snapshot_date` (a string),
 * which lives in the folder name, not in the files.
 */
export type ColumnType = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'BOOLEAN' | 'DATE' | 'TIMESTAMP_MS' | 'VARCHAR[]'

export interface ColumnSpec {
  readonly name: string
  readonly type: ColumnType
}

export interface TableSpec {
  readonly name: TableName
  readonly columns: readonly ColumnSpec[]
  /** Columns that identify a row within one snapshot_date partition (no two rows share them). */
  readonly key: readonly string[]
  /**
   * The column the table is partitioned by instead of `snapshot_date` (`plays` by `played_month`,
   * `YYYY-MM`: a month of listening is one file, so ten years are 120 files to query, not 3,650).
   * The rows carry it and the writer makes it the folder; snapshot dates share such a partition,
   * and `key` identifies a row across all of them.
   */
  readonly partitionedBy?: string
}

export const PARTITION_KEY = 'snapshot_date'

export type TableName =
  | 'playlist_tracks'
  | 'playlists'
  | 'tracks'
  | 'track_artists'
  | 'albums'
  | 'artists'
  | 'songs'
  | 'album'
  | 'artist'
  | 'plays'
  | 'saved_tracks'
  | 'user_top'

const col = (name: string, type: ColumnType): ColumnSpec => ({ name, type })

export const TABLE_SPECS: readonly TableSpec[] = [
  {
    name: 'playlist_tracks',
    key: ['playlist_id', 'position'],
    columns: [
      col('playlist_id', 'VARCHAR'),
      col('position', 'INTEGER'),
      col('track_id', 'VARCHAR'),
      col('item_uri', 'VARCHAR'),
      col('item_name', 'VARCHAR'),
      col('added_at', 'TIMESTAMP_MS'),
      col('added_by', 'VARCHAR'),
      col('item_type', 'VARCHAR'),
      col('is_local', 'BOOLEAN'),
      col('playlist_snapshot_id', 'VARCHAR'),
    ],
  },
  {
    name: 'playlists',
    key: ['playlist_id'],
    columns: [
      col('playlist_id', 'VARCHAR'),
      col('name', 'VARCHAR'),
      col('description', 'VARCHAR'),
      col('owner_id', 'VARCHAR'),
      col('snapshot_id', 'VARCHAR'),
      col('followers', 'BIGINT'),
      col('total_items', 'INTEGER'),
      col('public', 'BOOLEAN'),
      col('collaborative', 'BOOLEAN'),
    ],
  },
  {
    name: 'tracks',
    key: ['track_id'],
    columns: [
      col('track_id', 'VARCHAR'),
      col('name', 'VARCHAR'),
      col('duration_ms', 'INTEGER'),
      col('explicit', 'BOOLEAN'),
      col('popularity', 'INTEGER'),
      col('isrc', 'VARCHAR'),
      col('album_id', 'VARCHAR'),
      col('disc_number', 'INTEGER'),
      col('track_number', 'INTEGER'),
    ],
  },
  {
    name: 'track_artists',
    key: ['track_id', 'artist_position'],
    columns: [col('track_id', 'VARCHAR'), col('artist_id', 'VARCHAR'), col('artist_position', 'INTEGER')],
  },
  {
    name: 'albums',
    key: ['album_id'],
    columns: [
      col('album_id', 'VARCHAR'),
      col('name', 'VARCHAR'),
      col('album_type', 'VARCHAR'),
      col('release_date', 'DATE'),
      col('release_date_precision', 'VARCHAR'),
      col('release_year', 'INTEGER'),
      col('total_tracks', 'INTEGER'),
      col('label', 'VARCHAR'),
      col('upc', 'VARCHAR'),
      col('popularity', 'INTEGER'),
    ],
  },
  {
    name: 'artists',
    key: ['artist_id'],
    columns: [
      col('artist_id', 'VARCHAR'),
      col('name', 'VARCHAR'),
      col('genres', 'VARCHAR[]'),
      col('followers', 'BIGINT'),
      col('popularity', 'INTEGER'),
    ],
  },
  {
    name: 'songs',
    key: ['song_id'],
    columns: [
      col('song_id', 'VARCHAR'),
      col('song_name', 'VARCHAR'),
      col('duration_ms', 'INTEGER'),
      col('url', 'VARCHAR'),
      col('popularity', 'INTEGER'),
      col('song_added', 'TIMESTAMP_MS'),
      col('album_id', 'VARCHAR'),
      col('artist_id', 'VARCHAR'),
    ],
  },
  {
    name: 'album',
    key: ['album_id'],
    columns: [
      col('album_id', 'VARCHAR'),
      col('name', 'VARCHAR'),
      col('release_date', 'DATE'),
      col('total_tracks', 'INTEGER'),
      col('url', 'VARCHAR'),
    ],
  },
  {
    name: 'artist',
    key: ['artist_id'],
    columns: [col('artist_id', 'VARCHAR'), col('artist_name', 'VARCHAR'), col('external_url', 'VARCHAR')],
  },
  {
    name: 'plays',
    key: ['played_at', 'track_id', 'track_name', 'episode_name', 'source'],
    partitionedBy: 'played_month',
    columns: [
      col('played_at', 'TIMESTAMP_MS'),
      col('played_date', 'VARCHAR'),
      col('played_month', 'VARCHAR'),
      col('track_id', 'VARCHAR'),
      col('track_name', 'VARCHAR'),
      col('album_id', 'VARCHAR'),
      col('album_name', 'VARCHAR'),
      col('artist_id', 'VARCHAR'),
      col('artist_name', 'VARCHAR'),
      col('duration_ms', 'INTEGER'),
      col('ms_played', 'INTEGER'),
      col('item_type', 'VARCHAR'),
      col('episode_name', 'VARCHAR'),
      col('show_name', 'VARCHAR'),
      col('reason_start', 'VARCHAR'),
      col('reason_end', 'VARCHAR'),
      col('skipped', 'BOOLEAN'),
      col('shuffle', 'BOOLEAN'),
      col('offline', 'BOOLEAN'),
      col('incognito_mode', 'BOOLEAN'),
      col('platform', 'VARCHAR'),
      col('conn_country', 'VARCHAR'),
      col('context_type', 'VARCHAR'),
      col('context_uri', 'VARCHAR'),
      col('source', 'VARCHAR'),
    ],
  },
  {
    name: 'saved_tracks',
    key: ['track_id', 'added_at'],
    columns: [
      col('added_at', 'TIMESTAMP_MS'),
      col('track_id', 'VARCHAR'),
      col('track_name', 'VARCHAR'),
      col('album_id', 'VARCHAR'),
      col('artist_id', 'VARCHAR'),
      col('duration_ms', 'INTEGER'),
      col('explicit', 'BOOLEAN'),
    ],
  },
  {
    name: 'user_top',
    key: ['item_type', 'time_range', 'rank'],
    columns: [
      col('item_type', 'VARCHAR'),
      col('time_range', 'VARCHAR'),
      col('rank', 'INTEGER'),
      col('item_id', 'VARCHAR'),
      col('name', 'VARCHAR'),
      col('popularity', 'INTEGER'),
    ],
  },
]

export function tableSpec(name: TableName): TableSpec {
  const spec = TABLE_SPECS.find((t) => t.name === name)
  if (!spec) throw new Error(`unknown table ${name}`)
  return spec
}

/**
 * A row as the pure transform produces it: JSON values only. DATE columns hold `YYYY-MM-DD`,
 * TIMESTAMP_MS columns hold ISO-8601 UTC strings, VARCHAR[] columns hold string arrays;
 * a field the API did not return is `null`, never 0 or ''.
 */
export type Row = Readonly<Record<string, string | number | boolean | null | readonly string[]>>

export type TableRows = Readonly<Record<TableName, readonly Row[]>>
