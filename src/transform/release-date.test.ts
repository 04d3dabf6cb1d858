import { describe, expect, it } from 'vitest'
import { normaliseReleaseDate } from './release-date.js'

describe('normaliseReleaseDate', () => {
  it('keeps a day-precision date', () => {
    expect(normaliseReleaseDate('2019-05-03', 'day')).toEqual({
      release_date: '2019-05-03',
      release_year: 2019,
    })
  })

  it('puts a month-precision date on the first of the month', () => {
    expect(normaliseReleaseDate('1998-07', 'month')).toEqual({
      release_date: '1998-07-01',
      release_year: 1998,
    })
  })

  it('puts a year-only date on January 1', () => {
    expect(normaliseReleaseDate('1976', 'year')).toEqual({ release_date: '1976-01-01', release_year: 1976 })
  })

  it('truncates text finer than its precision, and reads the text when the precision is missing', () => {
    expect(normaliseReleaseDate('1976-05-03', 'year')).toEqual({
      release_date: '1976-01-01',
      release_year: 1976,
    })
    expect(normaliseReleaseDate('1981-12', null)).toEqual({ release_date: '1981-12-01', release_year: 1981 })
    expect(normaliseReleaseDate('1981-12-15', undefined)).toEqual({
      release_date: '1981-12-15',
      release_year: 1981,
    })
    expect(normaliseReleaseDate('1981', 'day')).toEqual({ release_date: '1981-01-01', release_year: 1981 })
  })

  it('gives null for year 0, impossible days and unparseable text', () => {
    const none = { release_date: null, release_year: null }
    expect(normaliseReleaseDate('0000', 'year')).toEqual(none)
    expect(normaliseReleaseDate('0000-00-00', 'day')).toEqual(none)
    expect(normaliseReleaseDate('2019-02-30', 'day')).toEqual(none)
    expect(normaliseReleaseDate('2019-13', 'month')).toEqual(none)
    expect(normaliseReleaseDate('May 2019', 'month')).toEqual(none)
    expect(normaliseReleaseDate('', 'year')).toEqual(none)
    expect(normaliseReleaseDate(null, null)).toEqual(none)
  })

  it('knows leap years', () => {
    expect(normaliseReleaseDate('2020-02-29', 'day').release_date).toBe('2020-02-29')
    expect(normaliseReleaseDate('2000-02-29', 'day').release_date).toBe('2000-02-29')
    expect(normaliseReleaseDate('1900-02-29', 'day').release_date).toBeNull()
  })
})
