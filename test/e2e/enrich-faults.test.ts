import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type EnrichClientSettings, enrichClients } from '../../src/enrich/enrich-clients.js'
import { type EnrichReport, enrichStage } from '../../src/enrich/enrich-stage.js'
import { readEnrichState } from '../../src/enrich/enrich-state.js'
import { OPEN_MUSIC_RAW_PREFIX } from '../../src/lake/layout.js'
import { getText, listAll, type ObjectStore } from '../../src/lake/object-store.js'
import {
  type OpenMusicEmulatorOptions,
  openMusicCatalog,
  type RunningOpenMusicEmulator,
  startOpenMusicEmulator,
} from '../../src/open-music-emulator/index.js'
import { answeredSet, emulatorSettings, FAST } from '../support/enrich-answers.js'
import { enrichLake, enrichTrackIds } from '../support/enrich-lake.js'

const open = openMusicCatalog(2026)
const TRACKS = enrichTrackIds(open, { perScenario: 2, plain: 4 })
const NO_ISRC = TRACKS.filter((id) => open.scenario(id) === 'single').slice(0, 1)

let running: RunningOpenMusicEmulator | undefined
afterEach(async () => {
  await running?.close()
  running = undefined
})

async function emulator(options: OpenMusicEmulatorOptions = {}): Promise<RunningOpenMusicEmulator> {
  running = await startOpenMusicEmulator({ limits: FAST.limits, ...options })
  return running
}

/** Runs the stage until a run ends without stopping early (a service that kept refusing is asked again next run). */
async function enrichUntilDone(
  store: ObjectStore,
  client: EnrichClientSettings,
  options: { lbBatch?: number } = {},
): Promise<EnrichReport[]> {
  const reports: EnrichReport[] = []
  for (let run = 0; run < 4; run++) {
    const report = await enrichStage({ store, ...enrichClients(client), ...options })
    reports.push(report)
    if (!report.stopped) break
  }
  return reports
}

let baseline: unknown

beforeAll(async () => {
  const emu = await emulator()
  const { store } = await enrichLake(TRACKS, { noIsrc: NO_ISRC })
  const [report] = await enrichUntilDone(store, emulatorSettings(emu))
  expect(report!.stopped).toBeUndefined()
  const state = await readEnrichState(store)
  // The lake exercises the hard cases: several recordings per ISRC, a merged MBID found by names.
  expect(Object.values(state.isrc).some((e) => e.recordings.length > 1)).toBe(true)
  expect(Object.values(state.recording).some((e) => e.status === 301)).toBe(true)
  baseline = answeredSet(state)
  await emu.close()
  running = undefined
})

async function sameAnswersAs(emu: RunningOpenMusicEmulator, pacing?: Partial<EnrichClientSettings>) {
  const { store } = await enrichLake(TRACKS, { noIsrc: NO_ISRC })
  const reports = await enrichUntilDone(store, emulatorSettings(emu, pacing), { lbBatch: 3 })
  expect(reports.at(-1)!.stopped).toBeUndefined()
  expect(reports.at(-1)!.summary.pending).toBe(0)
  expect(answeredSet(await readEnrichState(store))).toEqual(baseline)
  return { ...emu.stats(), landed: await landedStatuses(store) }
}

/** How many answers the raw zone holds per service and status (`musicbrainz 503`). */
async function landedStatuses(store: ObjectStore): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const { key } of await listAll(store, OPEN_MUSIC_RAW_PREFIX)) {
    const { service, status } = JSON.parse(await getText(store, key)) as { service: string; status: number }
    counts[`${service} ${status}`] = (counts[`${service} ${status}`] ?? 0) + 1
  }
  return counts
}

const refused = (stats: { byStatus: Record<string, number> }, status: string) => stats.byStatus[status] ?? 0

describe('the enrichment against the emulators faults ends with the same answers', () => {
  it("MusicBrainz's per-IP limit: every request refused while over it", async () => {
    const emu = await emulator({ limits: { ...FAST.limits, mbRequestsPerSecond: 20, mbBurst: 2 } })
    const stats = await sameAnswersAs(emu, { ...FAST.pacing, mbRequestsPerSecond: 200 })
    expect(refused(stats, '503')).toBeGreaterThan(0)
    // Every refusal lands in the raw zone as an answer of its own, as the answers it held up do.
    expect(stats.landed['musicbrainz 503']).toBe(refused(stats, '503'))
  })

  it("MusicBrainz's load shedding and connection resets", async () => {
    const emu = await emulator({ faults: { mbSheddingRate: 0.15, resetRate: 0.05, seed: 7 } })
    const stats = await sameAnswersAs(emu)
    expect(refused(stats, '503') + refused(stats, 'reset')).toBeGreaterThan(0)
    expect(stats.landed['musicbrainz 503'] ?? 0).toBe(refused(stats, '503'))
  })

  it('a refusal of clients without a meaningful User-Agent (403 or 503) never meets tunelake', async () => {
    for (const refusal of [403, 503] as const) {
      const emu = await emulator({ agentRefusal: refusal })
      const stats = await sameAnswersAs(emu)
      expect(refused(stats, '403') + refused(stats, '503')).toBe(0)
      await emu.close()
      running = undefined
    }
  })

  it("ListenBrainz's fixed window (429 with X-RateLimit headers) shared with another client, and its 5xx", async () => {
    const emu = await emulator({
      limits: { ...FAST.limits, lbRequests: 4, lbWindowSeconds: 1 },
      faults: { lbErrorRate: 0.05, seed: 3 },
    })
    // Another client on the same IP spends the window: tunelake's answers say nothing of it until a 429.
    const other = setInterval(() => {
      fetch(`${emu.listenbrainzBaseUrl}/popularity/artist`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'other/1.0 ( other@example.com )' },
        body: JSON.stringify({ artist_mbids: [open.artistMbidOf(open.spotify.artists[0]!.id)] }),
      }).catch(() => {})
    }, 150)
    try {
      const stats = await sameAnswersAs(emu)
      const ours = ['POST /1/metadata/recording/', 'POST /1/popularity/recording', 'POST /1/metadata/lookup/']
      const ours429 = ours.reduce((n, route) => n + (stats.byRoute[route]?.['429'] ?? 0), 0)
      expect(ours429).toBeGreaterThan(0)
      // Ours land, the other client's do not (it shares only the artist popularity route).
      const all429 = Object.values(stats.byRoute).reduce((n, route) => n + (route['429'] ?? 0), 0)
      expect(stats.landed['listenbrainz 429']).toBeGreaterThanOrEqual(ours429)
      expect(stats.landed['listenbrainz 429']).toBeLessThanOrEqual(all429)
    } finally {
      clearInterval(other)
    }
  })
})

describe('batches', () => {
  it('more than 1000 recordings go in several ListenBrainz requests, none refused for its size', async () => {
    const emu = await emulator()
    const ids = enrichTrackIds(open, { perScenario: 0, plain: 1010 })
    const { store } = await enrichLake(ids)
    const [report] = await enrichUntilDone(store, emulatorSettings(emu))
    expect(report!.summary.pending).toBe(0)
    const stats = emu.stats()
    expect(refused(stats, '400')).toBe(0)
    expect(stats.byRoute['POST /1/metadata/recording/']?.['200']).toBe(2)
    expect(stats.byRoute['POST /1/popularity/recording']?.['200']).toBe(2)
  })
})

describe('the rate, counted at the emulator', () => {
  it('stays under both limits: no 503 of the per-IP limit, no 429', async () => {
    const limits = { mbRequestsPerSecond: 10, mbBurst: 3, lbRequests: 8, lbWindowSeconds: 2 }
    const emu = await emulator({ limits })
    const { store } = await enrichLake(TRACKS.slice(0, 12))
    const [report] = await enrichUntilDone(
      store,
      emulatorSettings(emu, { mbRequestsPerSecond: 8, lbRequestsPer10s: 30 }),
      { lbBatch: 2 },
    )
    expect(report!.stopped).toBeUndefined()
    const stats = emu.stats()
    expect(refused(stats, '503')).toBe(0)
    expect(refused(stats, '429')).toBe(0)
    // Over the run, MusicBrainz got no more than its average (the burst aside).
    const times = emu.requestTimes('musicbrainz')
    const span = (times.at(-1)! - times[0]!) / 1000
    expect(times.length - limits.mbBurst).toBeLessThanOrEqual(limits.mbRequestsPerSecond * span)
  })
})
