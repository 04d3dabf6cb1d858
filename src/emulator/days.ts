/** Day arithmetic on `YYYY-MM-DD` strings (UTC). Day 0 is 2026-01-01; any day before or after works. */
const MS_PER_DAY = 86_400_000
const EPOCH_MS = Date.UTC(2026, 0, 1)
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isValidDay(day: string): boolean {
  const match = DAY_PATTERN.exec(day)
  if (!match) return false
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
  return new Date(ms).toISOString().slice(0, 10) === day
}

/** Days since 2026-01-01 (negative before). Throws on a malformed day. */
export function dayNumber(day: string): number {
  if (!isValidDay(day)) throw new RangeError(`not a YYYY-MM-DD date: ${day}`)
  return Math.round((Date.parse(`${day}T00:00:00Z`) - EPOCH_MS) / MS_PER_DAY)
}

/** The `YYYY-MM-DD` string of a day number. */
export function dayString(n: number): string {
  return new Date(EPOCH_MS + n * MS_PER_DAY).toISOString().slice(0, 10)
}

/** The UTC date of a timestamp in ms. */
export function utcDay(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 10)
}

/** An ISO timestamp (ms precision) inside day `n`, `msIntoDay` after midnight UTC. */
export function timestampOn(n: number, msIntoDay: number): string {
  return new Date(EPOCH_MS + n * MS_PER_DAY + msIntoDay).toISOString()
}
