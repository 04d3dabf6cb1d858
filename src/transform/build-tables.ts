import { collectCatalog } from './catalog.js'
import { catalogRows } from './catalog-rows.js'
import { compareContents } from './content-order.js'
import type {
  AlbumsContent,
  ArtistsContent,
  EnvelopeContent,
  PlaylistContent,
  PlaylistItemsContent,
  TracksContent,
} from './envelope-content.js'
import { SnapshotDateMixedError } from './errors.js'
import { mergePlays } from './merge-plays.js'
import { playEvents } from './play-events.js'
import { playlistRows } from './playlist-rows.js'
import { orderByKey } from './row-order.js'
import { seedRows } from './seed-rows.js'
import { compareText, selectPlaylistRuns } from './select-runs.js'
import { type Row, TABLE_SPECS, type TableName, type TableRows } from './table-specs.js'
import type { UserContent } from './user-content.js'
import { userRows } from './user-rows.js'

/** What the transform of one partition did, for logs and the run report. */
export interface TransformStats {
  /** Contents given. */
  readonly envelopes: number
  /** Contents that fed the tables: the selected run of each playlist, every artists/albums content. */
  readonly envelopesUsed: number
  /** Playlist contents of superseded runs (an older run, or an incomplete later one). */
  readonly envelopesIgnored: number
  /** Playlist entries whose content was `null` (skipped; their positions kept). */
  readonly nullItems: number
  /** `null` entries in Get Several Artists/Albums responses (unknown ids). */
  readonly nullEntities: number
  /** Rows dropped because their key repeated an earlier row's (overlapping pages, mostly). */
  readonly duplicateRowsRemoved: number
  /** `playlist_tracks` rows that are local files (track_id null). */
  readonly localFiles: number
  /** `playlist_tracks` rows that are podcast episodes. */
  readonly episodes: number
  /** Playlists for which no run was complete, so the latest (incomplete) run was used; sorted. */
  readonly incompletePlaylists: readonly string[]
  /** True when any content used came from the built-in emulator (synthetic data). */
  readonly synthetic: boolean
}

export interface BuiltTables {
  readonly tables: TableRows
  readonly stats: TransformStats
}

/**
 * Builds the rows of every table of one snapshot_date partition (the partition column itself is
 * not in the rows: it is the folder) from the contents of that day's raw envelopes. Pure and
 * deterministic: rows are sorted by each table's key, whatever the order of `contents`.
 *
 * @example
 * const { tables, stats } = buildTables(envelopes.map(readEnvelope))
 * tables.playlist_tracks // [{ playlist_id, position: 1, track_id, ... }, ...]
 */
export function buildTables(contents: readonly EnvelopeContent[]): BuiltTables {
  const dates = [...new Set(contents.map((c) => c.snapshot_date))].sort(compareText)
  if (dates.length > 1) {
    throw new SnapshotDateMixedError(
      `buildTables takes the contents of one snapshot_date partition, got ${dates.join(', ')}`,
    )
  }
  const ordered = [...contents].sort(compareContents)
  const playlistContents = ordered.filter(
    (c): c is PlaylistContent | PlaylistItemsContent =>
      c.source === 'playlists' || c.source === 'playlist_items',
  )
  const entityContents = ordered.filter(
    (c): c is ArtistsContent | AlbumsContent | TracksContent =>
      c.source === 'artists' || c.source === 'albums' || c.source === 'tracks',
  )

  const userContents = ordered.filter((c): c is UserContent => USER_SOURCES.has(c.source))
  const exportContents = ordered.filter((c) => c.source === 'streaming_history')

  const selection = selectPlaylistRuns(playlistContents)
  const fromPlaylists = playlistRows(selection.playlists)
  const catalog = collectCatalog(selection.playlists, entityContents)
  const unordered: Record<TableName, Row[]> = {
    playlist_tracks: fromPlaylists.playlist_tracks,
    playlists: fromPlaylists.playlists,
    ...catalogRows(catalog),
    ...seedRows(catalog),
    ...userRows(userContents),
  }
  let duplicates = 0
  const tables = {} as Record<TableName, readonly Row[]>
  for (const spec of TABLE_SPECS) {
    if (spec.name === 'plays') {
      // One row per play whichever sources hold it: matched and ordered by mergePlays, not by key.
      tables.plays = mergePlays(playEvents(contents))
      continue
    }
    const sorted = orderByKey(spec.name, unordered[spec.name])
    tables[spec.name] = sorted.rows
    duplicates += sorted.duplicates
  }

  const usedOrigins = [
    ...selection.playlists.flatMap((p) => [
      ...(p.playlist ? [p.playlist] : []),
      ...p.pages.map((s) => s.origin),
    ]),
    ...entityContents,
    ...userContents,
    ...exportContents,
  ]
  return {
    tables,
    stats: {
      envelopes: contents.length,
      envelopesUsed:
        selection.envelopesUsed + entityContents.length + userContents.length + exportContents.length,
      envelopesIgnored: selection.envelopesIgnored,
      nullItems: fromPlaylists.nullItems,
      nullEntities: entityContents.reduce((sum, c) => sum + c.null_entries, 0),
      duplicateRowsRemoved: duplicates,
      localFiles: tables.playlist_tracks.filter((row) => row.is_local === true).length,
      episodes: tables.playlist_tracks.filter((row) => row.item_type === 'episode').length,
      incompletePlaylists: selection.playlists.filter((p) => !p.complete).map((p) => p.playlist_id),
      synthetic: usedOrigins.some((origin) => origin.synthetic),
    },
  }
}

/** The sources of the user-data and catalog-source contents (user-rows.ts). */
const USER_SOURCES: ReadonlySet<string> = new Set<UserContent['source']>([
  'recently_played',
  'saved_tracks',
  'top_artists',
  'top_tracks',
  'search',
  'my_playlists',
  'artist_albums',
  'album_tracks',
])
