import { afterEach, describe, expect, it } from 'vitest'
import {
  type OpenMusicEmulatorOptions,
  type RunningOpenMusicEmulator,
  startOpenMusicEmulator,
} from '../open-music-emulator/index.js'
import { OpenMusicRequestError, OpenMusicUnavailableError } from './errors.js'
import { MusicBrainzClient, type MusicBrainzClientOptions } from './musicbrainz-client.js'
import { userAgent } from './user-agent.js'

let open: RunningOpenMusicEmulator | undefined
afterEach(async () => {
  await open?.close()
  open = undefined
})

async function setUp(emulator: OpenMusicEmulatorOptions, client: Partial<MusicBrainzClientOptions> = {}) {
  open = await startOpenMusicEmulator(emulator)
  const mb = new MusicBrainzClient({
    baseUrl: open.musicbrainzBaseUrl,
    userAgent: userAgent('tests@tunelake.invalid'),
    ...client,
  })
  return { open, mb }
}

/** A clock the client waits on without waiting: each sleep moves it on. */
function fakeTime() {
  let now = Date.parse('2026-11-23T06:00:00Z')
  const slept: number[] = []
  return {
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms)
      now += ms
    },
    slept,
  }
}

const isrcs = (count: number) =>
  open!.catalog.spotify.tracks
    .filter((t) => open!.catalog.scenario(t.id) === 'single')
    .slice(0, count)
    .map((t) => t.isrc)

describe('MusicBrainzClient', () => {
  it('paces its requests under the per-IP limit: no 503 at the emulator, no faster than its rate', async () => {
    // Arrivals at the emulator jitter on a loaded machine, so the emulator keeps its default burst
    // of 3 and the rate is checked over the whole run rather than gap by gap.
    const { mb } = await setUp({ limits: { mbRequestsPerSecond: 20, mbBurst: 3 } }, { requestsPerSecond: 16 })
    const answers = await Promise.all(isrcs(12).map((isrc) => mb.isrc(isrc)))
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200))
    expect(open!.stats().byStatus).toEqual({ '200': 12 })
    const times = open!.requestTimes('musicbrainz')
    // 11 intervals of 1000/16 = 62.5 ms each, less a little clock slack.
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(11 * 60)
    expect(mb.stats).toMatchObject({ requests: 12, retries: 0, rateLimited: 0 })
  })

  it('records what it asked and got: the URL with inc=artist-credits+tags, the status, the body, when', async () => {
    const { mb } = await setUp({ limits: { mbRequestsPerSecond: 100 } })
    const [isrc] = isrcs(1)
    const answer = await mb.isrc(isrc!)
    expect(answer.request).toEqual({
      method: 'GET',
      url: `${open!.musicbrainzBaseUrl}/isrc/${isrc}?inc=artist-credits+tags&fmt=json`,
    })
    expect(answer.synthetic).toBe(true)
    expect((answer.body as { isrc: string }).isrc).toBe(isrc)
    expect((await mb.isrc('GBAAA0000000')).status).toBe(404)
    const [old, target] = open!.catalog.mergedMbids().find(([, to]) => open!.catalog.recording(to))!
    const moved = await mb.recording(old)
    expect(moved.status).toBe(301)
    expect(moved.headers.location).toContain(target)
    expect((await mb.genres()).body).toBe(open!.catalog.genreNames.join('\n'))
  })

  it('on the per-IP 503 pauses the whole queue (Retry-After, doubling) and then gets every answer', async () => {
    // The client asks faster than the emulator allows: the limit answers, the client slows down.
    const { mb } = await setUp({ limits: { mbRequestsPerSecond: 10, mbBurst: 2 } }, { requestsPerSecond: 50 })
    const answers = await Promise.all(isrcs(8).map((isrc) => mb.isrc(isrc)))
    expect(answers.every((a) => a.status === 200)).toBe(true)
    expect(mb.stats.rateLimited).toBeGreaterThan(0)
    expect(open!.stats().byStatus['503']).toBe(mb.stats.rateLimited)
  })

  it('backs off from load shedding and resets, then gives up with when to resume (retryable)', async () => {
    const time = fakeTime()
    const { mb } = await setUp(
      { faults: { mbSheddingRate: 1 }, limits: { mbRequestsPerSecond: 1000, mbBurst: 1000 } },
      time,
    )
    const failure = await mb.isrc(isrcs(1)[0]!).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(OpenMusicUnavailableError)
    expect((failure as OpenMusicUnavailableError).retryable).toBe(true)
    expect((failure as OpenMusicUnavailableError).message).toMatch(
      /kept answering 503 \(The MusicBrainz web server is currently busy/,
    )
    expect((failure as OpenMusicUnavailableError).resumeAt!.getTime()).toBeGreaterThan(time.now())
    expect(mb.stats).toMatchObject({ requests: 5, shed: 5, retries: 4 })
    // 2 s, 4 s, 8 s, 16 s (each jittered down to no less than half), between the five tries
    expect(time.slept.filter((ms) => ms >= 1000).length).toBe(4)
    open!.setFaults({ resetRate: 0.5, seed: 3 })
    expect((await mb.isrc(isrcs(1)[0]!)).status).toBe(200)
  })

  it('a refused User-Agent or a malformed request is terminal and says what to do', async () => {
    const { mb } = await setUp({ limits: { mbRequestsPerSecond: 1000, mbBurst: 1000 } })
    const anonymous = new MusicBrainzClient({ baseUrl: open!.musicbrainzBaseUrl, userAgent: 'node' })
    const refused = await anonymous.isrc(isrcs(1)[0]!).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(OpenMusicRequestError)
    expect((refused as Error).message).toMatch(/set enrich.contact/)
    const bad = await mb.isrc('not-an-isrc').catch((e: unknown) => e)
    expect(bad).toBeInstanceOf(OpenMusicRequestError)
    expect((bad as OpenMusicRequestError).status).toBe(400)
    expect((bad as Error).message).toMatch(/400 Invalid isrc\..*bug/)
  })
})
