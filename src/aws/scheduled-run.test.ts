import { describe, expect, it } from 'vitest'
import { scheduledRun } from './scheduled-run.js'

const noon = { now: () => Date.parse('2026-07-04T12:00:00Z') }

describe('the snapshot date of an extract invocation', () => {
  it('is the scheduled time’s date in the schedule’s zone, across midnight and daylight saving', () => {
    expect(scheduledRun({ scheduledTime: '2026-02-28T23:30:00Z' }, 'Europe/Berlin', noon)).toEqual({
      snapshotDate: '2026-03-01',
      scheduledFor: '2026-02-28T23:30:00Z',
      trigger: 'scheduled',
    })
    // 22:30 UTC on 28 March is 23:30 in Berlin; on 29 March (summer time) it is 00:30 the next day.
    expect(scheduledRun({ scheduledTime: '2026-03-28T22:30:00Z' }, 'Europe/Berlin', noon).snapshotDate).toBe(
      '2026-03-28',
    )
    expect(scheduledRun({ scheduledTime: '2026-03-29T22:30:00Z' }, 'Europe/Berlin', noon).snapshotDate).toBe(
      '2026-03-30',
    )
    expect(scheduledRun({ scheduledTime: '2026-01-01T03:00:00Z' }, 'UTC', noon).snapshotDate).toBe(
      '2026-01-01',
    )
  })

  it('is the date a manual invocation names, or today in the zone when it names none', () => {
    expect(scheduledRun({ snapshotDate: '2026-02-01' }, 'UTC', noon)).toEqual({
      snapshotDate: '2026-02-01',
      trigger: 'manual',
    })
    expect(scheduledRun({}, 'Pacific/Kiritimati', noon)).toEqual({
      snapshotDate: '2026-07-05',
      trigger: 'manual',
    })
    expect(scheduledRun(undefined, 'UTC', noon).snapshotDate).toBe('2026-07-04')
  })

  it('refuses dates and times that are not', () => {
    expect(() => scheduledRun({ snapshotDate: '2026-02-30' }, 'UTC', noon)).toThrow(
      /"2026-02-30" is not a YYYY-MM-DD date/,
    )
    expect(() => scheduledRun({ scheduledTime: 42 }, 'UTC', noon)).toThrow(
      /scheduledTime 42 is not an ISO 8601 time/,
    )
    expect(() => scheduledRun({ scheduledTime: '2026-01-01T00:00:00Z' }, 'Nowhere/Land', noon)).toThrow(
      /time zone Nowhere\/Land is not an IANA zone/,
    )
  })
})
