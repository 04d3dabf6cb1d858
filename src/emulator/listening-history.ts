import type { SyntheticCatalog } from './catalog.js'
import { PLAYLIST_IDS } from './playlist-defs.js'
import { hashInts, Random } from './prng.js'

const MS_PER_DAY = 86_400_000
const EPOCH_MS = Date.UTC(2026, 0, 1)
/** Spotify keeps only the last 50 plays retrievable. */
export const RECENT_PLAYS_WINDOW = 50

/** What a play was started from; `null` context when played from search or the queue. */
export type PlayContext = { type: 'playlist' | 'album'; id: string } | null

/** One listening event of the demo user. */
export interface Play {
  playedAtMs: number
  trackId: string
  context: PlayContext
}

/**
 * The demo user's listening history as a pure function of the day: 12 to 40 plays a day (so a
 * daily run sees every play through the 50-play window), mostly from a set of favourites drawn
 * from their own playlists, some started from a playlist or an album.
 *
 * @example
 * const history = new ListeningHistory(2026, catalog)
 * history.recent(dayNumber('2026-03-01')) // the last 50 plays by the end of that day, newest first
 */
export class ListeningHistory {
  private readonly byDay = new Map<number, readonly Play[]>()
  private readonly taste: readonly string[]
  private readonly favourites: readonly string[]
  private readonly contexts: readonly string[] = [
    PLAYLIST_IDS.nightDrive,
    PLAYLIST_IDS.focusFlow,
    PLAYLIST_IDS.weekendMix,
    PLAYLIST_IDS.dailyMirror,
  ]

  constructor(
    private readonly seed: number,
    private readonly catalog: SyntheticCatalog,
  ) {
    const pool = new Set<string>()
    for (const id of this.contexts.slice(0, 3)) {
      for (const entry of catalog.playlistItemsOn(id, '2026-01-01')) {
        if (entry.ref.type === 'track') pool.add(entry.ref.id)
      }
    }
    this.taste = [...pool]
    this.favourites = this.taste.filter((_, i) => i % 9 === 0)
  }

  /** The plays of day `day` (days since 2026-01-01), oldest first. */
  playsOn(day: number): readonly Play[] {
    let plays = this.byDay.get(day)
    if (plays) return plays
    const rng = new Random(hashInts(this.seed, 0x91a7, day))
    const count = rng.int(12, 40)
    const times: number[] = []
    for (let i = 0; i < count; i++) times.push(rng.int(7 * 3_600_000, 23 * 3_600_000 + 59 * 60_000))
    times.sort((a, b) => a - b)
    plays = times.map((ms, i) => {
      const trackId = rng.chance(0.45) ? rng.pick(this.favourites) : rng.pick(this.taste)
      const roll = rng.next()
      const context: PlayContext =
        roll < 0.5
          ? { type: 'playlist', id: this.contexts[(day + i) % this.contexts.length]! }
          : roll < 0.7
            ? { type: 'album', id: this.catalog.track(trackId)!.albumId }
            : null
      // Plays are at least a second apart (two starts in the same millisecond never happen).
      return { playedAtMs: EPOCH_MS + day * MS_PER_DAY + ms + i * 1000, trackId, context }
    })
    this.byDay.set(day, plays)
    return plays
  }

  /** The last {@link RECENT_PLAYS_WINDOW} plays by the end of `day`, newest first. */
  recent(day: number): Play[] {
    const out: Play[] = []
    for (let d = day; out.length < RECENT_PLAYS_WINDOW; d--) {
      const plays = this.playsOn(d)
      for (let i = plays.length - 1; i >= 0 && out.length < RECENT_PLAYS_WINDOW; i--) out.push(plays[i]!)
    }
    return out
  }

  /** Play counts per track over the `days` days ending with `day`. */
  countsOver(day: number, days: number): Map<string, number> {
    const counts = new Map<string, number>()
    for (let d = day - days + 1; d <= day; d++) {
      for (const play of this.playsOn(d)) counts.set(play.trackId, (counts.get(play.trackId) ?? 0) + 1)
    }
    return counts
  }
}
