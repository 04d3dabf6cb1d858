/** Calendar and instant checks shared by the envelope parser and the readers (no clock, no locale). */

export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  return day <= daysInMonth(year, month)
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** True for a real calendar day written `YYYY-MM-DD` (the snapshot_date format). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value)
  if (!match) return false
  return isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))
}

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/

/**
 * An ISO-8601 instant as UTC with milliseconds (`2025-11-02T18:21:40Z` ->
 * `2025-11-02T18:21:40.000Z`), or `undefined` when the text is not one (including impossible days
 * such as February 30, which `Date.parse` would roll over into March).
 */
export function normaliseInstant(value: string): string | undefined {
  const match = ISO_INSTANT.exec(value)
  if (!match || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString()
}
