import type { ColumnSpec, ColumnType, Row } from '../transform/table-specs.js'

/**
 * The open-data tables: what MusicBrainz and ListenBrainz say of the lake's tracks (README, The
 * tables). Each is one partition, `snapshot_date=` the day of the newest answer it holds, rebuilt
 * whole from every answer under `raw/open-music/` (the latest answer to each question wins): the
 * answers are cached for weeks, so one day's answers hold only what was new that day, and the
 * state of the catalogue is all of them together. Tags, genres and their counts are MusicBrainz
 * data under CC BY-NC-SA 3.0; listening counts are ListenBrainz's.
 */
export type OpenMusicTableName =
  | 'track_recordings'
  | 'track_genres'
  | 'track_tags'
  | 'artist_genres'
  | 'recording_popularity'
  | 'artist_popularity'

export interface OpenMusicTableSpec {
  readonly name: OpenMusicTableName
  readonly columns: readonly ColumnSpec[]
  /** Columns that identify a row (no two rows share them). */
  readonly key: readonly string[]
}

export type OpenMusicTableRows = Readonly<Record<OpenMusicTableName, readonly Row[]>>

const col = (name: string, type: ColumnType): ColumnSpec => ({ name, type })

const COUNTS = [
  col('total_listen_count', 'BIGINT'),
  col('total_user_count', 'BIGINT'),
  col('popularity', 'INTEGER'),
]

export const OPEN_MUSIC_TABLE_SPECS: readonly OpenMusicTableSpec[] = [
  {
    name: 'track_recordings',
    key: ['track_id'],
    columns: [
      col('track_id', 'VARCHAR'),
      col('isrc', 'VARCHAR'),
      col('recording_mbid', 'VARCHAR'),
      col('recording_title', 'VARCHAR'),
      col('candidate_mbids', 'VARCHAR[]'),
      col('duplicate_mbids', 'VARCHAR[]'),
      col('artist_mbids', 'VARCHAR[]'),
      col('low_confidence', 'BOOLEAN'),
      col('match_source', 'VARCHAR'),
      col('unmatched_reason', 'VARCHAR'),
      ...COUNTS,
    ],
  },
  {
    name: 'track_genres',
    key: ['track_id', 'genre'],
    columns: [
      col('track_id', 'VARCHAR'),
      col('genre', 'VARCHAR'),
      col('genre_mbid', 'VARCHAR'),
      col('count', 'INTEGER'),
      col('tier', 'VARCHAR'),
    ],
  },
  {
    name: 'track_tags',
    key: ['track_id', 'tier', 'tag'],
    columns: [
      col('track_id', 'VARCHAR'),
      col('tag', 'VARCHAR'),
      col('count', 'INTEGER'),
      col('tier', 'VARCHAR'),
    ],
  },
  {
    name: 'artist_genres',
    key: ['artist_mbid', 'genre'],
    columns: [
      col('artist_mbid', 'VARCHAR'),
      col('artist_name', 'VARCHAR'),
      col('artist_id', 'VARCHAR'),
      col('genre', 'VARCHAR'),
      col('genre_mbid', 'VARCHAR'),
      col('count', 'INTEGER'),
    ],
  },
  {
    name: 'recording_popularity',
    key: ['recording_mbid'],
    columns: [col('recording_mbid', 'VARCHAR'), ...COUNTS],
  },
  {
    name: 'artist_popularity',
    key: ['artist_mbid'],
    columns: [
      col('artist_mbid', 'VARCHAR'),
      col('artist_name', 'VARCHAR'),
      col('artist_id', 'VARCHAR'),
      ...COUNTS,
    ],
  },
]
