/** The listening heatmap as a grid: minutes by weekday (Monday first) and hour (pure; no DOM). */
import type { QueryValue } from '../../server/api-types.js'

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']

export interface HeatmapGrid {
  /** `minutes[weekday - 1][hour]`, 0 where nothing was played. */
  minutes: number[][]
  plays: number[][]
  max: number
  /** The busiest cell, or undefined for an empty grid. */
  busiest?: { weekday: number; hour: number; minutes: number }
  total: number
}

/** The grid of `listening_heatmap` rows (`weekday` 1-7, `hour` 0-23, `minutes`, `plays`). */
export function heatmapGrid(rows: readonly Record<string, QueryValue>[]): HeatmapGrid {
  const minutes = WEEKDAYS.map(() => Array.from({ length: 24 }, () => 0))
  const plays = WEEKDAYS.map(() => Array.from({ length: 24 }, () => 0))
  let busiest: HeatmapGrid['busiest']
  let total = 0
  for (const row of rows) {
    const weekday = Number(row.weekday)
    const hour = Number(row.hour)
    if (!(weekday >= 1 && weekday <= 7 && hour >= 0 && hour <= 23)) continue
    const value = Number(row.minutes) || 0
    minutes[weekday - 1]![hour] = value
    plays[weekday - 1]![hour] = Number(row.plays) || 0
    total += value
    if (!busiest || value > busiest.minutes) busiest = { weekday, hour, minutes: value }
  }
  return { minutes, plays, max: busiest?.minutes ?? 0, ...(busiest && { busiest }), total }
}

/** `07:00–08:00` */
export function hourSpan(hour: number): string {
  const two = (n: number) => String(n).padStart(2, '0')
  return `${two(hour)}:00–${two((hour + 1) % 24)}:00`
}

/** The shade of a cell, 0 (nothing) to 4 (the busiest fifth). */
export function shade(value: number, max: number): number {
  if (value <= 0 || max <= 0) return 0
  return Math.min(4, 1 + Math.floor((value / max) * 4))
}
