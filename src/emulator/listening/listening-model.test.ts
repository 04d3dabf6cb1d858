import { describe, expect, it } from 'vitest'
import { syntheticCatalog } from '../catalog.js'
import { dayNumber } from '../days.js'
import { HEAVY_LISTENER } from './listener-profile.js'
import { ListeningModel } from './listening-model.js'
import { stockholmOffsetMs } from './local-time.js'
import { apiVisible } from './stream.js'

const catalog = syntheticCatalog(2026)
const DAY_MS = 86_400_000
const days = (first: string, count: number) => Array.from({ length: count }, (_, i) => dayNumber(first) + i)

describe('the synthetic listener', () => {
  const model = new ListeningModel(2026, catalog)

  it('plays 12 to 40 tracks a day the API lists (a daily run sees them all through its 50-play window), resting on a few days', () => {
    const counts = days('2025-06-01', 400).map((d) => model.streamsOn(d).filter(apiVisible).length)
    const listening = counts.filter((n) => n > 0)
    expect(Math.min(...listening)).toBeGreaterThanOrEqual(12)
    expect(Math.max(...listening)).toBeLessThanOrEqual(40)
    expect(counts.length - listening.length).toBeGreaterThan(5)
    expect(counts.length - listening.length).toBeLessThan(40)
  })

  it('listens in sessions of the Stockholm day, a gap of over 30 minutes between them, none past midnight UTC', () => {
    for (const day of days('2026-03-20', 30)) {
      const streams = model.streamsOn(day)
      if (streams.length === 0) continue
      const midnight = Date.UTC(2026, 0, 1) + day * DAY_MS
      const starts = [streams[0]!]
      for (const [i, s] of streams.entries()) {
        expect(s.endMs).toBe(s.startMs + s.msPlayed)
        expect(s.tsMs).toBeLessThan(midnight + DAY_MS)
        const before = streams[i - 1]
        if (!before) continue
        const gap = s.startMs - Math.max(before.endMs, before.tsMs)
        expect(gap).toBeGreaterThanOrEqual(0)
        if (gap > 10 * 60_000) {
          expect(gap).toBeGreaterThan(30 * 60_000)
          starts.push(s)
        }
      }
      for (const s of starts) {
        const local = new Date(s.startMs + stockholmOffsetMs(s.startMs))
        expect(local.getUTCHours()).toBeGreaterThanOrEqual(7)
      }
    }
  })

  it('the heavy listener streams over a million times in ten years', () => {
    const sample = days('2020-01-06', 140)
    const perDay = sample.reduce(
      (n, d) => n + new ListeningModel(2026, catalog, HEAVY_LISTENER).streamsOn(d).length,
      0,
    )
    expect((perDay / sample.length) * 3653).toBeGreaterThan(1_000_000)
  })
})
