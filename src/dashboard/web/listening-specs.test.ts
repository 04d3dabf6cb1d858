import { describe, expect, it } from 'vitest'
import { isListeningInsight } from '../../insights/listening.js'
import { bucketFor, defaultRange, listeningCharts, sessionBands } from './listening-specs.js'

describe('the Listening view’s choices', () => {
  it('sums minutes per day for two months, per week for a year, per month beyond', () => {
    expect(bucketFor('2026-01-01', '2026-03-03')).toBe('day')
    expect(bucketFor('2026-01-01', '2026-12-31')).toBe('week')
    expect(bucketFor('2020-01-01', '2026-12-31')).toBe('month')
  })

  it('opens on the last year of the history, or all of it when shorter', () => {
    expect(defaultRange('2016-05-01', '2026-11-30')).toEqual({ from: '2025-12-01', to: '2026-11-30' })
    expect(defaultRange('2026-10-01', '2026-11-30')).toEqual({ from: '2026-10-01', to: '2026-11-30' })
  })

  it('counts sessions by length band', () => {
    const rows = [5, 9.9, 10, 45, 130, 119.9].map((minutes) => ({ minutes }))
    expect(sessionBands(rows).map((b) => b.sessions)).toEqual([2, 1, 1, 1, 1])
  })

  it('draws the top lists by the measure asked, and only listening insights', () => {
    const charts = listeningCharts({ from: '2026-01-01', to: '2026-01-31', timeZone: 'UTC', rankBy: 'plays' })
    const artists = charts.find((c) => c.spec.insight === 'listening_top_artists')!
    expect(artists.spec.y).toEqual(['plays'])
    expect(artists.params?.({ from: '', to: '', timeZone: 'UTC', rankBy: 'plays' })).toEqual({
      rank_by: 'plays',
    })
    expect(charts.every((c) => isListeningInsight(c.spec.insight))).toBe(true)
    expect(isListeningInsight('top_artists')).toBe(false)
  })
})
