import type { ObjectStore } from '../lake/object-store.js'
import { BACKFILL_KINDS, type BackfillKind, readBackfill } from './backfill-state.js'
import { readBudget } from './request-budget.js'

/** The lake's Spotify requests today and the back-fill's progress, for `tunelake status`. */
export interface SpotifyUsage {
  /** Today's count (UTC day), or null when no run sent a request today. */
  budget: { day: string; used: number; limit: number; left: number } | null
  /** When Spotify said to stop (`QUOTA_EXCEEDED`, or a wait beyond the cap), while it holds. */
  paused: { until: string; reason: string } | null
  /** Tracks (then their albums and artists) only imported exports name: fetched, and still to fetch. */
  backfill: Record<BackfillKind, { done: number; left: number }> & { missing: number }
}

/**
 * Reads the day's request count and the back-fill's state; `limit` (the config's budget) wins
 * over the one the last run had.
 */
export async function spotifyUsage(store: ObjectStore, now: Date, limit?: number): Promise<SpotifyUsage> {
  const saved = await readBudget(store)
  const today = now.toISOString().slice(0, 10)
  const budgetLimit = limit ?? saved?.limit
  const used = saved?.day === today ? saved.used : 0
  const queue = await readBackfill(store)
  const progress = Object.fromEntries(
    BACKFILL_KINDS.map((kind) => [
      kind,
      { done: queue.done[kind].length, left: Object.keys(queue.queue[kind]).length },
    ]),
  ) as Record<BackfillKind, { done: number; left: number }>
  return {
    budget:
      budgetLimit === undefined
        ? null
        : { day: today, used, limit: budgetLimit, left: Math.max(0, budgetLimit - used) },
    paused:
      saved?.paused_until && Date.parse(saved.paused_until) > now.getTime()
        ? { until: saved.paused_until, reason: saved.paused_reason ?? 'rate limited' }
        : null,
    backfill: { ...progress, missing: queue.missing },
  }
}
