import { afterEach, describe, expect, it } from 'vitest'
import {
  mbidOf,
  type OpenMusicEmulatorOptions,
  type RunningOpenMusicEmulator,
  startOpenMusicEmulator,
} from '../open-music-emulator/index.js'
import { OpenMusicRequestError, OpenMusicUnavailableError } from './errors.js'
import { ListenBrainzClient, type ListenBrainzClientOptions } from './listenbrainz-client.js'
import { userAgent } from './user-agent.js'

let open: RunningOpenMusicEmulator | undefined
afterEach(async () => {
  await open?.close()
  open = undefined
})

async function setUp(emulator: OpenMusicEmulatorOptions, client: Partial<ListenBrainzClientOptions> = {}) {
  open = await startOpenMusicEmulator(emulator)
  const options = {
    baseUrl: open.listenbrainzBaseUrl,
    userAgent: userAgent('tests@tunelake.invalid'),
    ...client,
  }
  return new ListenBrainzClient(options)
}
const mbids = (n: number) => Array.from({ length: n }, (_, i) => mbidOf(`lb-test-${i}`))

describe('ListenBrainzClient', () => {
  it('waits for the next window when X-RateLimit-Remaining reaches 0: no 429 at the emulator', async () => {
    const lb = await setUp({ limits: { lbRequests: 3, lbWindowSeconds: 1 } })
    const started = Date.now()
    for (let i = 0; i < 7; i++) expect((await lb.popularity('artist', mbids(2))).status).toBe(200)
    expect(open!.stats().byStatus).toEqual({ '200': 7 })
    expect(lb.stats.rateLimited).toBe(0)
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000) // two windows were needed
  })

  it('on a 429 (another client on the same IP used the window) waits Reset-In and tries again', async () => {
    const lb = await setUp({ limits: { lbRequests: 2, lbWindowSeconds: 1 } })
    const other = new ListenBrainzClient({
      baseUrl: open!.listenbrainzBaseUrl,
      userAgent: userAgent('other@tunelake.invalid'),
    })
    await other.popularity('artist', mbids(1))
    await other.popularity('artist', mbids(1)) // the window is used up
    const answer = await lb.popularity('recording', mbids(3))
    expect(answer.status).toBe(200)
    expect(lb.stats.rateLimited).toBe(1)
    expect((answer.body as unknown[]).length).toBe(3)
  })

  it('sends the token only in its header: a refused token is terminal and the message never shows it', async () => {
    const lb = await setUp({}, { token: 'secret-token-value-123' })
    const failure = await lb.lookup([{ artist_name: 'A', recording_name: 'B' }]).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(OpenMusicRequestError)
    expect((failure as Error).message).toBe(
      'ListenBrainz refused the token (401 Invalid authorization token.); check LISTENBRAINZ_TOKEN (your token at listenbrainz.org/settings)',
    )
    expect(JSON.stringify(failure)).not.toContain('secret-token-value-123')
    const withToken = new ListenBrainzClient({
      baseUrl: open!.listenbrainzBaseUrl,
      userAgent: userAgent('tests@tunelake.invalid'),
      token: open!.listenbrainzToken,
    })
    const answer = await withToken.lookup([{ artist_name: 'Nobody', recording_name: 'Nothing' }])
    expect(answer.request.body).toEqual({
      recordings: [{ artist_name: 'Nobody', recording_name: 'Nothing' }],
    })
    expect(JSON.stringify(answer)).not.toContain(open!.listenbrainzToken)
  })

  it('retries 5xx with long backoff, then gives up retryable', async () => {
    let now = Date.parse('2026-11-23T06:00:00Z')
    const lb = await setUp(
      { faults: { lbErrorRate: 1 } },
      {
        now: () => now,
        sleep: async (ms) => {
          now += ms
        },
      },
    )
    const failure = await lb.metadata(mbids(2)).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(OpenMusicUnavailableError)
    expect(lb.stats).toMatchObject({ requests: 4, serverErrors: 4, retries: 3 })
  })

  it('refuses a batch over the cap before asking', async () => {
    const lb = await setUp({})
    expect(() => lb.popularity('recording', mbids(1001))).toThrow('1 to 1000 items, got 1001')
    expect(() => lb.lookup([])).toThrow('needs a token')
  })
})
