/**
 * The lake layout, one for both homes (DESIGN.md):
 *
 *   raw/spotify/<source>/snapshot_date=YYYY-MM-DD/<source-id>/<run-id>-<page>.json
 *   raw/open-music/<service>/snapshot_date=YYYY-MM-DD/<kind>/<run-id>-<seq>.json   (enrichment answers)
 *   transformed/<table>/snapshot_date=YYYY-MM-DD/part-00000.parquet
 *   transformed/<table>/<column>=<value>/part-00000.parquet         (tables partitioned by another column)
 *   quarantine/<raw key>  +  quarantine/<raw key>.reason.json
 *   _catalog/<database>/<table>.json
 *   _state/...                                                       (what runs resume from: STATE_KEYS)
 *   _runs/<run-id>.json
 */
export const RAW_PREFIX = 'raw/spotify/'
export const TRANSFORMED_PREFIX = 'transformed/'
export const QUARANTINE_PREFIX = 'quarantine/'
export const CATALOG_PREFIX = '_catalog/'
export const RUNS_PREFIX = '_runs/'
export const STATE_PREFIX = '_state/'

/**
 * The lake's own state under `_state/`: what the next run resumes from. Only the stage that owns
 * a file reads or writes it; the keys live here so the layout is read in one place.
 */
export const STATE_KEYS = {
  /** The incremental sources' cursors (extract/extract-state.ts). */
  extractState: `${STATE_PREFIX}spotify/extract-state.json`,
  /** A stopped extraction's pages, so the next run for its date picks up there. */
  extractCheckpoint: `${STATE_PREFIX}spotify/extract-checkpoint.json`,
  /** The back-fill of tracks only an export names (extract/backfill-state.ts). */
  backfill: `${STATE_PREFIX}spotify/backfill.json`,
  /** Spotify requests counted per day across runs (extract/request-budget.ts). */
  requestBudget: `${STATE_PREFIX}spotify/request-budget.json`,
  /** Whose listening history the lake holds (import/export-account.ts). */
  exportAccount: `${STATE_PREFIX}spotify-export/account.json`,
  /** The daemon's last scheduled run (pipeline/daemon/schedule-state.ts). */
  schedule: `${STATE_PREFIX}daemon/schedule.json`,
  /** The filesystem store's cache of file MD5s (lake/stores/fs.ts), never listed as an object. */
  fsEtags: `${STATE_PREFIX}fs-store-etags.json`,
  /** What the enrichment asked MusicBrainz and ListenBrainz, and when (enrich/enrich-state.ts). */
  openMusicEnrich: `${STATE_PREFIX}open-music/enrich-state.json`,
  /** The folder of the lake's lease records (lease/). */
  lease: `${STATE_PREFIX}lease`,
  /** One transform ledger per snapshot date (transformLedgerKey). */
  transformLedger: `${STATE_PREFIX}transform-ledger/`,
} as const

/**
 * What a raw object holds: the endpoint family its response came from, or `streaming_history`
 * for the streams of an imported Spotify data export (spotify-export/export-object.ts).
 */
export type RawSource =
  | 'playlists'
  | 'playlist_items'
  | 'artists'
  | 'albums'
  | 'tracks'
  | 'my_playlists'
  | 'saved_tracks'
  | 'recently_played'
  | 'top_artists'
  | 'top_tracks'
  | 'artist_albums'
  | 'album_tracks'
  | 'search'
  | 'streaming_history'

export const RAW_SOURCES: readonly RawSource[] = [
  'playlists',
  'playlist_items',
  'artists',
  'albums',
  'tracks',
  'my_playlists',
  'saved_tracks',
  'recently_played',
  'top_artists',
  'top_tracks',
  'artist_albums',
  'album_tracks',
  'search',
  'streaming_history',
]

export interface RawKeyParts {
  source: RawSource
  snapshotDate: string
  sourceId: string
  runId: string
  page: number
}

export function rawKey(parts: RawKeyParts): string {
  const page = String(parts.page).padStart(4, '0')
  return `${RAW_PREFIX}${parts.source}/snapshot_date=${parts.snapshotDate}/${parts.sourceId}/${parts.runId}-${page}.json`
}

const RAW_KEY = /^raw\/spotify\/([a-z_]+)\/snapshot_date=(\d{4}-\d{2}-\d{2})\/([^/]+)\/([^/]+)-(\d+)\.json$/

export function parseRawKey(key: string): RawKeyParts | undefined {
  const match = RAW_KEY.exec(key)
  if (!match) return undefined
  const [, source, snapshotDate, sourceId, runId, page] = match
  if (!RAW_SOURCES.includes(source as RawSource)) return undefined
  return {
    source: source as RawSource,
    snapshotDate: snapshotDate!,
    sourceId: sourceId!,
    runId: runId!,
    page: Number(page),
  }
}

/** The services the enrichment stage asks (open-music/), and what each raw answer was a request for. */
export type OpenMusicService = 'musicbrainz' | 'listenbrainz'
export type OpenMusicKind =
  /** MusicBrainz `GET /ws/2/isrc/{isrc}?inc=artist-credits+tags`. */
  | 'isrc'
  /** MusicBrainz `GET /ws/2/recording/{mbid}` (a merged MBID's 301, a candidate's details). */
  | 'recording'
  /** MusicBrainz `GET /ws/2/genre/all?fmt=txt`. */
  | 'genres'
  /** ListenBrainz `POST /1/popularity/recording` and `/1/popularity/artist`. */
  | 'recording_popularity'
  | 'artist_popularity'
  /** ListenBrainz `POST /1/metadata/recording/` with tags (recording, release group, artist). */
  | 'recording_metadata'
  /** ListenBrainz `POST /1/metadata/lookup/`: by names, for tracks without an ISRC match. */
  | 'metadata_lookup'

export const OPEN_MUSIC_RAW_PREFIX = 'raw/open-music/'

export interface OpenMusicRawKeyParts {
  service: OpenMusicService
  /** The UTC date the answer arrived. */
  snapshotDate: string
  kind: OpenMusicKind
  runId: string
  seq: number
}

/** One answer per object (open-music/raw-answer.ts), so a kill loses nothing already answered. */
export function openMusicRawKey(parts: OpenMusicRawKeyParts): string {
  const seq = String(parts.seq).padStart(6, '0')
  return `${OPEN_MUSIC_RAW_PREFIX}${parts.service}/snapshot_date=${parts.snapshotDate}/${parts.kind}/${parts.runId}-${seq}.json`
}

const OPEN_MUSIC_RAW_KEY =
  /^raw\/open-music\/(musicbrainz|listenbrainz)\/snapshot_date=(\d{4}-\d{2}-\d{2})\/([a-z_]+)\/([^/]+)-(\d+)\.json$/

export function parseOpenMusicRawKey(key: string): OpenMusicRawKeyParts | undefined {
  const match = OPEN_MUSIC_RAW_KEY.exec(key)
  if (!match) return undefined
  const [, service, snapshotDate, kind, runId, seq] = match
  return {
    service: service as OpenMusicService,
    snapshotDate: snapshotDate!,
    kind: kind as OpenMusicKind,
    runId: runId!,
    seq: Number(seq),
  }
}

export function rawDatePrefixes(snapshotDate: string): string[] {
  return RAW_SOURCES.map((source) => `${RAW_PREFIX}${source}/snapshot_date=${snapshotDate}/`)
}

/** One file per table partition: a partition is rebuilt whole from all its raw objects. */
export function transformedKey(table: string, snapshotDate: string): string {
  return `${TRANSFORMED_PREFIX}${table}/snapshot_date=${snapshotDate}/part-00000.parquet`
}

export function quarantineKeys(raw: string): { copy: string; reason: string } {
  return { copy: `${QUARANTINE_PREFIX}${raw}`, reason: `${QUARANTINE_PREFIX}${raw}.reason.json` }
}

export function catalogKey(database: string, table: string): string {
  return `${CATALOG_PREFIX}${database}/${table}.json`
}

export function transformLedgerKey(snapshotDate: string): string {
  return `${STATE_KEYS.transformLedger}snapshot_date=${snapshotDate}.json`
}

export function runRecordKey(runId: string): string {
  return `${RUNS_PREFIX}${runId}.json`
}
