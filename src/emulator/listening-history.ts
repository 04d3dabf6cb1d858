import type { SyntheticCatalog } from './catalog.js'
import type { ListenerProfile } from './listening/listener-profile.js'
import { ListeningModel } from './listening/listening-model.js'
import { apiPlayedAtMs, apiVisible, type PlayContext } from './listening/stream.js'

export type { PlayContext } from './listening/stream.js'

/** Spotify keeps only the last 50 plays retrievable. */
export const RECENT_PLAYS_WINDOW = 50

/** One listening event of the demo user as the API's recently-played lists it. */
export interface Play {
  playedAtMs: number
  trackId: string
  context: PlayContext
}

/**
 * The demo user's listening history as the Web API serves it, a pure function of the day: the
 * streams of the listening model (see ListeningModel) that recently-played lists, 12 to 40 a
 * day (so a daily run sees every play through the 50-play window). The synthetic Extended
 * streaming history export holds these and every other stream of the same model.
 *
 * @example
 * const history = new ListeningHistory(2026, catalog)
 * history.recent(dayNumber('2026-03-01')) // the last 50 plays by the end of that day, newest first
 */
export class ListeningHistory {
  private readonly byDay = new Map<number, readonly Play[]>()
  readonly model: ListeningModel

  constructor(seed: number, catalog: SyntheticCatalog, profile?: ListenerProfile) {
    this.model = new ListeningModel(seed, catalog, profile)
  }

  /** The plays of day `day` (days since 2026-01-01), oldest first. */
  playsOn(day: number): readonly Play[] {
    let plays = this.byDay.get(day)
    if (plays) return plays
    plays = this.model
      .streamsOn(day)
      .filter(apiVisible)
      .map((s) => ({
        playedAtMs: apiPlayedAtMs(s),
        trackId: s.item.kind === 'track' ? s.item.trackId : '',
        context: s.context,
      }))
      .sort((a, b) => a.playedAtMs - b.playedAtMs)
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
