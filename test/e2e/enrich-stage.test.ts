import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { enrichClients } from '../../src/enrich/enrich-clients.js'
import { enrichStage } from '../../src/enrich/enrich-stage.js'
import { emptyEnrichState, readEnrichState, writeEnrichState } from '../../src/enrich/enrich-state.js'
import { OPEN_MUSIC_RAW_PREFIX, STATE_KEYS } from '../../src/lake/layout.js'
import { getText, listAll } from '../../src/lake/object-store.js'
import {
  openMusicCatalog,
  type RunningOpenMusicEmulator,
  startOpenMusicEmulator,
} from '../../src/open-music-emulator/index.js'
import { answeredSet, FAST } from '../support/enrich-answers.js'
import { enrichLake, enrichTrackIds } from '../support/enrich-lake.js'

const open = openMusicCatalog(2026)
const TRACKS = enrichTrackIds(open, { perScenario: 2, plain: 4 })
/** Two tracks whose ISRC the lake lacks: found by names, with a token. */
const NO_ISRC = TRACKS.filter((id) => open.scenario(id) === 'single').slice(0, 2)

let emulator: RunningOpenMusicEmulator

beforeAll(async () => {
  emulator = await startOpenMusicEmulator({ limits: FAST.limits })
})
afterAll(() => emulator.close())

function clients(token?: string) {
  return enrichClients({
    musicbrainzUrl: emulator.musicbrainzBaseUrl,
    listenbrainzUrl: emulator.listenbrainzBaseUrl,
    contact: 'tests@tunelake.invalid',
    ...(token && { token }),
    ...FAST.pacing,
  })
}

describe('the enrichment stage', () => {
  it('asks about every track once, lands every answer, and a second run asks nothing', async () => {
    const { store } = await enrichLake(TRACKS, { noIsrc: NO_ISRC })
    emulator.resetStats()
    const first = await enrichStage({ store, ...clients(emulator.listenbrainzToken) })
    expect(first.stopped).toBeUndefined()
    expect(first.summary.tracks).toBe(TRACKS.length)
    expect(first.summary.pending).toBe(0)
    // Neither service knows these; every other track is matched by ISRC or by names.
    const unknown = TRACKS.filter((id) => open.scenario(id) === 'not-in-musicbrainz')
    expect(first.summary.unmatched).toBe(unknown.length)
    expect(first.summary.enriched).toBe(TRACKS.length - unknown.length)
    const keys = await listAll(store, OPEN_MUSIC_RAW_PREFIX)
    expect(keys).toHaveLength(first.answers)
    const served = emulator.stats()
    expect(first.requests.musicbrainz + first.requests.listenbrainz).toBe(served.total)
    // One raw answer holds one answer, with the tracks it was asked for and never the token.
    const raw = JSON.parse(await getText(store, keys.find((k) => k.key.includes('/isrc/'))!.key))
    expect(raw).toMatchObject({ service: 'musicbrainz', kind: 'isrc', status: expect.any(Number) })
    expect(raw.tracks[0]).toEqual({ track_id: expect.any(String), isrc: expect.any(String) })
    for (const { key } of keys) expect(await getText(store, key)).not.toContain(emulator.listenbrainzToken)

    emulator.resetStats()
    const second = await enrichStage({ store, ...clients(emulator.listenbrainzToken) })
    expect(second.answers).toBe(0)
    expect(emulator.stats().total).toBe(0)
    expect(second.summary).toMatchObject({ enriched: first.summary.enriched, pending: 0 })
  })

  it('without a ListenBrainz token, tracks without an ISRC match stay unenriched and say why', async () => {
    const { store } = await enrichLake(TRACKS, { noIsrc: NO_ISRC })
    const report = await enrichStage({ store, ...clients() })
    const state = await readEnrichState(store)
    for (const id of NO_ISRC) expect(state.held[id]).toMatch(/LISTENBRAINZ_TOKEN/)
    expect(report.summary.held).toBeGreaterThanOrEqual(NO_ISRC.length)
    expect(report.summary.pending).toBe(0)
  })

  it('--limit asks that many tracks a run, and the state rebuilds from the raw zone alone', async () => {
    const { store } = await enrichLake(TRACKS)
    const first = await enrichStage({ store, ...clients(emulator.listenbrainzToken), limit: 5 })
    expect(first.asked_tracks).toBe(5)
    // Those not asked yet, and any of the five whose ISRC MusicBrainz did not know (names next).
    expect(first.summary.pending).toBeGreaterThanOrEqual(TRACKS.length - 5)
    const full = await enrichStage({ store, ...clients(emulator.listenbrainzToken) })
    expect(full.summary.pending).toBe(0)
    const kept = answeredSet(await readEnrichState(store))
    // A lost state: the next run folds the raw answers back in and asks nothing.
    await writeEnrichState(store, emptyEnrichState())
    emulator.resetStats()
    const again = await enrichStage({ store, ...clients(emulator.listenbrainzToken) })
    expect(again.caught_up).toBe(full.answers + first.answers)
    expect(emulator.stats().total).toBe(0)
    expect(answeredSet(await readEnrichState(store))).toEqual(kept)
    expect(await store.head(STATE_KEYS.openMusicEnrich)).toBeDefined()
  })
})
