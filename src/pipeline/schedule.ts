import { Cron } from 'croner'

/** When the daily run fires: a cron expression read in an IANA time zone. */
export interface Schedule {
  cron: string
  timezone: string
}

export const DEFAULT_CRON = '0 6 * * *'

/** The machine's time zone (what a schedule without one means). */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/** Why a cron expression or time zone is not usable, or undefined when it is. */
export function scheduleProblem(schedule: Partial<Schedule>): string | undefined {
  if (schedule.timezone !== undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: schedule.timezone })
    } catch {
      return `"${schedule.timezone}" is not an IANA time zone (e.g. Europe/Berlin, UTC)`
    }
  }
  if (schedule.cron !== undefined) {
    try {
      const job = new Cron(schedule.cron, { paused: true, timezone: schedule.timezone ?? 'UTC' })
      if (!job.nextRun(new Date(0))) return `"${schedule.cron}" never fires`
    } catch (error) {
      return `"${schedule.cron}" is not a cron expression (${(error as Error).message}); e.g. "0 6 * * *" for 06:00 daily`
    }
  }
  return undefined
}

/** The first time the schedule fires strictly after `after`. */
export function nextSlot(schedule: Schedule, after: Date): Date | undefined {
  return cron(schedule).nextRun(after) ?? undefined
}

/** Every time the schedule fired in (`after`, `until`], oldest first, at most `limit`. */
export function slotsBetween(schedule: Schedule, after: Date, until: Date, limit = 1_000): Date[] {
  const job = cron(schedule)
  const slots: Date[] = []
  let at: Date | null = job.nextRun(after)
  while (at && at.getTime() <= until.getTime() && slots.length < limit) {
    slots.push(at)
    at = job.nextRun(at)
  }
  return slots
}

/** The calendar date (`YYYY-MM-DD`) of an instant in a time zone: a scheduled run's snapshot date. */
export function localDate(at: Date | number, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at)
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')}`
}

function cron(schedule: Schedule): Cron {
  return new Cron(schedule.cron, { paused: true, timezone: schedule.timezone })
}
