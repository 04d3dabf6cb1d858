import type { Clock } from '../clock.js'
import { localDate } from '../pipeline/schedule.js'
import { AwsSetupError } from './errors.js'

/**
 * What the schedule sends the extract function (infra/extract-stage.ts): the scheduled time of
 * this invocation (`<aws.scheduler.scheduled-time>`, ISO 8601 UTC), the same on every retry.
 * A manual invocation may name the snapshot date instead, or send nothing (today).
 */
export interface ExtractInvocation {
  scheduledTime?: string
  scheduleArn?: string
  snapshotDate?: string
}

export interface ScheduledRun {
  snapshotDate: string
  /** The schedule slot this run stands for, when the scheduler invoked it. */
  scheduledFor?: string
  trigger: 'scheduled' | 'manual'
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

/**
 * The snapshot date of an invocation: the scheduled time's calendar date in the schedule's time
 * zone (a 00:30 Europe/Berlin run on 1 March is 2026-03-01, though it is still 28 February in
 * UTC), so retries and late deliveries land in the partition of the day they were scheduled for.
 *
 * @example
 * scheduledRun({ scheduledTime: '2026-02-28T23:30:00Z' }, 'Europe/Berlin', systemClock)
 * // { snapshotDate: '2026-03-01', scheduledFor: '2026-02-28T23:30:00Z', trigger: 'scheduled' }
 */
export function scheduledRun(event: unknown, timeZone: string, clock: Pick<Clock, 'now'>): ScheduledRun {
  const input = (typeof event === 'object' && event !== null ? event : {}) as ExtractInvocation
  if (input.snapshotDate !== undefined) {
    if (
      typeof input.snapshotDate !== 'string' ||
      !DATE.test(input.snapshotDate) ||
      !isRealDate(input.snapshotDate)
    ) {
      throw new AwsSetupError(`snapshotDate ${JSON.stringify(input.snapshotDate)} is not a YYYY-MM-DD date`)
    }
    return { snapshotDate: input.snapshotDate, trigger: 'manual' }
  }
  if (input.scheduledTime !== undefined) {
    const at = new Date(String(input.scheduledTime))
    if (typeof input.scheduledTime !== 'string' || Number.isNaN(at.getTime())) {
      throw new AwsSetupError(
        `scheduledTime ${JSON.stringify(input.scheduledTime)} is not an ISO 8601 time; the schedule sends <aws.scheduler.scheduled-time>`,
      )
    }
    return {
      snapshotDate: dateIn(at.getTime(), timeZone),
      scheduledFor: input.scheduledTime,
      trigger: 'scheduled',
    }
  }
  return { snapshotDate: dateIn(clock.now(), timeZone), trigger: 'manual' }
}

/** The calendar date of an instant in the schedule's zone; a zone that is not one is a deployment problem. */
function dateIn(at: number, timeZone: string): string {
  try {
    return localDate(at, timeZone)
  } catch {
    throw new AwsSetupError(
      `time zone ${timeZone} is not an IANA zone; fix context tunelake:timeZone and redeploy`,
    )
  }
}

function isRealDate(date: string): boolean {
  return new Date(`${date}T00:00:00Z`).toISOString().startsWith(date)
}
