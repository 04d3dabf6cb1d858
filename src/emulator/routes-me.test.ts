import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  basicAuth,
  request,
  requestToken,
  type TestResponse,
} from '../../test/support/emulator-test-client.js'
import { dayNumber } from './days.js'
import { PLAYLIST_IDS, RECENT_PLAYS_WINDOW, type RunningEmulator, startEmulator } from './index.js'
import { ListeningHistory } from './listening-history.js'

let extended: RunningEmulator
let development: RunningEmulator

beforeAll(async () => {
  extended = await startEmulator({ day: '2026-05-10' })
  development = await startEmulator({ day: '2026-05-10', mode: 'development' })
})
afterAll(async () => {
  await extended.close()
  await development.close()
})

/** A GET with the demo user's token (refreshed from the printed refresh token). */
async function userGet(emulator: RunningEmulator, pathOrUrl: string): Promise<TestResponse> {
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: emulator.demoUser.refreshToken,
  })
  const token = await requestToken(emulator, form.toString(), basicAuth(emulator))
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${emulator.apiBaseUrl}${pathOrUrl}`
  return request(url, { headers: { authorization: `Bearer ${token.body.access_token}` } })
}

describe('GET /v1/me/playlists', () => {
  it("lists the user's own and followed playlists with snapshot ids; extended stubs are under `tracks`", async () => {
    const { body } = await userGet(extended, '/me/playlists?limit=50')
    expect(body.total).toBe(6)
    expect(body.items.map((p: { id: string }) => p.id)).toContain(PLAYLIST_IDS.chart)
    const night = body.items.find((p: { id: string }) => p.id === PLAYLIST_IDS.nightDrive)
    expect(night.snapshot_id).toBe(extended.catalog.snapshotIdOn(PLAYLIST_IDS.nightDrive, '2026-05-10'))
    expect(night.tracks).toEqual({
      href: `https://api.spotify.com/v1/playlists/${PLAYLIST_IDS.nightDrive}/tracks`,
      total: extended.catalog.playlistItemsOn(PLAYLIST_IDS.nightDrive, '2026-05-10').length,
    })
    expect(night).not.toHaveProperty('followers')
  })

  it('development mode: a null entry for the Spotify-owned chart, stubs under `items`', async () => {
    const { body } = await userGet(development, '/me/playlists')
    expect(body.items).toContain(null)
    expect(body.items.filter((p: unknown) => p !== null).every((p: object) => 'items' in p)).toBe(true)
    expect((await userGet(development, '/me/playlists?limit=51')).status).toBe(400)
  })
})

describe('GET /v1/me/tracks', () => {
  it('is newest first and grows from day to day, never losing a save', async () => {
    const all = async (day: string) => {
      extended.setDay(day)
      const saved: { added_at: string; track: { id: string } }[] = []
      for (let url = '/me/tracks?limit=50'; url; ) {
        const { body } = await userGet(extended, url)
        saved.push(...body.items)
        url = body.next
      }
      return saved
    }
    try {
      const before = await all('2026-05-10')
      const after = await all('2026-05-20')
      expect(before.length).toBeGreaterThanOrEqual(140)
      const times = after.map((s) => Date.parse(s.added_at))
      expect(times).toEqual([...times].sort((a, b) => b - a))
      expect(after.length).toBeGreaterThan(before.length)
      expect(after.slice(after.length - before.length)).toEqual(before)
      expect(new Set(after.map((s) => s.track.id)).size).toBe(after.length)
    } finally {
      extended.setDay('2026-05-10')
    }
  })
})

describe('GET /v1/me/player/recently-played', () => {
  const plays = (body: { items: { played_at: string }[] }) => body.items.map((i) => Date.parse(i.played_at))

  it('pages backwards with `before` through the last 50 plays only, newest first', async () => {
    const first = await userGet(extended, '/me/player/recently-played?limit=20')
    expect(first.body.cursors).toEqual({
      after: String(plays(first.body)[0]),
      before: String(plays(first.body).at(-1)),
    })
    expect(first.body.next).toBe(
      `${extended.apiBaseUrl}/me/player/recently-played?before=${first.body.cursors.before}&limit=20`,
    )
    const seen = [...plays(first.body)]
    for (let url = first.body.next; url; ) {
      const { body } = await userGet(extended, url)
      seen.push(...plays(body))
      url = body.next
    }
    expect(seen).toHaveLength(RECENT_PLAYS_WINDOW)
    expect(seen).toEqual([...seen].sort((a, b) => b - a))
    expect(new Set(seen).size).toBe(seen.length)
  })

  it('`after` returns only newer plays; a day later the history has grown', async () => {
    const today = await userGet(extended, '/me/player/recently-played?limit=50')
    const newest = today.body.cursors.after
    expect(
      (await userGet(extended, `/me/player/recently-played?limit=50&after=${newest}`)).body,
    ).toMatchObject({
      items: [],
      cursors: null,
      next: null,
    })
    extended.setDay('2026-05-11')
    try {
      const next = await userGet(extended, `/me/player/recently-played?limit=50&after=${newest}`)
      const times = plays(next.body)
      expect(times.length).toBeGreaterThanOrEqual(12)
      expect(times.every((t) => t > Number(newest))).toBe(true)
      expect(new Date(times[0]!).toISOString().slice(0, 10)).toBe('2026-05-11')
      expect(next.body.items[0].track).toHaveProperty('popularity')
    } finally {
      extended.setDay('2026-05-10')
    }
  })

  it('refuses both cursors at once and a cursor that is not a number', async () => {
    const both = await userGet(extended, '/me/player/recently-played?after=1&before=2')
    expect(both.body).toEqual({
      error: { status: 400, message: 'Only one of after and before may be specified' },
    })
    expect((await userGet(extended, '/me/player/recently-played?before=yesterday')).status).toBe(400)
  })
})

describe('GET /v1/me/top/{artists,tracks}', () => {
  it('ranks by plays per time range, at most 50; development drops popularity', async () => {
    const short = await userGet(extended, '/me/top/tracks?time_range=short_term&limit=50')
    const long = await userGet(extended, '/me/top/tracks?time_range=long_term&limit=50')
    expect(short.body.total).toBe(50)
    expect(short.body.items[0].type).toBe('track')
    expect(short.body.items.map((t: { id: string }) => t.id)).not.toEqual(
      long.body.items.map((t: { id: string }) => t.id),
    )
    const counts = new ListeningHistory(2026, extended.catalog).countsOver(dayNumber('2026-05-10'), 28)
    const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id)
    expect(short.body.items.map((t: { id: string }) => t.id)).toEqual(ranked.slice(0, 50))
    expect(counts.get(ranked[0]!)).toBeGreaterThan(counts.get(ranked[49]!)!)
    const artists = await userGet(development, '/me/top/artists?limit=5')
    expect(artists.body.items).toHaveLength(5)
    expect(artists.body.items[0]).not.toHaveProperty('popularity')
    expect(artists.body.href).toBe(`${development.apiBaseUrl}/me/top/artists?offset=0&limit=5`)
    const bad = await userGet(extended, '/me/top/tracks?time_range=forever')
    expect(bad.body).toEqual({ error: { status: 400, message: 'Invalid time range' } })
  })
})
