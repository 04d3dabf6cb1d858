import { describe, expect, it } from 'vitest'
import { heatmapGrid, hourSpan, shade } from './heatmap-grid.js'

describe('heatmapGrid', () => {
  it('places each row by weekday (Monday first) and hour, and finds the busiest hour', () => {
    const grid = heatmapGrid([
      { weekday: 1, hour: 7, minutes: 120.5, plays: 30 },
      { weekday: 7, hour: 23, minutes: 12, plays: 3 },
      { weekday: 3, hour: 0, minutes: 0.5, plays: 0 },
    ])
    expect(grid.minutes[0]![7]).toBe(120.5)
    expect(grid.plays[6]![23]).toBe(3)
    expect(grid.minutes[2]![0]).toBe(0.5)
    expect(grid.minutes.flat().filter((v) => v > 0)).toHaveLength(3)
    expect(grid.busiest).toEqual({ weekday: 1, hour: 7, minutes: 120.5 })
    expect(grid.total).toBe(133)
  })

  it('is empty, with no busiest hour, without rows', () => {
    const grid = heatmapGrid([])
    expect(grid.max).toBe(0)
    expect(grid.busiest).toBeUndefined()
  })

  it('shades a cell by its fifth of the busiest, and names hours as spans', () => {
    expect([0, 1, 30, 60, 100].map((v) => shade(v, 100))).toEqual([0, 1, 2, 3, 4])
    expect(hourSpan(23)).toBe('23:00–00:00')
  })
})
