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
 * scheduledRun({ scheduledTime: '2026-02-28T23:30:00Z' }, 'Europe/Berlin', () => new Date())
 * // { snapshotDate: '2026-03-01', scheduledFor: '2026-02-28T23:30:00Z', trigger: 'scheduled' }
 */
export function scheduledRun(event: unknown, timeZone: string, now: () => Date): ScheduledRun {
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
    return { snapshotDate: dateIn(at, timeZone), scheduledFor: input.scheduledTime, trigger: 'scheduled' }
  }
  return { snapshotDate: dateIn(now(), timeZone), trigger: 'manual' }
}

/** The calendar date (YYYY-MM-DD) of an instant in an IANA time zone. */
export function dateIn(at: Date, timeZone: string): string {
  let parts: Intl.DateTimeFormatPart[]
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).formatToParts(at)
  } catch {
    throw new AwsSetupError(
      `time zone ${timeZone} is not an IANA zone; fix context tunelake:timeZone and redeploy`,
    )
  }
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')}`
}

function isRealDate(date: string): boolean {
  return new Date(`${date}T00:00:00Z`).toISOString().startsWith(date)
}
