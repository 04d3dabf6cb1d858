/**
 * How much a synthetic listener listens. The demo user is an everyday listener whose plays the
 * API serves (12 to 40 plays a day, so a daily run sees every one through the 50-play window);
 * the heavy listener has music on most of the day (about 300 streams a day: a ten-year history
 * of over a million streams, for the bench).
 */
export interface ListenerProfile {
  /** Multiplies the chance that each of the day's listening slots has a session (capped at 1). */
  activity: number
  /** Items started per music session, inclusive range. */
  items: readonly [number, number]
  /** Fewest and most plays a day the API lists (undefined: no bounds). */
  apiPlays?: readonly [number, number]
}

export const EVERYDAY_LISTENER: ListenerProfile = { activity: 1, items: [6, 16], apiPlays: [12, 40] }

export const HEAVY_LISTENER: ListenerProfile = { activity: 3, items: [70, 120] }
