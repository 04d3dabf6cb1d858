import type { ExportStream } from '../spotify-export/export-files.js'
import { readExportRow } from '../spotify-export/export-row.js'
import { ShapeProblem } from './json-shape.js'
import { type PlayEvent, type PlayedAt, playedAt } from './play-event.js'
import type { Row } from './table-specs.js'

/** An end by the next or previous button: a skip, whatever the `skipped` flag says (it was false 2015-2022). */
const SKIP_ENDS: ReadonlySet<string> = new Set(['fwdbtn', 'backbtn'])

const TRACK_URI = /^spotify:track:([0-9A-Za-z]{22})$/

/**
 * The listening event of one stream of an export, in the `plays` columns (spotify-export
 * NOTES.md 2.2 and 3). What the export does not know (album and artist ids, the track's length,
 * the context) is null; an Account data row has names and ms played only. Throws `ShapeProblem`
 * for a row that is not a stream (the importer lands none, so such a row was edited).
 *
 * @example
 * exportPlayEvent({ ts: '2024-12-30T18:05:00Z', ms_played: 48211, spotify_track_uri: 'spotify:track:2Ex...', reason_end: 'fwdbtn', ... }, 'extended-audio', 'rows[1]')
 * // { origin: 'extended', row: { played_at: '2024-12-30T18:05:00.000Z', item_type: 'track', skipped: true, source: 'export', ... } }
 */
export function exportPlayEvent(value: unknown, stream: ExportStream, path: string): PlayEvent {
  const read = readExportRow(value, stream, true)
  if ('invalid' in read) throw new ShapeProblem(`${path} is ${read.invalid}`)
  const r = read.row
  const at = playedAt(read.endMs)
  const row = stream.startsWith('extended-') ? extendedRow(at, r) : accountRow(at, r, stream)
  const startMs = stream.startsWith('extended-') ? offlineStart(r.offline_timestamp) : undefined
  return {
    origin: stream.startsWith('extended-') ? 'extended' : 'account',
    endMs: read.endMs,
    ...(startMs !== undefined && startMs < read.endMs - (r.ms_played as number) && { startMs }),
    key: read.key,
    row,
  }
}

/**
 * `offline_timestamp` as epoch ms: the start of the stream in current exports (NOTES.md 2.3),
 * in seconds or, on 2016-2022 plays, milliseconds; 0, 1 and null mean none.
 */
function offlineStart(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined
  if (value > 1e11) return value
  return value < 1.2e9 ? undefined : value * 1000
}

/**
 * The rows are object literals with every column, `played_at` first: V8 builds one of these
 * about twenty times faster than `{ ...playedAt(), ...columns }` (which cost 100 µs a stream,
 * most of an import's transform).
 */
function extendedRow(at: PlayedAt, r: Record<string, unknown>): Row {
  const trackUri = text(r.spotify_track_uri)
  const episodeUri = text(r.spotify_episode_uri)
  const audiobook = text(r.audiobook_uri) ?? text(r.audiobook_chapter_uri)
  const trackName = text(r.master_metadata_track_name)
  const itemType = trackUri
    ? 'track'
    : episodeUri
      ? 'episode'
      : audiobook
        ? 'audiobook'
        : trackName
          ? 'local'
          : null
  const reasonEnd = text(r.reason_end)
  const flag = flagOf(r.skipped)
  return {
    played_at: at.played_at,
    played_date: at.played_date,
    played_month: at.played_month,
    track_id: trackUri ? (TRACK_URI.exec(trackUri)?.[1] ?? null) : null,
    track_name: trackName,
    album_id: null,
    album_name: text(r.master_metadata_album_album_name),
    artist_id: null,
    artist_name: text(r.master_metadata_album_artist_name),
    duration_ms: null,
    ms_played: r.ms_played as number,
    item_type: itemType,
    episode_name: itemType === 'audiobook' ? text(r.audiobook_chapter_title) : text(r.episode_name),
    show_name: itemType === 'audiobook' ? text(r.audiobook_title) : text(r.episode_show_name),
    reason_start: text(r.reason_start),
    reason_end: reasonEnd,
    skipped: flag === true || (reasonEnd !== null && SKIP_ENDS.has(reasonEnd)) ? true : flag,
    shuffle: flagOf(r.shuffle),
    offline: flagOf(r.offline),
    incognito_mode: flagOf(r.incognito_mode),
    platform: text(r.platform),
    conn_country: text(r.conn_country),
    context_type: null,
    context_uri: null,
    source: 'export',
  }
}

function accountRow(at: PlayedAt, r: Record<string, unknown>, stream: ExportStream): Row {
  const music = stream === 'account-music'
  const podcast = stream === 'account-podcast'
  return {
    played_at: at.played_at,
    played_date: at.played_date,
    played_month: at.played_month,
    track_id: null,
    track_name: music ? text(r.trackName) : null,
    album_id: null,
    album_name: null,
    artist_id: null,
    artist_name: music ? text(r.artistName) : null,
    duration_ms: null,
    ms_played: r.msPlayed as number,
    item_type: music ? 'track' : podcast ? 'episode' : 'audiobook',
    episode_name: music ? null : podcast ? text(r.episodeName) : text(r.chapterName),
    show_name: music ? null : podcast ? text(r.podcastName) : text(r.audiobookName),
    reason_start: null,
    reason_end: null,
    skipped: null,
    shuffle: null,
    offline: null,
    incognito_mode: null,
    platform: null,
    conn_country: null,
    context_type: null,
    context_uri: null,
    source: 'export',
  }
}

/** A string value; `""` and anything else read as null (the export has both for "unknown"). */
function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

function flagOf(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null
}
