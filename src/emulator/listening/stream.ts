import type { LocalTrackModel } from '../model.js'
import { hashInts } from '../prng.js'
import type { ChapterItem, EpisodeItem } from './spoken-word.js'

/** What a play was started from; `null` context when played from search or the queue. */
export type PlayContext = { type: 'playlist' | 'album'; id: string } | null

/** What was streamed: a Spotify track, a podcast episode, an audiobook chapter or a local file. */
export type StreamItem =
  | { kind: 'track'; trackId: string }
  | { kind: 'episode'; episode: EpisodeItem }
  | { kind: 'audiobook'; chapter: ChapterItem }
  | { kind: 'local'; local: LocalTrackModel }

/**
 * One stream of the synthetic listener: everything Spotify's Extended streaming history says
 * about it, with exact times. The API's recently-played lists some of them (see `apiVisible`).
 */
export interface Stream {
  startMs: number
  /** `startMs + msPlayed`: when the audio stopped. */
  endMs: number
  /** What the export's `ts` says, in whole seconds: the end, or later when a pause preceded a logout. */
  tsMs: number
  msPlayed: number
  item: StreamItem
  reasonStart: string
  reasonEnd: string
  shuffle: boolean
  /** Spotify's own flag, as unreliable as the real one: false on every row from 2015 to mid-October 2022. */
  skipped: boolean
  /** Null on audiobook rows, as in real exports. */
  offline: boolean | null
  incognito: boolean
  /** A music video, listed in the export's Video file. */
  video: boolean
  platform: string
  country: string
  ip: string
  context: PlayContext
}

/** Spotify's recently-played lists a music track's stream of 30 s or more, outside private sessions. */
export function apiVisible(stream: Stream): boolean {
  return stream.item.kind === 'track' && !stream.incognito && !stream.video && stream.msPlayed >= 30_000
}

/**
 * The API's `played_at` of a stream: its end, 0.1 to 1 s late; an offline device's play is
 * stamped at its start instead (reported for offline plays, spotify/web-api#1083).
 */
export function apiPlayedAtMs(stream: Stream): number {
  const delay = 100 + (hashInts(Math.floor(stream.startMs / 1000), stream.msPlayed) % 900)
  return (stream.offline ? stream.startMs : stream.endMs) + delay
}
