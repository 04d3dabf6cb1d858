import { afterEach, describe, expect, it } from 'vitest'
import { openExampleText, openPost, openRequest } from '../../test/support/open-music-examples.js'
import {
  type OpenMusicEmulatorOptions,
  type RunningOpenMusicEmulator,
  startOpenMusicEmulator,
} from './index.js'

let open: RunningOpenMusicEmulator | undefined
let clock = Date.parse('2026-08-16T10:15:00Z')
afterEach(async () => {
  await open?.close()
  open = undefined
})

async function start(options: OpenMusicEmulatorOptions = {}) {
  clock = Date.parse('2026-08-16T10:15:00Z')
  open = await startOpenMusicEmulator({ now: () => clock, ...options })
  return open
}
const genres = (headers?: Record<string, string>) =>
  openRequest(`${open!.musicbrainzBaseUrl}/genre/all?fmt=txt`, headers ? { headers } : {})
const edgeBody = (text: string) => `{"error": "${text}"}`
const RATE =
  'Your requests are exceeding the allowable rate limit. Please see http://wiki.musicbrainz.org/XMLWebService for more information.'

describe('MusicBrainz per-IP limit', () => {
  it('refuses everything while a client is over 1 request/s on average, with the edge body and headers, until it slows down', async () => {
    await start()
    for (let i = 0; i < 3; i++) expect((await genres()).status).toBe(200) // the burst
    const over = await genres()
    expect(over.status).toBe(503)
    expect(over.text).toBe(edgeBody(RATE))
    expect(over.headers.get('retry-after')).toBe('1')
    expect(over.headers.get('x-ratelimit-zone')).toBe('ws ip=127.0.0.1')
    // Hammering keeps it refused: refused requests count too.
    for (let i = 0; i < 3; i++) {
      clock += 500
      expect((await genres()).status).toBe(503)
    }
    clock += 5_000
    expect((await genres()).status).toBe(200)
    // At one request a second it keeps answering.
    for (let i = 0; i < 10; i++) {
      clock += 1_000
      expect((await genres()).status).toBe(200)
    }
    expect(open!.stats().byRoute['GET /ws/2/genre/all']).toEqual({ '200': 14, '503': 4 })
  })

  it('sheds load globally when told, with the other 503 (zone global, Retry-After 0)', async () => {
    await start({ faults: { mbSheddingRate: 1 }, limits: { mbRequestsPerSecond: 100, mbBurst: 100 } })
    const busy = await genres()
    expect(busy.status).toBe(503)
    expect(busy.text).toBe(edgeBody('The MusicBrainz web server is currently busy. Please try again later.'))
    expect(busy.headers.get('x-ratelimit-zone')).toBe('global')
    expect(busy.headers.get('retry-after')).toBe('0')
    open!.setFaults({})
    expect((await genres()).status).toBe(200)
  })

  it('refuses a missing or library-default User-Agent (403, or 503 when set so)', async () => {
    await start({ limits: { mbRequestsPerSecond: 100, mbBurst: 100 } })
    for (const agent of ['', 'node', 'Python-urllib/3.12', 'Java/21.0.2']) {
      expect((await genres({ 'user-agent': agent })).status, agent).toBe(403)
    }
    open!.setAgentRefusal(503)
    expect((await genres({ 'user-agent': 'Apache-HttpClient/4.5' })).status).toBe(503)
    expect((await genres()).status).toBe(200)
  })

  it('resets connections when told', async () => {
    await start({ faults: { resetRate: 1 }, limits: { mbRequestsPerSecond: 100, mbBurst: 100 } })
    await expect(genres()).rejects.toThrow()
    expect(open!.stats().byStatus).toEqual({ reset: 1 })
  })
})

describe('ListenBrainz fixed window', () => {
  const popularity = () =>
    openPost(`${open!.listenbrainzBaseUrl}/popularity/artist`, {
      artist_mbids: ['561d854a-6a28-4aa7-8c99-323e6ce46c2a'],
    })

  it('allows 30 requests per 10-second window aligned to Unix time, with the headers on every answer, the 429 included', async () => {
    await start()
    clock = Date.parse('2026-08-16T10:15:03Z') // 3 s into a window
    for (let i = 1; i <= 30; i++) {
      const ok = await popularity()
      expect(ok.status).toBe(200)
      expect(ok.headers.get('x-ratelimit-remaining')).toBe(String(30 - i))
    }
    const refused = await popularity()
    expect(refused.status).toBe(429)
    const example = openExampleText('lb-429.txt')
    expect(refused.text.trim()).toBe(example.trim().split('\n').at(-1))
    expect(refused.headers.get('retry-after')).toBeNull()
    expect(refused.headers.get('x-ratelimit-reset-in')).toBe('7')
    expect(refused.headers.get('x-ratelimit-reset')).toBe(String(Date.parse('2026-08-16T10:15:10Z') / 1000))
    clock = Date.parse('2026-08-16T10:15:10Z')
    expect((await popularity()).status).toBe(200)
  })

  it('answers 500s and 503s when told', async () => {
    await start({ faults: { lbErrorRate: 1 } })
    const failed = await popularity()
    expect([500, 503]).toContain(failed.status)
    expect(failed.body.code).toBe(failed.status)
  })
})
