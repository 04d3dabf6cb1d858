import { describe, expect, it } from 'vitest'
import { toCsv } from './csv.js'
import { daysSince, formatValue, timeAgo } from './format.js'

describe('the console’s CSV download', () => {
  it('writes RFC 4180 CSV: quoted where needed, NULL empty, arrays as JSON', () => {
    const columns = [
      { name: 'name', type: 'varchar' },
      { name: 'n', type: 'bigint' },
      { name: 'genres', type: 'array(varchar)' },
    ]
    const rows = [
      { name: 'Tom "T" Jones, Jr.', n: 3, genres: ['pop', 'rock'] },
      { name: 'line\nbreak', n: null, genres: null },
    ]
    expect(toCsv(columns, rows)).toBe(
      'name,n,genres\r\n"Tom ""T"" Jones, Jr.",3,"[""pop"",""rock""]"\r\n"line\nbreak",,\r\n',
    )
  })
})

describe('display formatting', () => {
  it('shows NULL, JSON and plain values as table cells', () => {
    expect(formatValue(null)).toBe('NULL')
    expect(formatValue(['a'])).toBe('["a"]')
    expect(formatValue(12.5)).toBe('12.5')
  })

  it('says how long ago a time was, and how old a snapshot date is', () => {
    const now = new Date('2026-11-23T12:00:00Z')
    expect(timeAgo('2026-11-23T11:59:30Z', now)).toBe('30 seconds ago')
    expect(timeAgo('2026-11-23T11:00:00Z', now)).toBe('1 hour ago')
    expect(timeAgo('2026-11-20T12:00:00Z', now)).toBe('3 days ago')
    expect(timeAgo(null, now)).toBe('never')
    expect(daysSince('2026-11-23', now)).toBe(0)
    expect(daysSince('2026-11-16', now)).toBe(7)
  })
})
