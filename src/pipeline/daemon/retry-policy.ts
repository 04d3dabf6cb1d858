import { verdictOf } from '../../errors.js'
import { localDate } from '../schedule.js'

export interface RetryPolicy {
  /** First wait after a transient failure; doubles each attempt up to `maxMs`. */
  baseMs: number
  maxMs: number
  /** Attempts of one day's run before it is given up (a rate limit's resume time always counts). */
  maxAttempts: number
}

/** What the daemon does after a failed run: try again at `at`, or give the day up (a gap when it could have worked). */
export type RetryDecision = { retryAt: number; reason: string } | { giveUp: true; gap?: string }

/**
 * The daemon's reading of a failed run of `snapshotDate` (attempt `attempt`, now `now`): a
 * transient failure is tried again at its resume time (a rate limit's) or after a backoff, while
 * that is still the same day in the schedule's zone and attempts are left; bad input and
 * terminal failures are not tried again.
 *
 * @example
 * retryDecision(error, { attempt: 1, now: Date.now(), snapshotDate: '2026-04-02', timezone: 'Europe/Berlin', policy })
 */
export function retryDecision(
  error: unknown,
  run: { attempt: number; now: number; snapshotDate: string; timezone: string; policy: RetryPolicy },
): RetryDecision {
  const { kind, message, resumeAt } = verdictOf(error)
  if (kind !== 'transient') return { giveUp: true }
  const { policy, attempt } = run
  const at = resumeAt?.getTime() ?? run.now + Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1))
  const sameDay = localDate(at, run.timezone) === run.snapshotDate
  if (sameDay && (resumeAt !== undefined || attempt < policy.maxAttempts))
    return { retryAt: at, reason: message }
  return { giveUp: true, gap: `the run kept failing until the day was over: ${message}` }
}
