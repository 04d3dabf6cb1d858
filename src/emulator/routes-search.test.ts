import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EmulatorTestClient } from '../../test/support/emulator-test-client.js'
import { type RunningEmulator, startEmulator } from './index.js'

let extended: RunningEmulator
let development: RunningEmulator
let ext: EmulatorTestClient
let dev: EmulatorTestClient

beforeAll(async () => {
  extended = await startEmulator({ day: '2026-06-15' })
  development = await startEmulator({ day: '2026-06-15', mode: 'development' })
  ext = await EmulatorTestClient.connect(extended)
  dev = await EmulatorTestClient.connect(development)
})
afterAll(async () => {
  await extended.close()
  await development.close()
})

describe('GET /v1/search', () => {
  it('finds tracks by words, sorted by popularity; `next` links say query= and work', async () => {
    const first = await ext.get('/search?q=moon&type=track&limit=5')
    expect(first.status).toBe(200)
    const page = first.body.tracks
    expect(page.items).toHaveLength(5)
    for (const track of page.items) {
      const text = [track.name, track.album.name, ...track.artists.map((a: { name: string }) => a.name)]
      expect(text.join(' ').toLowerCase()).toContain('moon')
    }
    const popularity = page.items.map((t: { popularity: number }) => t.popularity)
    expect(popularity).toEqual([...popularity].sort((a, b) => b - a))
    expect(page.next).toBe(`${extended.apiBaseUrl}/search?offset=5&limit=5&query=moon&type=track`)
    const second = await ext.get(page.next)
    expect(second.body.tracks.offset).toBe(5)
    expect(second.body.tracks.items[0].id).not.toBe(page.items[0].id)
  })

  it('supports genre: and year: filters and several types at once', async () => {
    const { body } = await ext.get('/search?q=genre:shoegaze&type=artist,album&limit=50')
    expect(body.artists.items.length).toBeGreaterThan(0)
    expect(body.artists.items.every((a: { genres: string[] }) => a.genres.includes('shoegaze'))).toBe(true)
    expect(body).toHaveProperty('albums')
    const years = await ext.get('/search?q=year:1990-1999&type=album&limit=50')
    const released = years.body.albums.items.map((a: { release_date: string }) =>
      Number(a.release_date.slice(0, 4)),
    )
    expect(released.length).toBeGreaterThan(0)
    expect(released.every((y: number) => y >= 1990 && y <= 1999)).toBe(true)
  })

  it('caps offsets at 1000 and limits by mode (extended 50, development 10, default 5)', async () => {
    const all = await ext.get('/search?q=a&type=track&limit=50&offset=950')
    expect(all.body.tracks.total).toBe(1000)
    expect(all.body.tracks.next).toBeNull()
    expect((await ext.get('/search?q=a&type=track&offset=1001')).body).toEqual({
      error: { status: 400, message: 'Invalid offset' },
    })
    expect((await ext.get('/search?q=a&type=track&limit=51')).status).toBe(400)
    expect((await dev.get('/search?q=a&type=track')).body.tracks.limit).toBe(5)
    expect((await dev.get('/search?q=a&type=track&limit=11')).body).toEqual({
      error: { status: 400, message: 'Invalid limit' },
    })
    expect((await dev.get('/search?q=a&type=track')).body.tracks.items[0]).not.toHaveProperty('popularity')
  })

  it('refuses a missing query and an unknown type', async () => {
    expect((await ext.get('/search?type=track')).body).toEqual({
      error: { status: 400, message: 'No search query' },
    })
    expect((await ext.get('/search?q=x&type=song')).body.error.message).toBe('Bad search type field')
  })

  it('development mode: Spotify-owned playlists come back null', async () => {
    const { body } = await dev.get('/search?q=top&type=playlist&limit=10')
    expect(body.playlists.items).toContain(null)
    expect((await ext.get('/search?q=top&type=playlist')).body.playlists.items).not.toContain(null)
  })
})

describe('GET /v1/artists/{id}/albums', () => {
  const artist = () =>
    extended.catalog.artists.find(
      (a) => extended.catalog.albums.filter((al) => al.artistIds[0] === a.id).length >= 2,
    )!

  it('lists the discography newest first, filtered by include_groups; album_group only in extended', async () => {
    const id = artist().id
    const { body } = await ext.get(`/artists/${id}/albums?include_groups=album,single&limit=50`)
    const own = extended.catalog.albums.filter((a) => a.artistIds.includes(id))
    expect(body.total).toBe(own.length)
    expect(
      body.items.every((a: { album_group: string }) =>
        ['album', 'single', 'compilation'].includes(a.album_group),
      ),
    ).toBe(true)
    const dates = body.items.map((a: { release_date: string }) => a.release_date)
    expect(dates).toEqual([...dates].sort().reverse())
    const devPage = await dev.get(`/artists/${id}/albums`)
    expect(devPage.body.limit).toBe(5)
    expect(devPage.body.items[0]).not.toHaveProperty('album_group')
  })

  it('takes limit up to 50 in extended mode but only 10 in development mode; a bad group is a 400', async () => {
    const id = artist().id
    expect((await ext.get(`/artists/${id}/albums?limit=50`)).status).toBe(200)
    expect((await dev.get(`/artists/${id}/albums?limit=11`)).body).toEqual({
      error: { status: 400, message: 'Invalid limit' },
    })
    expect((await ext.get(`/artists/${id}/albums?include_groups=eps`)).status).toBe(400)
    expect((await ext.get('/artists/not-an-id/albums')).body).toEqual({
      error: { status: 400, message: 'invalid id' },
    })
  })
})

describe('endpoints removed for new and development-mode apps', () => {
  it('are 403 in development mode and served in extended mode (a legacy app)', async () => {
    const track = extended.catalog.tracks[0]!
    const artist = extended.catalog.artists[0]!
    const paths = [
      `/audio-features?ids=${track.id}`,
      `/audio-features/${track.id}`,
      `/recommendations?seed_artists=${artist.id}`,
      `/artists/${artist.id}/related-artists`,
      `/artists/${artist.id}/top-tracks`,
      '/markets',
      `/artists?ids=${artist.id}`,
      `/albums?ids=${extended.catalog.albums[0]!.id}`,
      `/tracks?ids=${track.id}`,
    ]
    for (const path of paths) {
      expect((await dev.get(path)).body, path).toEqual({ error: { status: 403, message: 'Forbidden' } })
      expect((await ext.get(path)).status, path).toBe(200)
    }
    const features = await ext.get(`/audio-features?ids=${track.id},0000000000000000000000`)
    expect(features.body.audio_features[0]).toMatchObject({ id: track.id, duration_ms: track.durationMs })
    expect(features.body.audio_features[1]).toBeNull()
  })

  it('validates ids: too many is a 400, a malformed one is invalid id', async () => {
    const ids = extended.catalog.artists.slice(0, 51).map((a) => a.id)
    expect((await ext.get(`/artists?ids=${ids.join(',')}`)).body).toEqual({
      error: { status: 400, message: 'Too many ids requested' },
    })
    expect((await ext.get(`/albums?ids=${ids.slice(0, 21).join(',')}`)).status).toBe(400)
    expect((await ext.get('/tracks?ids=abc')).body).toEqual({ error: { status: 400, message: 'invalid id' } })
  })
})
