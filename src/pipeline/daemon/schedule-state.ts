import { STATE_KEYS } from '../../lake/layout.js'
import { getText, type ObjectStore, putJson } from '../../lake/object-store.js'

/** A scheduled day without a run: the API only shows the present, so it cannot be backfilled. */
export interface Gap {
  snapshot_date: string
  scheduled_for: string
  reason: string
  recorded_at: string
}

/** A scheduled run waiting to be tried again (after a rate limit or a transient failure). */
export interface PendingRetry {
  snapshot_date: string
  scheduled_for?: string
  attempt: number
  at: string
  reason: string
}

/** What the daemon keeps of its schedule in the lake, for itself after a restart and for `tunelake status`. */
export interface ScheduleState {
  cron: string
  timezone: string
  /** The newest slot dealt with: run to an end, or recorded as a gap. */
  last_slot?: string
  next_slot?: string
  retry?: PendingRetry
  gaps: Gap[]
  updated_at: string
}

export async function readScheduleState(store: ObjectStore): Promise<ScheduleState | undefined> {
  if (!(await store.head(STATE_KEYS.schedule))) return undefined
  try {
    const state = JSON.parse(await getText(store, STATE_KEYS.schedule)) as ScheduleState
    return { ...state, gaps: Array.isArray(state.gaps) ? state.gaps : [] }
  } catch {
    return undefined
  }
}

export async function writeScheduleState(store: ObjectStore, state: ScheduleState): Promise<void> {
  await putJson(store, STATE_KEYS.schedule, state)
}
