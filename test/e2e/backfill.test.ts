import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js'
import { ListeningHistory } from '../../src/emulator/listening-history.js'
import { readBackfill } from '../../src/extract/backfill-state.js'
import { type ExtractReport, extractRun } from '../../src/extract/extract-run.js'
import { readBudget } from '../../src/extract/request-budget.js'
import { importSpotifyExport } from '../../src/import/import-export.js'
import type { ObjectStore } from '../../src/lake/object-store.js'
import type { ApiMode } from '../../src/spotify/api-mode.js'
import { SpotifyRateLimitError } from '../../src/spotify/errors.js'
import { SpotifyClient } from '../../src/spotify/spotify-client.js'
import { ClientCredentialsTokenProvider } from '../../src/spotify/token-provider.js'
import { pendingDates } from '../../src/transform-stage/transform-ledger.js'
import { transformDates } from '../../src/transform-stage/transform-partitions.js'
import { tunelake } from '../support/cli.js'
import { partitionTables } from '../support/extract-kit.js'
import { ManualClock } from '../support/manual-clock.js'
import { historyStreams } from '../support/plays-table.js'
import { exportFolder } from '../support/spotify-export-files.js'
import { tempLake } from '../support/temp-lake.js'

const DAY = '2026-03-10'
let extended: RunningEmulator
let development: RunningEmulator

beforeAll(async () => {
  extended = await startEmulator({ day: DAY })
  development = await startEmulator({ day: DAY, mode: 'development' })
})
afterAll(async () => {
  await extended.close()
  await development.close()
})

const clientOf = (emulator: RunningEmulator) =>
  new SpotifyClient({ apiBaseUrl: emulator.apiBaseUrl, tokens: new ClientCredentialsTokenProvider(emulator) })

/** A lake holding an imported export of the demo user's listening over two weeks: its tracks to fill in. */
async function lakeWithExport(label: string, emulator: RunningEmulator) {
  const lake = await tempLake(label)
  const history = new ListeningHistory(2026, emulator.catalog)
  const streams = historyStreams(history, '2026-02-24', '2026-03-09')
  await importSpotifyExport(
    lake.store,
    await exportFolder({ 'Streaming_History_Audio_2026_0.json': streams }),
  )
  const plays = new Map<string, number>()
  for (const s of streams) {
    const id = String(s.spotify_track_uri).split(':')[2]!
    plays.set(id, (plays.get(id) ?? 0) + 1)
  }
  return { ...lake, plays }
}

let runs = 0
/** One run with no configured source but `sources`, at `at`, with `budget` requests a day. */
async function run(
  store: ObjectStore,
  emulator: RunningEmulator,
  at: string,
  budget: number,
  options: { playlistIds?: string[]; apiMode?: ApiMode | 'auto' } = {},
): Promise<{ report: ExtractReport; calls: number }> {
  emulator.resetStats()
  const report = await extractRun(clientOf(emulator), store, {
    runId: `${at.slice(0, 10).replaceAll('-', '')}T${at.slice(11, 13)}0000Z-bf${String(runs++).padStart(3, '0')}`,
    snapshotDate: at.slice(0, 10),
    playlistIds: options.playlistIds ?? [],
    apiMode: options.apiMode ?? 'auto',
    settings: { dailyRequestBudget: budget },
    clock: new ManualClock(Date.parse(at)),
  })
  return { report, calls: apiCalls(emulator) }
}

/** Web API calls the emulator answered since its stats were reset (token requests not counted). */
function apiCalls(emulator: RunningEmulator): number {
  return Object.entries(emulator.stats().byRoute)
    .filter(([route]) => route.startsWith('GET /v1/'))
    .reduce((sum, [, statuses]) => sum + Object.values(statuses).reduce((a, b) => a + b, 0), 0)
}

describe('the back-fill of tracks only an export names', () => {
  it('fills in tracks, then albums and artists, 50/20/50 at a time, most played first, within the day and day after day', async () => {
    const { store, plays } = await lakeWithExport('backfill-extended', extended)
    const byPlays = [...plays].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).map(([id]) => id)
    expect(byPlays.length).toBeGreaterThan(50)
    const first = await run(store, extended, `${DAY}T06:00:00Z`, 1)
    expect(first.calls).toBe(1)
    expect(first.report.backfill).toMatchObject({ fetched: { tracks: 50, albums: 0, artists: 0 } })
    expect(first.report.backfill?.stopped).toMatch(
      /^the day's request budget is used up; \d+ tracks, \d+ albums, \d+ artists left/,
    )
    const state = await readBackfill(store)
    expect(state.done.tracks.sort()).toEqual(byPlays.slice(0, 50).sort())

    const sameDay = await run(store, extended, `${DAY}T18:00:00Z`, 1)
    expect(sameDay.calls).toBe(0) // the day's budget is counted across runs
    expect(await readBudget(store)).toMatchObject({ day: DAY, used: 1 })

    const nextDay = await run(store, extended, '2026-03-11T06:00:00Z', 100)
    const done = await readBackfill(store)
    expect(Object.values(done.queue).every((queue) => Object.keys(queue).length === 0)).toBe(true)
    expect(done.done.tracks).toHaveLength(plays.size)
    const albums = done.done.albums.length
    const artists = done.done.artists.length
    expect(nextDay.calls).toBe(
      Math.ceil((plays.size - 50) / 50) + Math.ceil(albums / 20) + Math.ceil(artists / 50),
    )
    expect(nextDay.report.backfill?.stopped).toBeUndefined()

    await transformDates(store, await pendingDates(store))
    const tables = await partitionTables(store, '2026-03-11')
    expect(tables.albums).toHaveLength(albums)
    expect(tables.artists.filter((a) => a.followers !== null)).toHaveLength(artists) // full artists
    const filled = [...(await partitionTables(store, DAY)).tracks, ...tables.tracks].map((t) => t.track_id)
    expect(filled.sort()).toEqual([...plays.keys()].sort())
  })

  it('asks one by one in development mode, after the scheduled sources, with what the budget leaves', async () => {
    const playlist = development.playlists.find((p) => p.ownerId === 'tunelake-demo')!.id
    const cold = await lakeWithExport('backfill-development-sources', development)
    const sourcesOnly = await run(cold.store, development, `${DAY}T06:00:00Z`, 0, { playlistIds: [playlist] })
    expect(sourcesOnly.report.backfill?.fetched.tracks).toBe(0) // a budget of 0: no back-fill
    const scheduled = sourcesOnly.calls
    expect(scheduled).toBeGreaterThan(0)

    const { store } = await lakeWithExport('backfill-development', development)
    const withRoom = await run(store, development, `${DAY}T06:00:00Z`, scheduled + 5, {
      playlistIds: [playlist],
    })
    expect(withRoom.calls).toBe(scheduled + 5) // the scheduled sources first, then 5 tracks
    expect(withRoom.report.backfill?.fetched).toEqual({ tracks: 5, albums: 0, artists: 0 })
    const routes = Object.keys(development.stats().byRoute).filter((r) => r.startsWith('GET /v1/tracks'))
    expect(routes).toEqual(['GET /v1/tracks/{id}'])
    expect(await readBudget(store)).toMatchObject({ used: scheduled + 5 })
  })

  it('stops the day at QUOTA_EXCEEDED, sends nothing until the time Spotify names, then goes on', async () => {
    const emulator = await startEmulator({ day: DAY, quota: { requests: 2, retryAfterSeconds: 3600 } })
    try {
      const { dir, store } = await lakeWithExport('backfill-quota', emulator)
      const started = Date.now()
      const stopped = await run(store, emulator, new Date(started).toISOString(), 1000)
      expect(stopped.report.backfill?.stopped).toMatch(/QUOTA_EXCEEDED/)
      expect(stopped.report.backfill?.fetched.tracks).toBe(100) // two requests went through
      const budget = await readBudget(store)
      const resume = Date.parse(budget!.paused_until!)
      expect(resume).toBeGreaterThanOrEqual(started + 3_600_000)

      const status = await tunelake(['status', '--lake', dir])
      const today = new Date(started).toISOString().slice(0, 10)
      expect(status.stdout).toMatch(
        new RegExp(
          `spotify requests today \\(${today}, UTC\\): \\d+ of the daily budget of 1000 \\(\\d+ left\\); paused until ${budget!.paused_until} \\(QUOTA_EXCEEDED\\)\n`,
        ),
      )
      expect(status.stdout).toMatch(
        /back-fill of tracks only exports name \(most played first\): tracks 100 filled in, \d+ to go; albums 0 filled in, \d+ to go; artists 0 filled in, \d+ to go/,
      )

      const early = run(store, emulator, new Date(resume - 60_000).toISOString(), 1000)
      await expect(early).rejects.toThrow(SpotifyRateLimitError)
      await expect(early).rejects.toThrow(/no request is sent before then/)
      expect(apiCalls(emulator)).toBe(0)

      emulator.setRateLimit(undefined, undefined)
      const later = await run(store, emulator, new Date(resume + 60_000).toISOString(), 1000)
      expect(later.calls).toBeGreaterThan(0)
      expect(later.report.backfill?.stopped).toBeUndefined()
    } finally {
      await emulator.close()
    }
  })
})
