import { describe, expect, it } from 'vitest'
import { localDate, nextSlot, scheduleProblem, slotsBetween } from './schedule.js'

const berlin = { cron: '0 6 * * *', timezone: 'Europe/Berlin' }

describe('the daily schedule', () => {
  it('fires at 06:00 Berlin time on both sides of the spring change (UTC+1 to UTC+2)', () => {
    // Clocks go forward on Sunday 2026-03-29 at 02:00 local.
    const slots = slotsBetween(berlin, new Date('2026-03-27T12:00:00Z'), new Date('2026-03-31T00:00:00Z'))
    expect(slots.map((s) => s.toISOString())).toEqual([
      '2026-03-28T05:00:00.000Z',
      '2026-03-29T04:00:00.000Z',
      '2026-03-30T04:00:00.000Z',
    ])
    expect(slots.map((s) => localDate(s, 'Europe/Berlin'))).toEqual([
      '2026-03-28',
      '2026-03-29',
      '2026-03-30',
    ])
  })

  it('fires once, at 06:00 local, on the autumn change (UTC+2 to UTC+1)', () => {
    const slots = slotsBetween(berlin, new Date('2026-10-24T12:00:00Z'), new Date('2026-10-26T12:00:00Z'))
    expect(slots.map((s) => s.toISOString())).toEqual([
      '2026-10-25T05:00:00.000Z',
      '2026-10-26T05:00:00.000Z',
    ])
  })

  it('moves a time that does not exist on the spring change day to the first valid instant', () => {
    const slot = nextSlot({ cron: '30 2 * * *', timezone: 'Europe/Berlin' }, new Date('2026-03-28T12:00:00Z'))
    expect(slot?.toISOString()).toBe('2026-03-29T01:00:00.000Z') // 03:00 CEST
  })

  it('dates a slot by its local calendar day', () => {
    const slot = nextSlot({ cron: '30 0 * * *', timezone: 'Asia/Tokyo' }, new Date('2026-11-22T12:00:00Z'))
    expect(slot?.toISOString()).toBe('2026-11-22T15:30:00.000Z')
    expect(localDate(slot!, 'Asia/Tokyo')).toBe('2026-11-23')
  })

  it.each([
    [{ cron: '0 6 * *' }, /is not a cron expression/],
    [{ cron: '61 6 * * *' }, /is not a cron expression/],
    [{ timezone: 'Mars/Olympus' }, /is not an IANA time zone/],
  ])('refuses %j', (schedule, message) => {
    expect(scheduleProblem(schedule)).toMatch(message)
  })

  it('accepts a good schedule', () => {
    expect(scheduleProblem(berlin)).toBeUndefined()
  })
})
