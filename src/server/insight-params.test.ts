import { describe, expect, it } from 'vitest'
import { datesInRange, filterFor, filterMap, paramValues, takesRange } from './insight-params.js'

describe('insight parameters from the dashboard filters', () => {
  it('maps the names insights use onto playlist, range and second playlist', () => {
    expect(filterFor('playlist_id')).toBe('playlist')
    expect(filterFor('snapshot_date')).toBe('to')
    for (const name of ['from_date', 'start_date', 'date_from', 'since'])
      expect(filterFor(name), name).toBe('from')
    for (const name of ['to_date', 'end_date', 'date_to', 'until']) expect(filterFor(name), name).toBe('to')
    expect(filterFor('other_playlist_id')).toBe('other')
    expect(filterFor('limit')).toBeUndefined()
  })

  it('takes the first playlist parameter as the playlist when none is named playlist_id', () => {
    const map = filterMap(['playlist_a', 'playlist_b', 'snapshot_date'])
    expect(map.get('playlist_a')).toBe('playlist')
    expect(map.get('playlist_b')).toBe('other')
  })

  it('fills every parameter, explicit values first, and lists the ones left empty', () => {
    const filters = { playlist: 'P1', from: '2026-11-01', to: '2026-11-07', other: 'P2' }
    expect(paramValues(['playlist_id', 'snapshot_date'], filters)).toEqual({
      ok: true,
      values: { playlist_id: 'P1', snapshot_date: '2026-11-07' },
    })
    expect(paramValues(['playlist_id', 'from_date', 'to_date', 'other_playlist_id'], filters)).toEqual({
      ok: true,
      values: { playlist_id: 'P1', from_date: '2026-11-01', to_date: '2026-11-07', other_playlist_id: 'P2' },
    })
    expect(paramValues(['playlist_id', 'limit'], filters, { limit: '5' })).toEqual({
      ok: true,
      values: { playlist_id: 'P1', limit: '5' },
    })
    expect(paramValues(['playlist_id', 'limit', 'snapshot_date'], { playlist: 'P1' })).toEqual({
      ok: false,
      missing: ['limit', 'snapshot_date'],
    })
  })

  it('knows a range insight from a one-day insight, and cuts the dates to the range', () => {
    expect(takesRange(['playlist_id', 'from_date', 'to_date'])).toBe(true)
    expect(takesRange(['playlist_id', 'snapshot_date'])).toBe(false)
    const dates = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04']
    expect(datesInRange(dates, '2026-11-02', '2026-11-03')).toEqual(['2026-11-02', '2026-11-03'])
    expect(datesInRange(dates, undefined, '2026-11-01')).toEqual(['2026-11-01'])
    expect(datesInRange(dates)).toEqual(dates)
  })
})
