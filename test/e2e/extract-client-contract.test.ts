import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PLAYLIST_IDS, type RunningEmulator, startEmulator } from '../../src/emulator/index.js'
import type { ApiMode } from '../../src/spotify/api-mode.js'
import {
  SpotifyRateLimitError,
  SpotifyRequestError,
  SpotifyUnavailableError,
} from '../../src/spotify/errors.js'
import { SpotifyClient, type SpotifyClientOptions } from '../../src/spotify/spotify-client.js'
import { ClientCredentialsTokenProvider } from '../../src/spotify/token-provider.js'

/**
 * The client's contract against the emulator, run once per API mode: the same calls, the shape
 * each mode answers with, and the HTTP policy (401, 429, 5xx, 304, 400) over real HTTP. Time is a
 * fake clock shared by the emulator and the client, so waiting out a Retry-After is instant.
 */
describe.each(['extended', 'development'] as ApiMode[])('SpotifyClient against the emulator (%s)', (mode) => {
  let emulator: RunningEmulator
  let clock = Date.parse('2026-04-01T08:00:00Z')
  const now = () => clock
  const sleep = async (ms: number) => {
    clock += ms
  }
  const extended = mode === 'extended'

  beforeAll(async () => {
    emulator = await startEmulator({ mode, day: '2026-04-01', now })
  })
  afterAll(() => emulator.close())

  function client(options: Partial<SpotifyClientOptions> = {}) {
    return new SpotifyClient({
      apiBaseUrl: emulator.apiBaseUrl,
      tokens: new ClientCredentialsTokenProvider(emulator, fetch, now),
      now,
      sleep,
      ...options,
    })
  }

  it('reads a whole playlist by following `next`, in the shape of the mode', async () => {
    const c = client()
    const first = await c.get(`/playlists/${PLAYLIST_IDS.focusFlow}`)
    expect(first.synthetic).toBe(true)
    const body = first.body as Record<string, { next: string | null; items: unknown[] }>
    let page = extended ? body.tracks! : body.items!
    const items = [...page.items]
    while (page.next) {
      expect(page.next).toContain(extended ? '/tracks?' : '/items?')
      page = (await c.get(page.next)).body as typeof page
      items.push(...page.items)
    }
    expect(items).toHaveLength(emulator.catalog.playlistItemsOn(PLAYLIST_IDS.focusFlow, '2026-04-01').length)
    expect(Object.keys(items[0] as object)).toContain(extended ? 'track' : 'item')
  })

  it('batch endpoints answer in extended mode and are a 403 response (not an error) in development mode', async () => {
    const ids = emulator.catalog.artists.slice(0, 3).map((a) => a.id)
    const batch = await client().get(`/artists?ids=${ids.join(',')}`)
    if (extended) {
      expect(batch.status).toBe(200)
      expect((batch.body as { artists: { id: string }[] }).artists.map((a) => a.id)).toEqual(ids)
    } else {
      expect(batch.status).toBe(403)
    }
    const single = await client().get(`/artists/${ids[0]}`)
    expect(single.status).toBe(200)
    expect('popularity' in (single.body as object)).toBe(extended)
    expect((await client().get('/albums/0000000000000000000000')).status).toBe(404)
  })

  it('treats a 400 as terminal, with the API message', async () => {
    const error = await client()
      .get(`/playlists/${PLAYLIST_IDS.focusFlow}/items?limit=500`)
      .catch((e) => e)
    expect(error).toBeInstanceOf(SpotifyRequestError)
    expect(error.message).toBe(
      `Spotify rejected ${emulator.apiBaseUrl}/playlists/${PLAYLIST_IDS.focusFlow}/items?limit=500: 400 Invalid limit`,
    )
  })

  it('refreshes an access token that expired mid-run, once, and goes on', async () => {
    const c = client()
    await c.get('/markets').catch(() => undefined)
    emulator.expireAccessTokens()
    const after = await c.get(`/artists/${emulator.catalog.artists[0]!.id}`)
    expect(after.status).toBe(200)
    expect(c.stats.tokenRefreshes).toBe(1)
  })

  it('waits out 429s for their Retry-After (JSON or plain text) and holds back its other requests', async () => {
    emulator.setRateLimit({ requests: 5, windowMs: 30_000 })
    try {
      const c = client()
      const started = clock
      const ids = emulator.catalog.artists.slice(0, 12).map((a) => a.id)
      const answers = await Promise.all(ids.map((id) => c.get(`/artists/${id}`)))
      expect(answers.every((a) => a.status === 200)).toBe(true)
      expect(c.stats.rateLimited).toBeGreaterThan(0)
      expect(clock - started).toBeGreaterThanOrEqual(60_000) // 12 calls at 5 per 30 s
      const limited = client({ rateLimit: { requests: 5, windowMs: 30_000 } })
      clock += 30_000
      await Promise.all(ids.map((id) => limited.get(`/artists/${id}`)))
      expect(limited.stats.rateLimited).toBe(0)
    } finally {
      emulator.setRateLimit(undefined)
    }
  })

  it('stops with a resumable error beyond the Retry-After cap, and at once on QUOTA_EXCEEDED', async () => {
    emulator.setRateLimit({ requests: 1, windowMs: 600_000 })
    try {
      const c = client({ maxRetryAfterSeconds: 60 })
      await c.get('/markets').catch(() => undefined)
      const error = await c.get(`/artists/${emulator.catalog.artists[0]!.id}`).catch((e) => e)
      expect(error).toBeInstanceOf(SpotifyRateLimitError)
      expect(error.message).toMatch(
        /^Spotify asks to wait 600 s \(rate limited\), more than the 60 s cap; run again after 2026-/,
      )
    } finally {
      emulator.setRateLimit(undefined)
    }
    emulator.setRateLimit(undefined, { requests: 0 })
    try {
      const error = await client()
        .get('/markets')
        .catch((e) => e)
      expect(error).toBeInstanceOf(SpotifyRateLimitError)
      expect(error.message).toMatch(
        /quota of this developer account is exhausted \(QUOTA_EXCEEDED\); run again after/,
      )
      expect(error.resumeAt.getTime() - clock).toBe(48_925_000)
    } finally {
      emulator.setRateLimit(undefined)
    }
  })

  it('retries 5xx and reset connections with backoff, then gives up with a clear error', async () => {
    emulator.setFaults({ errorRate: 0.3, resetRate: 0.1, seed: 11 })
    try {
      const c = client({ maxAttempts: 8 })
      const ids = emulator.catalog.artists.slice(0, 10).map((a) => a.id)
      for (const id of ids) expect((await c.get(`/artists/${id}`)).status).toBe(200)
      expect(c.stats.serverErrors + c.stats.networkErrors).toBeGreaterThan(3)
      emulator.setFaults({ errorRate: 1 })
      const error = await client({ maxAttempts: 3 })
        .get(`/artists/${ids[0]}`)
        .catch((e) => e)
      expect(error).toBeInstanceOf(SpotifyUnavailableError)
      expect(error.message).toMatch(/^the Spotify API kept answering 50[023] for .*; try again later$/)
    } finally {
      emulator.setFaults({})
    }
  })

  it('answers 304 with no body to an If-None-Match that still matches', async () => {
    const c = client()
    const first = await c.get(`/playlists/${PLAYLIST_IDS.nightDrive}`)
    expect(first.etag).toMatch(/^"[0-9a-f]{40}"$/)
    const again = await c.get(`/playlists/${PLAYLIST_IDS.nightDrive}`, { ifNoneMatch: first.etag! })
    expect(again).toMatchObject({ status: 304, body: null })
    expect(c.stats.notModified).toBe(1)
  })
})
