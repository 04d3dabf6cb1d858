import { afterEach, describe, expect, it } from 'vitest'
import { EmulatorTestClient, request } from '../../test/support/emulator-test-client.js'
import { PLAYLIST_IDS, type RunningEmulator, startEmulator } from './index.js'

let emulator: RunningEmulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

const admin = (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') =>
  request(`${emulator!.accountsBaseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  })

describe('rate limiting', () => {
  it('answers 429 with Retry-After once the rolling window is full, every third one plain text', async () => {
    let clock = Date.parse('2026-03-01T12:00:00Z')
    emulator = await startEmulator({
      day: '2026-03-01',
      now: () => clock,
      rateLimit: { requests: 3, windowMs: 10_000 },
    })
    const client = await EmulatorTestClient.connect(emulator)
    const path = `/playlists/${PLAYLIST_IDS.nightDrive}?fields=id`
    for (let i = 0; i < 3; i++) expect((await client.get(path)).status).toBe(200)
    const refused = [await client.get(path), await client.get(path), await client.get(path)]
    expect(refused.map((r) => r.status)).toEqual([429, 429, 429])
    expect(refused.map((r) => r.headers.get('retry-after'))).toEqual(['10', '10', '10'])
    expect(refused[0]!.body).toEqual({ error: { status: 429, message: 'API rate limit exceeded' } })
    expect(refused[2]!.text).toBe('Too many requests')
    expect(refused[2]!.headers.get('content-type')).toMatch(/^text\/plain/)
    clock += 4_000
    expect((await client.get(path)).headers.get('retry-after')).toBe('6')
    clock += 6_000
    expect((await client.get(path)).status).toBe(200)
  })

  it('QUOTA_EXCEEDED after the quota, with a long Retry-After', async () => {
    emulator = await startEmulator({ day: '2026-03-01', quota: { requests: 2 } })
    const client = await EmulatorTestClient.connect(emulator)
    await client.get('/markets')
    await client.get('/markets')
    const refused = await client.get('/markets')
    expect(refused.status).toBe(429)
    expect(refused.body).toEqual({
      error: { status: 429, message: 'Too many requests', reason: 'QUOTA_EXCEEDED' },
    })
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3600)
  })

  it('can be set and lifted through the admin route', async () => {
    emulator = await startEmulator({ day: '2026-03-01' })
    const client = await EmulatorTestClient.connect(emulator)
    expect((await admin('/admin/limits', { quota: { requests: 1 } })).body).toEqual({
      rateLimit: null,
      quota: { requests: 1 },
    })
    await client.get('/markets')
    expect((await client.get('/markets')).status).toBe(429)
    await admin('/admin/limits', { quota: null })
    expect((await client.get('/markets')).status).toBe(200)
    expect((await admin('/admin/limits', { rateLimit: { requests: 0 } })).status).toBe(400)
  })
})

describe('fault injection', () => {
  it('answers about the configured share of calls with 500/502/503 and Spotify-shaped bodies, reproducibly', async () => {
    const statuses = async () => {
      emulator = await startEmulator({ day: '2026-03-01', faults: { errorRate: 0.2, seed: 7 } })
      const client = await EmulatorTestClient.connect(emulator)
      const out: { status: number; body: unknown }[] = []
      for (let i = 0; i < 100; i++) {
        const { status, body } = await client.get('/markets')
        out.push({ status, body })
      }
      await emulator.close()
      emulator = undefined
      return out
    }
    const first = await statuses()
    const failed = first.filter((r) => r.status >= 500)
    expect(failed.length).toBeGreaterThan(10)
    expect(failed.length).toBeLessThan(30)
    expect(new Set(failed.map((r) => r.status))).toEqual(new Set([500, 502, 503]))
    expect(failed.find((r) => r.status === 502)!.body).toEqual({
      error: { status: 502, message: 'Something went wrong' },
    })
    expect((await statuses()).map((r) => r.status)).toEqual(first.map((r) => r.status))
  })

  it('resets connections, adds latency, and expires tokens every N calls', async () => {
    emulator = await startEmulator({ day: '2026-03-01', faults: { resetRate: 1 } })
    const client = await EmulatorTestClient.connect(emulator)
    await expect(client.get('/markets')).rejects.toThrow(/fetch failed/)
    emulator.setFaults({ latencyMs: 120 })
    const started = performance.now()
    expect((await client.get('/markets')).status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(100)
    emulator.setFaults({ expireTokensEvery: 3 })
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await client.get('/markets')).status)
    expect(statuses).toEqual([200, 200, 401])
    expect((await admin('/admin/faults', { errorRate: 2 })).status).toBe(400)
    expect((await admin('/admin/faults', { errorRate: 0.5, seed: 3 })).body).toEqual({
      errorRate: 0.5,
      seed: 3,
    })
  })
})

describe('conditional requests and counters', () => {
  it('sends a strong ETag and answers 304 to a matching If-None-Match, until the content changes', async () => {
    emulator = await startEmulator({ day: '2026-03-01' })
    const client = await EmulatorTestClient.connect(emulator)
    const path = `/playlists/${PLAYLIST_IDS.dailyMirror}`
    const first = await client.get(path)
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^"[0-9a-f]{40}"$/)
    const again = await client.get(path, { 'if-none-match': etag })
    expect(again.status).toBe(304)
    expect(again.text).toBe('')
    emulator.setDay('2026-03-02')
    expect((await client.get(path, { 'if-none-match': etag })).status).toBe(200)
  })

  it('counts requests by route and status, readable and resettable through /admin/stats', async () => {
    emulator = await startEmulator({ day: '2026-03-01' })
    const client = await EmulatorTestClient.connect(emulator)
    await client.get(`/playlists/${PLAYLIST_IDS.nightDrive}`)
    await client.get(`/playlists/${PLAYLIST_IDS.focusFlow}`)
    await client.get('/playlists/0000000000000000000000/items')
    const stats = await admin('/admin/stats')
    expect(stats.body.byRoute).toEqual({
      'POST /api/token': { '200': 1 },
      'GET /v1/playlists/{id}': { '200': 2 },
      'GET /v1/playlists/{id}/items': { '404': 1 },
    })
    expect(stats.body.byStatus).toEqual({ '200': 3, '404': 1 })
    await admin('/admin/stats', undefined, 'DELETE')
    expect(emulator.stats().total).toBe(1) // only the DELETE itself, counted after the reset
  })
})
