import { ArgumentError } from './fail.js'

export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10)
}

export function parseDateOption(value: string): string {
  const date = new Date(`${value}T00:00:00Z`)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || todayUtc(date) !== value) {
    throw new ArgumentError(`--date ${value} is not a calendar date; use YYYY-MM-DD, e.g. 2026-11-23`)
  }
  return value
}

/** The `count` consecutive dates ending with `last`, oldest first. */
export function daysEnding(last: string, count: number): string[] {
  const end = Date.parse(`${last}T00:00:00Z`)
  return Array.from({ length: count }, (_, i) => todayUtc(new Date(end - (count - 1 - i) * 86_400_000)))
}
