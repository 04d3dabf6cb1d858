import type { ContentOrigin, FullArtist, Track } from './envelope-content.js'

/**
 * What the raw envelopes of the user-data and catalog sources say (see user-rows.ts for the tables
 * they feed): recently played, saved tracks, top items, search, and listings that feed no table.
 */
export type UserContent = PlaysContent | SavedTracksContent | TopContent | SearchContent | ListingContent

/** One page of `/me/player/recently-played`. */
export interface PlaysContent extends ContentOrigin {
  readonly source: 'recently_played'
  readonly plays: readonly Play[]
}

export interface Play {
  /** ISO-8601 UTC with milliseconds. */
  readonly played_at: string
  readonly track: Track
  /** `playlist`, `album`, `artist`, `show`, or `null` when the play had no context. */
  readonly context_type: string | null
  readonly context_uri: string | null
}

/** One page of `/me/tracks`; only saves after `after` are new (the envelope's `after-<ms>` source id). */
export interface SavedTracksContent extends ContentOrigin {
  readonly source: 'saved_tracks'
  /** ISO instant: the newest save an earlier run landed; `null` on the first run. */
  readonly after: string | null
  readonly saved: readonly { readonly added_at: string; readonly track: Track }[]
}

/** One page of `/me/top/{artists|tracks}`; the rank of an item is `offset + index + 1`. */
export interface TopContent extends ContentOrigin {
  readonly source: 'top_artists' | 'top_tracks'
  readonly time_range: string
  readonly offset: number
  readonly artists: readonly FullArtist[]
  readonly tracks: readonly Track[]
}

/** One page of `/search` results. */
export interface SearchContent extends ContentOrigin {
  readonly source: 'search'
  readonly tracks: readonly Track[]
  readonly artists: readonly FullArtist[]
}

/** A listing that is landed but feeds no table of its own (`/me/playlists`, artist albums, album tracks). */
export interface ListingContent extends ContentOrigin {
  readonly source: 'my_playlists' | 'artist_albums' | 'album_tracks'
  readonly items: number
}
