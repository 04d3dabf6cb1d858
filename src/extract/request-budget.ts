import { LakeObjectNotFoundError } from '../lake/errors.js'
import { STATE_KEYS } from '../lake/layout.js'
import { getText, type ObjectStore, putJson } from '../lake/object-store.js'

/**
 * The default daily budget: below the fewest requests after which development-mode apps were
 * seen to get `QUOTA_EXCEEDED` (about 1,100 a day; others saw 2,500), which Spotify does not
 * publish (spotify-api NOTES.md section 5).
 */
export const DEFAULT_DAILY_REQUEST_BUDGET = 1000

/** The day's count, and Spotify's word on when to ask again. */
export interface RequestBudgetState {
  format: 'tunelake.request-budget/v1'
  /** The UTC day counted. */
  day: string
  /** The budget the last run had (`spotify.daily_request_budget`). */
  limit: number
  /** Requests sent to the Web API that day, by every run (retries and 429s included). */
  used: number
  /** After a `QUOTA_EXCEEDED` (or a wait beyond the cap): no request before this instant. */
  paused_until: string | null
  paused_reason: string | null
}

/**
 * The lake's daily request budget (`spotify.daily_request_budget`): every run adds the requests
 * it sent to the UTC day's count; the back-fill takes only what the day has left, after the
 * scheduled sources. A stop Spotify asked for pauses every request until the time it named.
 *
 * @example
 * const budget = await RequestBudget.load(store, 1000, new Date())
 * budget.left(sentSoFar) // what this run may still send
 * await budget.save(store, sentByThisRun)
 */
export class RequestBudget {
  #saved = 0

  private constructor(
    readonly limit: number,
    private readonly state: RequestBudgetState,
  ) {}

  static async load(store: ObjectStore, limit: number, now: Date): Promise<RequestBudget> {
    const day = now.toISOString().slice(0, 10)
    const saved = await readBudget(store)
    const state: RequestBudgetState =
      saved && saved.day === day
        ? { ...saved, limit }
        : {
            format: 'tunelake.request-budget/v1',
            day,
            limit,
            used: 0,
            paused_until: saved?.paused_until ?? null,
            paused_reason: saved?.paused_reason ?? null,
          }
    return new RequestBudget(limit, state)
  }

  get day(): string {
    return this.state.day
  }

  /** Requests the day's earlier runs sent. */
  get used(): number {
    return this.state.used
  }

  /** What the day has left once this run has sent `sent` (all of them, saved or not). */
  left(sent: number): number {
    return Math.max(0, this.limit - this.state.used - (sent - this.#saved))
  }

  /** When requests may start again, if Spotify said to stop; undefined once that time has passed. */
  pausedUntil(now: Date): { until: Date; reason: string } | undefined {
    const until = this.state.paused_until === null ? undefined : new Date(this.state.paused_until)
    return until && until > now ? { until, reason: this.state.paused_reason ?? 'rate limited' } : undefined
  }

  pause(until: Date, reason: string): void {
    this.state.paused_until = until.toISOString()
    this.state.paused_reason = reason
  }

  /** Counts the requests this run has sent so far (all of them, each time) and writes the state. */
  async save(store: ObjectStore, sent: number): Promise<void> {
    this.state.used += sent - this.#saved
    this.#saved = sent
    await putJson(store, STATE_KEYS.requestBudget, this.state)
  }

  snapshot(): RequestBudgetState {
    return { ...this.state }
  }
}

export async function readBudget(store: ObjectStore): Promise<RequestBudgetState | undefined> {
  try {
    const value = JSON.parse(await getText(store, STATE_KEYS.requestBudget)) as Partial<RequestBudgetState>
    return value.format === 'tunelake.request-budget/v1' && typeof value.used === 'number'
      ? (value as RequestBudgetState)
      : undefined
  } catch (error) {
    if (error instanceof LakeObjectNotFoundError || error instanceof SyntaxError) return undefined
    throw error
  }
}
