import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config/config.js'
import {
  PLAYLIST_IDS,
  REFRESH_TOKEN_MAX_AGE_MS,
  type RunningEmulator,
  startEmulator,
} from '../../src/emulator/index.js'
import { type ExtractRequest, extractRun } from '../../src/extract/extract-run.js'
import type { SourceSpec } from '../../src/extract/source-spec.js'
import { STATE_KEYS } from '../../src/lake/layout.js'
import { demoUserClient } from '../../src/pipeline/run-demo.js'
import { SpotifyClient } from '../../src/spotify/spotify-client.js'
import { ClientCredentialsTokenProvider } from '../../src/spotify/token-provider.js'
import { fakeClock } from '../support/extract-kit.js'
import { tempLake } from '../support/temp-lake.js'

const DAY = '2026-03-05'
const clock = fakeClock(Date.parse(`${DAY}T06:00:00Z`))
let extended: RunningEmulator
let development: RunningEmulator

beforeAll(async () => {
  extended = await startEmulator({ day: DAY, now: clock.now })
  development = await startEmulator({ day: DAY, now: clock.now, mode: 'development' })
})
afterAll(async () => {
  await extended.close()
  await development.close()
})

const appClient = (emulator: RunningEmulator) =>
  new SpotifyClient({
    apiBaseUrl: emulator.apiBaseUrl,
    tokens: new ClientCredentialsTokenProvider(emulator, fetch, clock.now),
    now: clock.now,
    sleep: clock.sleep,
  })
const userClient = (emulator: RunningEmulator, options = {}) =>
  demoUserClient(emulator, { clock, now: clock.now, sleep: clock.sleep, ...options })

async function run(client: SpotifyClient, sources: SourceSpec[], extra: Partial<ExtractRequest> = {}) {
  const { store } = await tempLake('errors')
  const result = await extractRun(client, store, {
    runId: '20260305T060000Z-eeee',
    snapshotDate: DAY,
    apiMode: 'auto',
    sources,
    clock,
    ...extra,
  }).catch((error: Error) => error)
  return { store, result }
}

describe('a source that cannot be read is reported, and the others go on', () => {
  it('user data without a user authorisation: no request, a message saying how to authorise', async () => {
    const { result } = await run(appClient(extended), [
      { type: 'saved_tracks' },
      { type: 'playlist', id: PLAYLIST_IDS.nightDrive },
    ])
    if (result instanceof Error) throw result
    expect(result.failures).toEqual([
      {
        source: 'saved_tracks',
        message:
          "saved_tracks needs a Spotify user's authorisation (scope user-library-read), but only app credentials are configured; run tunelake auth login, or set SPOTIFY_REFRESH_TOKEN",
        retryable: false,
      },
    ])
    expect(result.entries).toBeGreaterThan(250)
  })

  it('playlists: Spotify-owned ones are a 404 for new apps, unknown ones say to check the id', async () => {
    const unknown = '0000000000000000000000'
    const { result } = await run(userClient(development), [
      { type: 'playlist', id: PLAYLIST_IDS.chart },
      { type: 'playlist', id: unknown },
      { type: 'playlist', id: PLAYLIST_IDS.indieFinds },
    ])
    if (result instanceof Error) throw result
    expect(result.failures.map((f) => f.message)).toEqual([
      `playlist ${PLAYLIST_IDS.chart} was not found (404): it is a Spotify-owned editorial playlist, which apps created since November 2024 cannot read; copy its tracks into a playlist you own and extract that one`,
      `playlist ${unknown} was not found (404): check the id or URL, and that the playlist is public or yours`,
    ])
    expect(result.entries).toBe(0) // another user's playlist: metadata only in development mode
  })

  it('an unknown artist and a search for nothing', async () => {
    const { result } = await run(userClient(extended), [
      { type: 'artist_catalog', id: '0000000000000000000000', include_groups: 'album' },
      { type: 'search', query: 'zzqxj nothing matches', search_type: 'track', max_results: 10 },
    ])
    if (result instanceof Error) throw result
    expect(result.failures).toEqual([
      {
        source: 'artist_catalog 0000000000000000000000',
        message:
          'artist 0000000000000000000000 was not found (404): check the artist id or URL in the config',
        retryable: false,
      },
    ])
  })
})

describe('a stop ends the run, leaves a checkpoint, and says what to do', () => {
  it('a refresh token past six months: re-authorise with tunelake auth login', async () => {
    const started = clock.now()
    clock.advance(REFRESH_TOKEN_MAX_AGE_MS)
    try {
      const { result } = await run(userClient(extended), [{ type: 'recently_played' }])
      expect(result).toBeInstanceOf(Error)
      expect((result as Error).message).toMatch(/; re-authorise with tunelake auth login$/)
      expect((result as Error).message).not.toContain(extended.demoUser.refreshToken)
    } finally {
      clock.advance(started - clock.now())
    }
  })

  it('a Retry-After beyond the cap: when to run again, and that the next run resumes', async () => {
    extended.setRateLimit({ requests: 1, windowMs: 3_600_000 })
    try {
      const { result } = await run(userClient(extended, { maxRetryAfterSeconds: 60 }), [
        { type: 'playlist', id: PLAYLIST_IDS.nightDrive },
      ])
      expect((result as Error).message).toMatch(
        /^Spotify asks to wait 3600 s \(rate limited\), more than the 60 s cap; run again after 2026-03-05T07:\S+; the next run for 2026-03-05 resumes from the checkpoint$/,
      )
    } finally {
      extended.setRateLimit(undefined)
    }
  })

  it('an API that cannot be reached: which host, and that the next run resumes', async () => {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    await new Promise((resolve) => server.close(resolve)) // a port that was just free: nothing listens
    const client = new SpotifyClient({
      apiBaseUrl: `http://127.0.0.1:${port}/v1`,
      tokens: { token: async () => 't', invalidate: () => {} },
      sleep: clock.sleep,
      maxAttempts: 2,
    })
    const { result } = await run(client, [{ type: 'playlist', id: PLAYLIST_IDS.nightDrive }])
    expect((result as Error).message).toBe(
      `cannot reach the Spotify API at http://127.0.0.1:${port} (ECONNREFUSED): check the network or SPOTIFY_API_BASE_URL; the next run for 2026-03-05 resumes from the checkpoint`,
    )
  })

  it('an unreadable incremental state: where it is and what to do', async () => {
    const { store } = await tempLake('bad-state')
    await store.put(STATE_KEYS.extractState, '{"format": "tunelake.extract-state/v1", "playlists": ')
    const error = await extractRun(userClient(extended), store, {
      runId: '20260305T060000Z-ffff',
      snapshotDate: DAY,
      apiMode: 'auto',
      sources: [{ type: 'recently_played' }],
    }).catch((e) => e)
    expect(error.message).toBe(
      `${store.location}/${STATE_KEYS.extractState} is not valid JSON; move it away to start the incremental sources afresh`,
    )
  })
})

describe('the config names a bad source field', () => {
  it.each([
    [{ type: 'artist_catalog', id: 'nope' }, /sources\.0\.id: "nope" is not an artist id/],
    [
      { type: 'artist_catalog', id: '0OdUWJ0sBjDrqHygGUXeCF', include_groups: 'eps' },
      /include_groups: must be a comma list/,
    ],
    [{ type: 'top', of: 'albums' }, /sources\.0\.of: /],
    [{ type: 'top', of: 'tracks', time_range: 'forever' }, /sources\.0\.time_range: /],
    [{ type: 'search', query: '  ' }, /sources\.0\.query: must not be empty/],
    [{ type: 'search', query: 'x', max_results: 5000 }, /sources\.0\.max_results: /],
    [{ type: 'my_playlists', id: 'x' }, /sources\.0: .*"id"/],
  ])('%j', (source, message) => {
    expect(() => parseConfig({ sources: [source] }, 'c.json')).toThrow(message)
  })

  it('accepts every source type with its defaults', () => {
    const config = parseConfig(
      {
        sources: [
          { type: 'my_playlists' },
          { type: 'saved_tracks' },
          { type: 'recently_played' },
          { type: 'top', of: 'artists' },
          { type: 'artist_catalog', id: 'https://open.spotify.com/artist/0OdUWJ0sBjDrqHygGUXeCF?si=1' },
          { type: 'search', query: 'genre:shoegaze' },
        ],
        spotify: { cache_days: 0 },
      },
      'c.json',
    )
    expect(config.sources.slice(3)).toEqual([
      { type: 'top', of: 'artists', time_range: 'medium_term' },
      { type: 'artist_catalog', id: '0OdUWJ0sBjDrqHygGUXeCF', include_groups: 'album,single' },
      { type: 'search', query: 'genre:shoegaze', search_type: 'track', max_results: 50 },
    ])
    expect(config.spotify).toEqual({
      cache_days: 0,
      requests_per_30s: 150,
      max_retry_after_seconds: 60,
      daily_request_budget: 1000,
    })
  })
})
