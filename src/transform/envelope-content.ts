import type { ApiMode } from '../spotify/api-mode.js'
import type { ExportContent } from './read-export-object.js'
import type { UserContent } from './user-content.js'

/**
 * What one raw envelope says, normalised across the two API shapes (extended and development).
 * Field names follow Spotify's and the envelope's; a field the response did not carry is `null`.
 * Timestamps are ISO-8601 UTC with milliseconds.
 */
export type EnvelopeContent =
  | PlaylistContent
  | PlaylistItemsContent
  | ArtistsContent
  | AlbumsContent
  | TracksContent
  | UserContent
  | ExportContent

/** Where the content came from: copied from the envelope. */
export interface ContentOrigin {
  readonly source_id: string
  readonly run_id: string
  readonly snapshot_date: string
  readonly extracted_at: string
  readonly page: number
  readonly api_mode: ApiMode
  readonly synthetic: boolean
}

/** Get Playlist: the playlist's metadata and, unless metadata-only, its first items page (page 0). */
export interface PlaylistContent extends ContentOrigin {
  readonly source: 'playlists'
  readonly playlist: PlaylistMeta
  /** `null` when the playlist came without contents (development mode, a playlist the user does not own). */
  readonly items: ItemsPage | null
}

/** One Get Playlist Items page (`/tracks` extended, `/items` development); `source_id` is the playlist id. */
export interface PlaylistItemsContent extends ContentOrigin {
  readonly source: 'playlist_items'
  readonly playlist_id: string
  readonly items: ItemsPage
}

/** Get Several Artists (`null` entries counted) or Get Artist. */
export interface ArtistsContent extends ContentOrigin {
  readonly source: 'artists'
  readonly artists: readonly FullArtist[]
  readonly null_entries: number
}

/** Get Several Albums (`null` entries counted) or Get Album. */
export interface AlbumsContent extends ContentOrigin {
  readonly source: 'albums'
  readonly albums: readonly FullAlbum[]
  readonly null_entries: number
}

/** Get Several Tracks (`null` entries counted) or Get Track: the back-fill of imported tracks. */
export interface TracksContent extends ContentOrigin {
  readonly source: 'tracks'
  readonly tracks: readonly Track[]
  readonly null_entries: number
}

export interface PlaylistMeta {
  readonly id: string
  readonly name: string | null
  readonly description: string | null
  readonly owner_id: string | null
  readonly snapshot_id: string | null
  readonly followers: number | null
  /** The playlist's item count, from its items page or its `{href, total}` stub; `null` if neither. */
  readonly total_items: number | null
  readonly public: boolean | null
  readonly collaborative: boolean | null
}

/** One offset page of playlist items. */
export interface ItemsPage {
  readonly offset: number
  readonly limit: number | null
  readonly total: number | null
  /** URL of the following page; `null` on the last page. */
  readonly next: string | null
  /** How many entries the page's `items` array holds, `null` entries included. */
  readonly length: number
  /** Entries whose content was `null` (removed or unavailable): skipped, but their slots kept. */
  readonly null_items: number
  /** The non-null entries, in page order. */
  readonly items: readonly PlaylistItem[]
}

export interface PlaylistItem {
  /** 0-based place in the playlist: page offset + index in the page (the table's position is this + 1). */
  readonly index: number
  readonly added_at: string | null
  /** User id of who added it; `null` when absent or '' (editorial playlists). */
  readonly added_by: string | null
  readonly is_local: boolean
  readonly content: Track | Episode
}

export interface Track {
  readonly type: 'track'
  /** `null` for local files. */
  readonly id: string | null
  readonly uri: string | null
  readonly name: string | null
  readonly duration_ms: number | null
  readonly explicit: boolean | null
  readonly popularity: number | null
  readonly isrc: string | null
  readonly disc_number: number | null
  readonly track_number: number | null
  readonly is_local: boolean
  readonly url: string | null
  readonly album: SimplifiedAlbum | null
  readonly artists: readonly SimplifiedArtist[]
}

export interface Episode {
  readonly type: 'episode'
  readonly id: string | null
  readonly uri: string | null
  readonly name: string | null
  readonly duration_ms: number | null
  readonly explicit: boolean | null
  readonly url: string | null
}

export interface SimplifiedArtist {
  /** `null` for the artists of local files. */
  readonly id: string | null
  readonly name: string | null
  readonly url: string | null
}

export interface FullArtist extends SimplifiedArtist {
  readonly id: string
  /** `null` when absent (development mode); `[]` when Spotify sent an empty list. */
  readonly genres: readonly string[] | null
  readonly followers: number | null
  readonly popularity: number | null
}

export interface SimplifiedAlbum {
  /** `null` for the albums of local files. */
  readonly id: string | null
  readonly name: string | null
  readonly album_type: string | null
  /** As Spotify wrote it: `"1981"`, `"1981-12"` or `"1981-12-15"`. */
  readonly release_date: string | null
  readonly release_date_precision: string | null
  readonly total_tracks: number | null
  readonly url: string | null
  readonly artists: readonly SimplifiedArtist[]
}

export interface FullAlbum extends SimplifiedAlbum {
  readonly id: string
  readonly label: string | null
  readonly upc: string | null
  readonly popularity: number | null
}
