import { afterEach, describe, expect, it } from 'vitest'
import {
  type EmulatorOptions,
  PLAYLIST_IDS,
  type RunningEmulator,
  startEmulator,
} from '../../src/emulator/index.js'
import { extractRun } from '../../src/extract/extract-run.js'
import { readCheckpoint, readState } from '../../src/extract/extract-state.js'
import type { SourceSpec } from '../../src/extract/source-spec.js'
import type { ObjectStore } from '../../src/lake/object-store.js'
import { demoUserClient } from '../../src/pipeline/run-demo.js'
import type { ApiMode } from '../../src/spotify/api-mode.js'
import { SpotifyRateLimitError } from '../../src/spotify/errors.js'
import { fakeClock, partitionTables, rawContent } from '../support/extract-kit.js'
import { tempLake } from '../support/temp-lake.js'

const DAY = '2026-03-05'
/** Every kind of state: a playlist snapshot, two cursors, a ranking, the dimension cache. */
const SOURCES: SourceSpec[] = [
  { type: 'playlist', id: PLAYLIST_IDS.dailyMirror },
  { type: 'recently_played' },
  { type: 'saved_tracks' },
  { type: 'top', of: 'tracks', time_range: 'short_term' },
]
/** Development mode fetches every artist and album one by one: fewer sources keep the test quick. */
const DEV_SOURCES: SourceSpec[] = SOURCES.slice(0, 2)
const started: RunningEmulator[] = []
afterEach(async () => {
  for (const emulator of started.splice(0)) await emulator.close()
})

/** An emulator and a demo-user client sharing one fake clock (waits take no real time). */
async function setup(options: EmulatorOptions = {}) {
  const clock = fakeClock(Date.parse(`${DAY}T06:00:00Z`))
  const emulator = await startEmulator({ day: DAY, now: clock.now, ...options })
  started.push(emulator)
  const client = demoUserClient(emulator, { clock, now: clock.now, sleep: clock.sleep, maxAttempts: 10 })
  return { emulator, client, clock }
}

async function extract(setupResult: Awaited<ReturnType<typeof setup>>, store: ObjectStore, runId: string) {
  return extractRun(setupResult.client, store, {
    runId,
    snapshotDate: DAY,
    apiMode: 'auto',
    sources: setupResult.emulator.mode === 'development' ? DEV_SOURCES : SOURCES,
    clock: setupResult.clock,
  })
}

/** The parts of the state that say what the next run will ask for (no run ids, no times). */
async function stateGist(store: ObjectStore) {
  const state = await readState(store)
  return {
    api_mode: state.api_mode,
    saved_tracks: state.saved_tracks,
    recently_played: state.recently_played,
    playlists: Object.fromEntries(Object.entries(state.playlists).map(([id, p]) => [id, p.snapshot_id])),
    artists: Object.keys(state.dimensions.artists).sort(),
    albums: Object.keys(state.dimensions.albums).sort(),
  }
}

/** A fault-free extraction: the raw content and state every other run must end with (once per mode). */
const references = new Map<ApiMode, ReturnType<typeof referenceRun>>()
function reference(mode: ApiMode) {
  let result = references.get(mode)
  if (!result) {
    result = referenceRun(mode)
    references.set(mode, result)
  }
  return result
}

async function referenceRun(mode: ApiMode) {
  const run = await setup({ mode })
  const { store } = await tempLake('reference')
  const counted = dyingStore(store, Number.POSITIVE_INFINITY)
  const report = await extract(run, counted, '20260305T060000Z-0000')
  const content = await rawContent(store, run.emulator.apiBaseUrl)
  return { content, state: await stateGist(store), report, writes: counted.writes }
}

describe.each(['extended', 'development'] as ApiMode[])('a run in trouble (%s)', (mode) => {
  it('with 20% 5xx, resets, 429 bursts and tokens expiring mid-run ends with exactly the fault-free raw content', async () => {
    const expected = await reference(mode)
    const run = await setup({
      mode,
      faults: { errorRate: 0.2, resetRate: 0.02, expireTokensEvery: 15, seed: 5 },
      rateLimit: { requests: 12, windowMs: 30_000 },
    })
    const { store } = await tempLake('faults')
    const report = await extract(run, store, '20260305T060000Z-1111')
    expect(report.failures).toEqual([])
    expect(await rawContent(store, run.emulator.apiBaseUrl)).toEqual(expected.content)
    expect(await stateGist(store)).toEqual(expected.state)
    const statuses = run.emulator.stats().byStatus
    expect(statuses['429']).toBeGreaterThan(0)
    expect(statuses['401']).toBeGreaterThan(0)
    expect((statuses['500'] ?? 0) + (statuses['502'] ?? 0) + (statuses['503'] ?? 0)).toBeGreaterThan(
      expected.report.requests * 0.1,
    )
    expect(report.retries).toBeGreaterThan(0)
  })
})

/** A store that dies, like the process, after `limit` writes: every later write throws. */
function dyingStore(store: ObjectStore, limit: number): ObjectStore & { writes: number } {
  let writes = 0
  return {
    location: store.location,
    get writes() {
      return writes
    },
    get: (key) => store.get(key),
    head: (key) => store.head(key),
    list: (prefix) => store.list(prefix),
    delete: (key) => store.delete(key),
    onObjectCreated: (listener) => store.onObjectCreated(listener),
    put: async (key, body) => {
      if (writes >= limit) throw new Error('process killed')
      writes++
      return store.put(key, body)
    },
  }
}

describe('a run killed at any point and started again', () => {
  it('ends with the same raw data and state as an uninterrupted run: no gaps, no duplicates', async () => {
    const expected = await reference('extended')
    const writes = expected.writes // checkpoint, raw objects, state
    const first = await setup()
    for (const killAfter of [1, Math.floor(writes / 2), writes - 1]) {
      const { store } = await tempLake(`kill-${killAfter}`)
      const killed = await extract(first, dyingStore(store, killAfter), '20260305T060000Z-3333').catch(
        (e) => e,
      )
      expect(killed, `killed after ${killAfter} writes`).toBeInstanceOf(Error)
      expect((await readCheckpoint(store))?.run_id).toBe('20260305T060000Z-3333')
      // A new process: a new client (and token) against the same API.
      const again = {
        ...first,
        client: demoUserClient(first.emulator, {
          clock: first.clock,
          now: first.clock.now,
          sleep: first.clock.sleep,
        }),
      }
      const report = await extract(again, store, '20260305T061500Z-4444')
      expect(report.resumed).toBe(true)
      expect(report.runId).toBe('20260305T060000Z-3333')
      expect(await rawContent(store, again.emulator.apiBaseUrl), `killed after ${killAfter}`).toEqual(
        expected.content,
      )
      expect(await stateGist(store)).toEqual(expected.state)
    }
  })

  it('stops on QUOTA_EXCEEDED with a checkpoint that says when; no request before then, and the next run then resumes it', async () => {
    const expected = await reference('extended')
    const run = await setup({ quota: { requests: 6 } })
    const { store } = await tempLake('quota')
    const error = await extract(run, store, '20260305T060000Z-5555').catch((e) => e)
    expect(error).toBeInstanceOf(SpotifyRateLimitError)
    expect(error.message).toMatch(
      /^the Spotify API quota of this developer account is exhausted \(QUOTA_EXCEEDED\); run again after 2026-03-05T19:\S+; the next run for 2026-03-05 resumes from the checkpoint$/,
    )
    const checkpoint = await readCheckpoint(store)
    expect(checkpoint?.stopped?.resume_after).toBe(error.resumeAt.toISOString())
    expect((await readState(store)).committed_run).toBeNull()
    run.emulator.setRateLimit(undefined)
    run.emulator.resetStats()
    const early = await extract(run, store, '20260305T070000Z-6665').catch((e) => e)
    expect(early).toBeInstanceOf(SpotifyRateLimitError)
    expect(early.message).toMatch(/^Spotify asked tunelake to stop \(QUOTA_EXCEEDED\) until 2026-03-05T19:/)
    expect(run.emulator.stats().total).toBe(0)
    run.clock.advance(error.resumeAt.getTime() - run.clock.now() + 1000)
    const report = await extract(run, store, '20260306T200000Z-6666')
    expect(report).toMatchObject({ resumed: true, runId: '20260305T060000Z-5555' })
    expect(await rawContent(store, run.emulator.apiBaseUrl)).toEqual(expected.content)
    const next = await extract(run, store, '20260305T210000Z-7777')
    expect(next.resumed).toBe(false)
  })

  it('a stopped run that the next day does not resume: its plays and saves are not landed twice', async () => {
    const run = await setup()
    const { store } = await tempLake('abandoned')
    const { store: probe } = await tempLake('abandoned-probe')
    const probeCounter = dyingStore(probe, Number.POSITIVE_INFINITY)
    await extract(run, probeCounter, '20260305T050000Z-0001')
    // Killed just before its state commit: everything landed, no cursor moved.
    await extract(run, dyingStore(store, probeCounter.writes - 1), '20260305T060000Z-8888').catch(
      () => undefined,
    )
    run.emulator.setDay('2026-03-06')
    const next = await extractRun(run.client, store, {
      runId: '20260306T060000Z-9999',
      snapshotDate: '2026-03-06',
      apiMode: 'auto',
      sources: SOURCES,
      clock: run.clock,
    })
    expect(next.resumed).toBe(false)
    expect(next.notes).toEqual([
      'recently_played: continues after what the stopped run 20260305T060000Z-8888 of 2026-03-05 landed',
      'saved_tracks: continues after what the stopped run 20260305T060000Z-8888 of 2026-03-05 landed',
    ])
    const plays = [
      ...(await partitionTables(store, '2026-03-05')).plays,
      ...(await partitionTables(store, '2026-03-06')).plays,
    ].map((r) => String(r.played_at))
    expect(new Set(plays).size).toBe(plays.length)
    const saves = [
      ...(await partitionTables(store, '2026-03-05')).saved_tracks,
      ...(await partitionTables(store, '2026-03-06')).saved_tracks,
    ].map((r) => String(r.track_id))
    expect(new Set(saves).size).toBe(saves.length)
  })
})
