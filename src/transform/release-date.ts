import { isCalendarDate } from './dates.js'

export type ReleaseDatePrecision = 'year' | 'month' | 'day'

export interface NormalisedReleaseDate {
  /** `YYYY-MM-DD`, the first day of the period the precision allows, or `null`. */
  readonly release_date: string | null
  readonly release_year: number | null
}

const NONE: NormalisedReleaseDate = { release_date: null, release_year: null }

const RELEASE_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/

/** How many parts of `YYYY-MM-DD` a precision keeps; unknown or absent keeps what the text has. */
function partsKept(precision: string | null | undefined): number {
  if (precision === 'year') return 1
  if (precision === 'month') return 2
  return 3
}

/**
 * Spotify's `release_date` as a DATE: `"2019-05-03"` (day) stays, `"1998-07"` (month) becomes
 * `1998-07-01`, `"1976"` (year) becomes `1976-01-01`. A coarser precision than the text carries
 * truncates it (`"1976-05-03"` with `year` -> `1976-01-01`); a missing or unknown precision is
 * taken from the text. Unparseable text, year 0 (`"0000"`) and impossible days (`2019-02-30`)
 * give `null` for both the date and the year.
 *
 * @example
 * normaliseReleaseDate('1998-07', 'month') // { release_date: '1998-07-01', release_year: 1998 }
 */
export function normaliseReleaseDate(
  value: string | null | undefined,
  precision: string | null | undefined,
): NormalisedReleaseDate {
  if (typeof value !== 'string') return NONE
  const match = RELEASE_DATE.exec(value.trim())
  if (!match) return NONE
  const year = Number(match[1])
  const month = match[2] === undefined ? undefined : Number(match[2])
  const day = match[3] === undefined ? undefined : Number(match[3])
  if (year === 0) return NONE
  if (!isCalendarDate(year, month ?? 1, day ?? 1)) return NONE
  const kept = partsKept(precision)
  const mm = kept >= 2 && month !== undefined ? month : 1
  const dd = kept >= 3 && day !== undefined ? day : 1
  return { release_date: `${match[1]}-${pad(mm)}-${pad(dd)}`, release_year: year }
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}
