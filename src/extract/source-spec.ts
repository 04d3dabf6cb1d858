/** The top items of a user: artists or tracks, over one of Spotify's three time ranges. */
export type TimeRange = 'short_term' | 'medium_term' | 'long_term'
export type SearchType = 'track' | 'artist' | 'album' | 'playlist'

/**
 * One configured source (the config file's `sources` entries, already validated):
 * - `playlist`: one playlist by id
 * - `my_playlists`: every playlist of the authorised user (an unchanged `snapshot_id` costs no request)
 * - `saved_tracks`: the user's saved tracks, incrementally by `added_at`
 * - `recently_played`: the user's plays, incrementally by cursor
 * - `top`: the user's top artists or tracks over a time range
 * - `artist_catalog`: an artist's albums (and their tracks)
 * - `search`: up to `max_results` results of a search query
 */
export type SourceSpec =
  | { type: 'playlist'; id: string }
  | { type: 'my_playlists' }
  | { type: 'saved_tracks' }
  | { type: 'recently_played' }
  | { type: 'top'; of: 'artists' | 'tracks'; time_range: TimeRange }
  | { type: 'artist_catalog'; id: string; include_groups: string }
  | { type: 'search'; query: string; search_type: SearchType; max_results: number }

/** A short name for messages and reports, e.g. `top tracks (short_term)`. */
export function sourceLabel(spec: SourceSpec): string {
  switch (spec.type) {
    case 'playlist':
      return `playlist ${spec.id}`
    case 'top':
      return `top ${spec.of} (${spec.time_range})`
    case 'artist_catalog':
      return `artist_catalog ${spec.id}`
    case 'search':
      return `search ${spec.search_type} "${spec.query}"`
    default:
      return spec.type
  }
}

/** The OAuth scope a user-data source needs, or undefined for sources an app token can read. */
export function requiredScope(spec: SourceSpec): string | undefined {
  switch (spec.type) {
    case 'my_playlists':
      return 'playlist-read-private'
    case 'saved_tracks':
      return 'user-library-read'
    case 'recently_played':
      return 'user-read-recently-played'
    case 'top':
      return 'user-top-read'
    default:
      return undefined
  }
}
