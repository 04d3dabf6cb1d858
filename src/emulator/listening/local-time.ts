/** The demo user lives in Stockholm; their listening follows the clock there. */
export const LISTENER_TIME_ZONE = 'Europe/Stockholm'

const HOUR_MS = 3_600_000

/**
 * The offset of Stockholm time from UTC at `utcMs`: CET (+1 h), and CEST (+2 h) from 01:00 UTC on
 * the last Sunday of March to 01:00 UTC on the last Sunday of October (the EU rule since 1996).
 * Plain arithmetic, so the synthetic history does not depend on the machine's time-zone data.
 */
export function stockholmOffsetMs(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear()
  const summerStart = lastSundayUtc(year, 2) + HOUR_MS
  const summerEnd = lastSundayUtc(year, 9) + HOUR_MS
  return utcMs >= summerStart && utcMs < summerEnd ? 2 * HOUR_MS : HOUR_MS
}

/** Midnight UTC of the last Sunday of `month` (0-based) in `year`. */
function lastSundayUtc(year: number, month: number): number {
  const last = Date.UTC(year, month + 1, 0)
  return last - new Date(last).getUTCDay() * 86_400_000
}
