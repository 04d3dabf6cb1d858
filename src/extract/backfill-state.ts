import { LakeObjectNotFoundError } from '../lake/errors.js'
import { STATE_KEYS } from '../lake/layout.js'
import { getText, type ObjectStore, putJson } from '../lake/object-store.js'

export type BackfillKind = 'tracks' | 'albums' | 'artists'

export const BACKFILL_KINDS: readonly BackfillKind[] = ['tracks', 'albums', 'artists']

/**
 * The back-fill's queue: tracks that only imported exports name (by URI), and the albums and
 * artists of the tracks fetched, each with the plays that make it matter (most played first).
 * An id fetched, or unknown to Spotify, moves to `done` and is never asked for again.
 */
export interface BackfillState {
  format: 'tunelake.backfill/v1'
  /** To fetch: id -> plays. */
  queue: Record<BackfillKind, Record<string, number>>
  /** Fetched (or unknown to Spotify). */
  done: Record<BackfillKind, string[]>
  /** Ids Spotify did not know (404, or null in a batch answer). */
  missing: number
}

export function emptyBackfill(): BackfillState {
  return {
    format: 'tunelake.backfill/v1',
    queue: { tracks: {}, albums: {}, artists: {} },
    done: { tracks: [], albums: [], artists: [] },
    missing: 0,
  }
}

export async function readBackfill(store: ObjectStore): Promise<BackfillState> {
  try {
    const value = JSON.parse(await getText(store, STATE_KEYS.backfill)) as Partial<BackfillState>
    if (value.format === 'tunelake.backfill/v1' && value.queue && value.done) return value as BackfillState
  } catch (error) {
    if (!(error instanceof LakeObjectNotFoundError || error instanceof SyntaxError)) throw error
  }
  return emptyBackfill()
}

export async function writeBackfill(store: ObjectStore, state: BackfillState): Promise<void> {
  await putJson(store, STATE_KEYS.backfill, state)
}

/** Adds plays of `kind` ids to the queue, unless they were fetched already. */
export function enqueue(state: BackfillState, kind: BackfillKind, plays: ReadonlyMap<string, number>): void {
  const done = new Set(state.done[kind])
  const queue = state.queue[kind]
  for (const [id, n] of plays) if (!done.has(id)) queue[id] = (queue[id] ?? 0) + n
}

/** The queue of `kind`, most played first (ties by id). */
export function queued(state: BackfillState, kind: BackfillKind): string[] {
  const queue = state.queue[kind]
  return Object.keys(queue).sort((a, b) => queue[b]! - queue[a]! || (a < b ? -1 : a > b ? 1 : 0))
}

/** Moves ids from the queue to `done`. */
export function markDone(state: BackfillState, kind: BackfillKind, ids: readonly string[]): void {
  for (const id of ids) {
    if (!(id in state.queue[kind])) continue
    delete state.queue[kind][id]
    state.done[kind].push(id)
  }
}

/**
 * Adds the plays the import found for each track (id -> plays) to the lake's back-fill queue.
 *
 * @example
 * await queueTrackPlays(store, new Map([['4rERaNiKlILD603GJvdEvm', 12]]))
 */
export async function queueTrackPlays(store: ObjectStore, plays: ReadonlyMap<string, number>): Promise<void> {
  if (plays.size === 0) return
  const state = await readBackfill(store)
  enqueue(state, 'tracks', plays)
  await writeBackfill(store, state)
}
