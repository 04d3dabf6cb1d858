import { describe, expect, it } from 'vitest'
import { datesInRange, filterFor, filterMap, paramValues, takesRange } from './insight-params.js'

const named = (...names: string[]) => names.map((name) => ({ name }))

describe('insight parameters from the dashboard filters', () => {
  it('maps the names insights use onto playlist, range and second playlist', () => {
    expect(filterFor('playlist_id')).toBe('playlist')
    expect(filterFor('snapshot_date')).toBe('to')
    for (const name of ['from_date', 'start_date', 'date_from', 'since'])
      expect(filterFor(name), name).toBe('from')
    for (const name of ['to_date', 'end_date', 'date_to', 'until']) expect(filterFor(name), name).toBe('to')
    expect(filterFor('other_playlist_id')).toBe('other')
    expect(filterFor('bucket')).toBeUndefined()
  })

  it('takes playlist_id, else the first playlist parameter, as the playlist and any other as the second', () => {
    const byName = filterMap(named('playlist_a', 'playlist_b', 'snapshot_date'))
    expect(byName.get('playlist_a')).toBe('playlist')
    expect(byName.get('playlist_b')).toBe('other')
    const byKind = filterMap([
      { name: 'compare_with', kind: 'playlist' },
      { name: 'playlist_id', kind: 'playlist' },
    ])
    expect(byKind.get('playlist_id')).toBe('playlist')
    expect(byKind.get('compare_with')).toBe('other')
  })

  it('fills the parameters from the filters, explicit values first, defaults where the filters say nothing', () => {
    const filters = { playlist: 'P1', from: '2026-11-01', to: '2026-11-07', other: 'P2' }
    expect(paramValues(named('playlist_id', 'snapshot_date'), filters)).toEqual({
      ok: true,
      values: { playlist_id: 'P1', snapshot_date: '2026-11-07' },
    })
    expect(paramValues(named('playlist_id', 'from_date', 'to_date', 'other_playlist_id'), filters)).toEqual({
      ok: true,
      values: { playlist_id: 'P1', from_date: '2026-11-01', to_date: '2026-11-07', other_playlist_id: 'P2' },
    })
    const bucket = { name: 'bucket', kind: { oneOf: ['decade', 'year'] }, default: 'decade' }
    expect(paramValues([...named('playlist_id'), bucket], filters)).toEqual({
      ok: true,
      values: { playlist_id: 'P1' },
    })
    expect(paramValues([...named('playlist_id'), bucket], filters, { bucket: 'year' })).toEqual({
      ok: true,
      values: { playlist_id: 'P1', bucket: 'year' },
    })
    expect(paramValues(named('playlist_id', 'limit', 'snapshot_date'), { playlist: 'P1' })).toEqual({
      ok: false,
      missing: ['limit', 'snapshot_date'],
    })
  })

  it('knows a range insight from a one-day insight, and cuts the dates to the range', () => {
    expect(takesRange(named('playlist_id', 'from_date', 'to_date'))).toBe(true)
    expect(takesRange(named('playlist_id', 'snapshot_date'))).toBe(false)
    const dates = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04']
    expect(datesInRange(dates, '2026-11-02', '2026-11-03')).toEqual(['2026-11-02', '2026-11-03'])
    expect(datesInRange(dates, undefined, '2026-11-01')).toEqual(['2026-11-01'])
    expect(datesInRange(dates)).toEqual(dates)
  })
})
