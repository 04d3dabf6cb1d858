import type { SyntheticCatalog } from '../catalog.js'
import type { Stream } from '../listening/stream.js'

/** The 23 keys of a current (2025 on) Extended streaming history row, in Spotify's order (NOTES.md §2.1, shape C). */
export const EXPORT_KEYS = [
  'ts',
  'platform',
  'ms_played',
  'conn_country',
  'ip_addr',
  'master_metadata_track_name',
  'master_metadata_album_artist_name',
  'master_metadata_album_album_name',
  'spotify_track_uri',
  'episode_name',
  'episode_show_name',
  'spotify_episode_uri',
  'audiobook_title',
  'audiobook_uri',
  'audiobook_chapter_uri',
  'audiobook_chapter_title',
  'reason_start',
  'reason_end',
  'shuffle',
  'skipped',
  'offline',
  'offline_timestamp',
  'incognito_mode',
] as const

export type ExportRow = Record<(typeof EXPORT_KEYS)[number], string | number | boolean | null>

/** Exports give `offline_timestamp` in milliseconds for plays of about 2016 to 2022, in seconds since. */
const SECONDS_FROM = Date.UTC(2023, 0, 1)

/**
 * A stream as Spotify's export writes it: `ts` the end in whole seconds (late after a logout),
 * `offline_timestamp` the start (null on audiobook rows), the IP address (personal data the
 * importer drops), names from the catalog and one URI by kind of item (none for a local file).
 */
export function exportRow(catalog: SyntheticCatalog, stream: Stream): ExportRow {
  const { item } = stream
  const track = item.kind === 'track' ? catalog.track(item.trackId)! : undefined
  const album = track ? catalog.album(track.albumId)! : undefined
  const local = item.kind === 'local' ? item.local : undefined
  const episode = item.kind === 'episode' ? item.episode : undefined
  const chapter = item.kind === 'audiobook' ? item.chapter : undefined
  return {
    ts: new Date(stream.tsMs).toISOString().replace('.000Z', 'Z'),
    platform: stream.platform,
    ms_played: stream.msPlayed,
    conn_country: stream.country,
    ip_addr: stream.ip,
    master_metadata_track_name: track?.name ?? local?.title ?? null,
    master_metadata_album_artist_name: track
      ? catalog.artist(track.artistIds[0]!)!.name
      : (local?.artistName ?? null),
    master_metadata_album_album_name: album?.name ?? local?.albumName ?? null,
    spotify_track_uri: track ? `spotify:track:${track.id}` : null,
    episode_name: episode?.name ?? null,
    episode_show_name: episode?.showName ?? null,
    spotify_episode_uri: episode ? `spotify:episode:${episode.id}` : null,
    audiobook_title: chapter?.bookTitle ?? null,
    audiobook_uri: chapter ? `spotify:show:${chapter.bookId}` : null,
    audiobook_chapter_uri: chapter ? `spotify:episode:${chapter.chapterId}` : null,
    audiobook_chapter_title: chapter?.chapterTitle ?? null,
    reason_start: stream.reasonStart,
    reason_end: stream.reasonEnd,
    shuffle: stream.shuffle,
    skipped: stream.skipped,
    offline: stream.offline,
    offline_timestamp:
      stream.offline === null
        ? null
        : stream.startMs >= SECONDS_FROM
          ? Math.floor(stream.startMs / 1000)
          : stream.startMs,
    incognito_mode: stream.incognito,
  }
}

/** A row as an element of a pretty-printed export file: two-space indent, `": "`, as 2024-2026 exports. */
export function renderRow(row: ExportRow): string {
  return `  ${JSON.stringify(row, null, 2).replaceAll('\n', '\n  ')}`
}
