/**
 * The emulator's catalog model: plain data, independent of how it is rendered as JSON per API mode
 * (see render-catalog.ts and render-playlist.ts).
 */

/** A synthetic artist. `imageHash` is the 24-hex tail of its three image URLs. */
export interface ArtistModel {
  id: string
  name: string
  genres: string[]
  followers: number
  popularity: number
  imageHash: string
}

export type AlbumType = 'album' | 'single' | 'compilation'
export type ReleaseDatePrecision = 'day' | 'month' | 'year'

/** A synthetic album; `trackIds` are in disc/track order and `trackIds.length` is `total_tracks`. */
export interface AlbumModel {
  id: string
  name: string
  albumType: AlbumType
  artistIds: string[]
  releaseDate: string
  releaseDatePrecision: ReleaseDatePrecision
  label: string
  upc: string
  popularity: number
  trackIds: string[]
  imageHash: string
  markets: readonly string[]
}

/** A synthetic track (always on exactly one album). */
export interface TrackModel {
  id: string
  name: string
  albumId: string
  artistIds: string[]
  discNumber: number
  trackNumber: number
  durationMs: number
  explicit: boolean
  isrc: string
  popularity: number
}

/** A podcast show, only as the parent of episodes. */
export interface ShowModel {
  id: string
  name: string
  publisher: string
  description: string
  totalEpisodes: number
  imageHash: string
}

/** A podcast episode, which can appear in playlists. */
export interface EpisodeModel {
  id: string
  name: string
  show: ShowModel
  description: string
  durationMs: number
  explicit: boolean
  releaseDate: string
  language: string
  imageHash: string
  audioClipId: string
}

/** A local file a user added to a playlist (no Spotify id). */
export interface LocalTrackModel {
  uri: string
  artistName: string
  albumName: string
  title: string
  durationMs: number
}

/** What a playlist item points at: a track, an episode, a local file, or nothing (`track: null`). */
export type PlaylistItemRef =
  | { type: 'track'; id: string }
  | { type: 'episode'; id: string }
  | { type: 'local'; uri: string }
  | { type: 'null' }

/** One playlist item on a given day. `addedBy` is a user id (`''` for Spotify editorial playlists). */
export interface PlaylistEntry {
  addedAt: string
  addedBy: string
  ref: PlaylistItemRef
}

/** A Spotify user as it appears as a playlist owner or `added_by`. */
export interface UserModel {
  id: string
  displayName: string
}

/** Static facts about one playlist; its items depend on the day. */
export interface PlaylistInfo {
  id: string
  name: string
  description: string | null
  owner: UserModel
  /** `mirror` is a user playlist that copies the chart every day. */
  kind: 'chart' | 'mirror' | 'user'
  followers: number
  public: boolean
}
