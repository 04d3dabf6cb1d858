import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PLAYLIST_IDS, type RunningEmulator, startEmulator } from '../../src/emulator/index.js'
import { readScheduleState } from '../../src/pipeline/daemon/schedule-state.js'
import { lakeStatus } from '../../src/pipeline/lake-status.js'
import { ManualClock } from '../support/manual-clock.js'
import { tempLake } from '../support/temp-lake.js'
import { capturedLogger, daemonOn, emulatorClient, runsOf } from './daemon-harness.js'

const berlin = { cron: '0 6 * * *', timezone: 'Europe/Berlin' }
let emulator: RunningEmulator
let clock: ManualClock

beforeAll(async () => {
  clock = new ManualClock('2026-03-27T12:00:00Z')
  emulator = await startEmulator({ day: '2026-03-27', now: () => clock.now() })
})

afterAll(async () => {
  await emulator.close()
})

function extraction() {
  return {
    client: emulatorClient(emulator, clock),
    playlistIds: [PLAYLIST_IDS.indieFinds, '0000000000000000000000'],
    apiMode: 'auto' as const,
    schedule: berlin,
  }
}

describe('the daemon schedule, with a manual clock', () => {
  it('fires at 06:00 Berlin across the spring change, records missed days as gaps, catches up today', async () => {
    const { dir } = await tempLake('daemon-schedule')
    const { logger, lines } = capturedLogger()
    const first = daemonOn(dir, clock, { logger, extraction: extraction() })
    await first.daemon.start()
    await first.daemon.whenIdle()
    expect(await runsOf(first.store)).toEqual([]) // the schedule starts now: nothing before it was due

    await clock.advanceTo('2026-03-28T04:59:59Z') // 05:59:59 CET
    await first.daemon.whenIdle()
    expect(await runsOf(first.store)).toEqual([])
    await clock.advanceTo('2026-03-28T05:00:00Z') // 06:00 CET (UTC+1)
    await first.daemon.whenIdle()
    await clock.advanceTo('2026-03-29T03:59:59Z') // 05:59:59 CEST: clocks went forward at 01:00 UTC
    await first.daemon.whenIdle()
    expect(await runsOf(first.store)).toHaveLength(1)
    await clock.advanceTo('2026-03-29T04:00:00Z') // 06:00 CEST (UTC+2)
    await first.daemon.whenIdle()
    const runs = await runsOf(first.store)
    expect(runs.map((r) => [r.trigger, r.snapshot_date, r.scheduled_for, r.started_at])).toEqual([
      ['scheduled', '2026-03-28', '2026-03-28T05:00:00.000Z', '2026-03-28T05:00:00.000Z'],
      ['scheduled', '2026-03-29', '2026-03-29T04:00:00.000Z', '2026-03-29T04:00:00.000Z'],
    ])
    // One source is a 404: that source stops and is reported, the other goes on.
    expect(runs.map((r) => r.outcome)).toEqual(['partial', 'partial'])
    expect(runs[0]!.errors).toEqual([
      expect.stringMatching(/playlist 0000000000000000000000 .*not found \(404\)/),
    ])
    expect(runs[0]!.metrics).toMatchObject({
      rows: expect.any(Number),
      transformed_objects: expect.any(Number),
    })
    expect(runs[0]!.metrics.raw_objects).toBeGreaterThan(0)
    expect(runs[0]!.metrics.duration_ms.extract).toBeGreaterThanOrEqual(0)
    expect(lines.filter((l) => l.run_id === runs[0]!.run_id).map((l) => l.msg)).toEqual(
      expect.arrayContaining([
        'run started',
        'source failed',
        'extract finished',
        'crawl finished',
        'run finished',
      ]),
    )
    await first.daemon.stop()

    // Down from 29 March 06:00 to 1 April 07:00 (CEST): 30 and 31 March had no run at all.
    await clock.advanceTo('2026-04-01T05:00:00Z')
    const second = daemonOn(dir, clock, { logger, extraction: extraction() })
    await second.daemon.start()
    await second.daemon.whenIdle()
    const after = await runsOf(second.store)
    expect(after.map((r) => [r.trigger, r.snapshot_date])).toEqual([
      ['scheduled', '2026-03-28'],
      ['scheduled', '2026-03-29'],
      ['scheduled', '2026-04-01'],
    ])
    const state = await readScheduleState(second.store)
    expect(state?.gaps.map((g) => [g.snapshot_date, g.scheduled_for])).toEqual([
      ['2026-03-30', '2026-03-30T04:00:00.000Z'],
      ['2026-03-31', '2026-03-31T04:00:00.000Z'],
    ])
    const status = await lakeStatus(second.store, { now: clock.now() })
    expect(status.gaps.map((g) => g.snapshot_date)).toEqual(['2026-03-31', '2026-03-30'])
    expect(status.schedule?.next_run).toBe('2026-04-02T04:00:00.000Z')
    await second.daemon.stop()
  })

  it('after a quota stop tries again at the time Spotify named, not before', async () => {
    const { dir } = await tempLake('daemon-quota')
    await clock.advanceTo('2026-04-02T05:30:00Z') // 07:30 Berlin, after today's slot
    emulator.setRateLimit(undefined, { requests: 0, retryAfterSeconds: 7_200 })
    const { logger, lines } = capturedLogger()
    const { daemon, store } = daemonOn(dir, clock, { logger, extraction: extraction(), runNow: true })
    try {
      await daemon.start()
      await daemon.whenIdle()
      const [stopped] = await runsOf(store)
      expect(stopped).toMatchObject({
        trigger: 'startup',
        outcome: 'failed',
        resume_at: '2026-04-02T07:30:00.000Z',
        errors: [expect.stringMatching(/QUOTA_EXCEEDED/)],
      })
      expect(lines.find((l) => l.msg === 'run stopped; trying again later')).toMatchObject({
        retry_at: '2026-04-02T07:30:00.000Z',
      })
      expect((await lakeStatus(store, { now: clock.now() })).schedule?.retry?.at).toBe(
        '2026-04-02T07:30:00.000Z',
      )

      emulator.setRateLimit(undefined, undefined)
      await clock.advanceTo('2026-04-02T07:29:59Z')
      await daemon.whenIdle()
      expect(await runsOf(store)).toHaveLength(1)
      await clock.advanceTo('2026-04-02T07:30:00Z')
      await daemon.whenIdle()
      const runs = await runsOf(store)
      expect(runs.map((r) => [r.trigger, r.attempt, r.outcome, r.started_at])).toEqual([
        ['startup', 1, 'failed', '2026-04-02T05:30:00.000Z'],
        ['retry', 2, 'partial', '2026-04-02T07:30:00.000Z'],
      ])
      expect((await readScheduleState(store))?.retry).toBeUndefined()
    } finally {
      emulator.setRateLimit(undefined, undefined)
      await daemon.stop()
    }
  })
})
