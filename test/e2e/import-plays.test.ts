import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dayNumber } from '../../src/emulator/days.js'
import { type RunningEmulator, startEmulator, writeSyntheticExport } from '../../src/emulator/index.js'
import { ListeningHistory } from '../../src/emulator/listening-history.js'
import { extractRun } from '../../src/extract/extract-run.js'
import { importSpotifyExport } from '../../src/import/import-export.js'
import { listAll, type ObjectStore } from '../../src/lake/object-store.js'
import { demoUserClient } from '../../src/pipeline/run-demo.js'
import { pendingDates } from '../../src/transform-stage/transform-ledger.js'
import { transformDates } from '../../src/transform-stage/transform-partitions.js'
import { ManualClock } from '../support/manual-clock.js'
import { historyStreams, playsTable } from '../support/plays-table.js'
import { EXAMPLE_FILES, exampleRows, exportFolder } from '../support/spotify-export-files.js'
import { tempLake } from '../support/temp-lake.js'

let emulator: RunningEmulator
let history: ListeningHistory
const API_DAYS = ['2026-03-02', '2026-03-03']

beforeAll(async () => {
  emulator = await startEmulator({ day: API_DAYS[0] })
  history = new ListeningHistory(2026, emulator.catalog)
})
afterAll(() => emulator.close())

/** The demo user's recently played, extracted on each of `days`. */
async function extractPlays(store: ObjectStore, days: readonly string[]): Promise<void> {
  for (const [i, day] of days.entries()) {
    emulator.setDay(day)
    await extractRun(demoUserClient(emulator), store, {
      runId: `${day.replaceAll('-', '')}T230000Z-api${i}`,
      snapshotDate: day,
      sources: [{ type: 'recently_played' }],
      apiMode: 'extended',
      clock: new ManualClock(`${day}T23:00:00Z`),
    })
  }
}

/** A lake's raw zone copied into a fresh lake. */
async function copyRaw(store: ObjectStore, label: string) {
  const copy = await tempLake(label)
  for (const o of await listAll(store, 'raw/')) await copy.store.put(o.key, await store.get(o.key))
  return copy
}

describe('plays from the API and an export', () => {
  it('is one row per play: the API plays an export also holds become one row, the rest stay', async () => {
    const { store } = await tempLake('plays-both')
    await extractPlays(store, API_DAYS)
    const streams = historyStreams(history, '2026-03-02', '2026-03-03')
    const audio = await exampleRows(EXAMPLE_FILES.audio)
    const extras = [audio[3]!, audio[4]!, audio[6]!].map((row, i) => ({
      ...row,
      ts: `2026-02-27T0${i}:00:00Z`,
    }))
    await importSpotifyExport(
      store,
      await exportFolder({ 'Streaming_History_Audio_2026_0.json': [...streams, ...extras] }),
    )
    await transformDates(store, await pendingDates(store))
    const rows = await playsTable(store)

    const apiPlays = [...history.recent(dayNumber(API_DAYS[0]!)), ...history.playsOn(dayNumber(API_DAYS[1]!))]
    const exported = new Set<number>()
    for (let day = dayNumber('2026-03-02'); day <= dayNumber('2026-03-03'); day++) {
      for (const p of history.playsOn(day)) exported.add(p.playedAtMs)
    }
    const apiOnly = new Set(apiPlays.filter((p) => !exported.has(p.playedAtMs)).map((p) => p.playedAtMs))
    expect(apiOnly.size).toBeGreaterThan(0) // the last 50 reach back before the export
    expect(rows).toHaveLength(streams.length + extras.length + apiOnly.size)
    const byTime = new Map(rows.map((r) => [r.played_at, r]))
    for (const play of apiPlays) {
      // the API's millisecond time, track and context; what only the export knows where it has the play
      expect(byTime.get(new Date(play.playedAtMs).toISOString())).toMatchObject({
        track_id: play.trackId,
        context_type: play.context?.type ?? null,
        source: exported.has(play.playedAtMs) ? 'export' : 'api',
        ms_played: exported.has(play.playedAtMs) ? expect.any(Number) : null,
      })
    }
    expect(
      rows
        .filter((r) => r.item_type !== 'track')
        .map((r) => r.item_type)
        .sort(),
    ).toEqual(['audiobook', 'episode', 'local'])
    // An imported month feeds plays only: no snapshot partitions of the other tables for it.
    expect(
      (await listAll(store, 'transformed/')).every((o) => !o.key.includes('snapshot_date=2026-02-01')),
    ).toBe(true)

    // The same tables whatever order the dates are transformed in, and after a replay of all.
    const reversed = await copyRaw(store, 'plays-both-reversed')
    for (const date of (await pendingDates(reversed.store)).reverse())
      await transformDates(reversed.store, [date])
    expect(await playsTable(reversed.store)).toEqual(rows)
    await transformDates(store, await pendingDates(reversed.store))
    expect(await playsTable(store)).toEqual(rows)
  })

  it("a play the export stamps after midnight (a late logout) is one row on the API's day", async () => {
    const { store } = await tempLake('plays-midnight')
    await extractPlays(store, [API_DAYS[1]!])
    const streams = historyStreams(history, API_DAYS[1]!, API_DAYS[1]!)
    const last = history.playsOn(dayNumber(API_DAYS[1]!)).at(-1)!
    const started = Math.floor(last.playedAtMs / 1000) - 200
    const late = {
      ...streams.at(-1)!,
      ts: '2026-03-04T00:30:00Z', // paused, then logged out after midnight
      ms_played: 200_000,
      reason_end: 'logout',
      offline_timestamp: started,
    }
    await importSpotifyExport(
      store,
      await exportFolder({ 'Streaming_History_Audio_2026_0.json': [...streams.slice(0, -1), late] }),
    )
    await transformDates(store, await pendingDates(store))
    const rows = await playsTable(store)
    const apiEnd = new Date(last.playedAtMs).toISOString()
    expect(rows.filter((r) => r.track_id === last.trackId && r.played_at >= apiEnd)).toEqual([
      expect.objectContaining({
        played_at: apiEnd,
        played_date: '2026-03-03',
        reason_end: 'logout',
        source: 'export',
      }),
    ])
    expect(rows.filter((r) => r.played_date === '2026-03-04')).toEqual([])
  })

  it("takes the emulator's synthetic export: marked synthetic, and one history with the API's recently played", async () => {
    const { dir, store } = await tempLake('plays-synthetic')
    await extractPlays(store, API_DAYS)
    const zip = path.join(dir, '..', `${path.basename(dir)}-export.zip`)
    const written = await writeSyntheticExport(zip, { from: '2026-02-24', to: API_DAYS[1]! })
    const report = await importSpotifyExport(store, zip)
    expect(report.synthetic).toBe(true)
    expect(report.streams).toBe(written.streams)
    expect(report.found.map((f) => [f.path, f.streams])).toEqual(written.files.map((f) => [f.name, f.rows]))
    await transformDates(store, await pendingDates(store))
    const rows = await playsTable(store)
    expect(rows).toHaveLength(written.streams) // every API play of those days is one of the export's
    const apiPlays = [...history.recent(dayNumber(API_DAYS[0]!)), ...history.playsOn(dayNumber(API_DAYS[1]!))]
    const byTime = new Map(rows.map((r) => [r.played_at, r]))
    for (const play of apiPlays) {
      expect(byTime.get(new Date(play.playedAtMs).toISOString())).toMatchObject({
        track_id: play.trackId,
        source: 'export',
      })
    }
  })
})
