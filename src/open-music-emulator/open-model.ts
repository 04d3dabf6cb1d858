/**
 * The open-music emulator's model: what MusicBrainz and ListenBrainz know about the synthetic
 * Spotify catalog, as plain data (rendered per service by the routes).
 */

/** A community tag: `count` net votes (always > 0), `name` lower-case. */
export interface TagModel {
  name: string
  count: number
}

/** Listening counts as ListenBrainz reports them; null when it has none. */
export interface CountsModel {
  listens: number | null
  users: number | null
}

export interface MbArtistModel {
  mbid: string
  /** The name as MusicBrainz spells it (usually Spotify's; a few differ in case, punctuation or width). */
  name: string
  sortName: string
  type: 'Person' | 'Group'
  country: string | null
  tags: TagModel[]
  counts: CountsModel
  spotifyId: string
}

export interface ArtistCreditModel {
  artistMbid: string
  name: string
  joinphrase: string
}

export interface MbRecordingModel {
  mbid: string
  title: string
  /** Milliseconds, or null when MusicBrainz has no length. */
  length: number | null
  disambiguation: string
  video: boolean
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; absent when unknown. */
  firstReleaseDate?: string
  credit: ArtistCreditModel[]
  tags: TagModel[]
  isrcs: string[]
  release: { mbid: string; name: string; year: number | null; releaseGroupMbid: string }
  counts: CountsModel
  /** False for the few recordings ListenBrainz's metadata cache does not hold yet. */
  inListenBrainz: boolean
  /** The Spotify track this recording is (or is a duplicate, video, live take or cover of). */
  spotifyTrackId: string
}

/** Where a track's recording can be found, and why it may not be. */
export type TrackScenario =
  | 'single'
  | 'duplicate'
  | 'video'
  | 'live'
  | 'cover'
  | 'isrc-unknown'
  | 'isrc-unknown-merged-lookup'
  | 'not-in-musicbrainz'
