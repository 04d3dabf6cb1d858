/** Display formatting of numbers, dates and query values (pure; no DOM). */
import type { QueryValue } from '../../server/api-types.js'

const NUMBER = new Intl.NumberFormat('en', { maximumFractionDigits: 2 })

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : NUMBER.format(value)
}

/** A query value as a table cell shows it: NULL for null, JSON for arrays and objects. */
export function formatValue(value: QueryValue | undefined): string {
  if (value === null || value === undefined) return 'NULL'
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** "3 minutes ago", "2 days ago": how long before `now` the ISO time `iso` was. */
export function timeAgo(iso: string | null, now: Date = new Date()): string {
  if (!iso) return 'never'
  const seconds = Math.round((now.getTime() - Date.parse(iso)) / 1000)
  if (Number.isNaN(seconds)) return 'unknown'
  if (seconds < 0) return 'just now'
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
  ]
  for (const [size, unit] of units) {
    if (seconds >= size) {
      const n = Math.floor(seconds / size)
      return `${n} ${unit}${n === 1 ? '' : 's'} ago`
    }
  }
  return `${seconds} second${seconds === 1 ? '' : 's'} ago`
}

/** Whole days from the date `date` (YYYY-MM-DD) to the UTC day of `now`. */
export function daysSince(date: string, now: Date = new Date()): number {
  const today = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`)
  return Math.round((today - Date.parse(`${date}T00:00:00Z`)) / 86_400_000)
}
