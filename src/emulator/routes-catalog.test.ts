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

const UNKNOWN_ID = '0000000000000000000000'

describe('GET /v1/artists/{id} and /v1/albums/{id}', () => {
  it('extended artist has followers, genres, popularity and three images', async () => {
    const artist = extended.catalog.artists[3]!
    const { status, body } = await ext.get(`/artists/${artist.id}`)
    expect(status).toBe(200)
    expect(Object.keys(body)).toEqual([
      'external_urls',
      'followers',
      'genres',
      'href',
      'id',
      'images',
      'name',
      'popularity',
      'type',
      'uri',
    ])
    expect(body).toMatchObject({
      id: artist.id,
      name: artist.name,
      type: 'artist',
      uri: `spotify:artist:${artist.id}`,
    })
    expect(body.followers).toEqual({ href: null, total: artist.followers })
    expect(body.images.map((i: { width: number }) => i.width)).toEqual([640, 320, 160])
  })

  it('development artist drops followers, genres and popularity', async () => {
    const { body } = await dev.get(`/artists/${development.catalog.artists[3]!.id}`)
    expect(Object.keys(body)).toEqual(['external_urls', 'href', 'id', 'images', 'name', 'type', 'uri'])
  })

  it('album: total_tracks matches the embedded tracks page; dev drops label, popularity, markets', async () => {
    const album = extended.catalog.albums.find((a) => a.trackIds.length > 10)!
    const full = await ext.get(`/albums/${album.id}`)
    expect(full.body).toMatchObject({ total_tracks: album.trackIds.length, label: album.label, genres: [] })
    expect(full.body.external_ids.upc).toMatch(/^\d{12}$/)
    expect(full.body.tracks).toMatchObject({ limit: 50, offset: 0, next: null, total: album.trackIds.length })
    expect(full.body.tracks.items.map((t: { id: string }) => t.id)).toEqual(album.trackIds)
    const slim = await dev.get(`/albums/${album.id}`)
    for (const removed of ['label', 'popularity', 'available_markets', 'album_group']) {
      expect(slim.body).not.toHaveProperty(removed)
    }
    expect(slim.body.tracks.items[0]).not.toHaveProperty('available_markets')
  })

  it('GET /v1/albums/{id}/tracks pages the simplified tracks', async () => {
    const album = extended.catalog.albums.find((a) => a.trackIds.length > 10)!
    const { body } = await ext.get(`/albums/${album.id}/tracks?limit=5&offset=5`)
    expect(body.items.map((t: { id: string }) => t.id)).toEqual(album.trackIds.slice(5, 10))
    expect(body.previous).toBe(`${extended.apiBaseUrl}/albums/${album.id}/tracks?offset=0&limit=5`)
  })

  it('404 for an unknown id, 400 "invalid id" for a malformed one', async () => {
    for (const kind of ['artists', 'albums', 'tracks']) {
      const missing = await ext.get(`/${kind}/${UNKNOWN_ID}`)
      expect(missing.status).toBe(404)
      expect(missing.body).toEqual({ error: { status: 404, message: 'Resource not found' } })
      const malformed = await ext.get(`/${kind}/abc`)
      expect(malformed.status).toBe(400)
      expect(malformed.body).toEqual({ error: { status: 400, message: 'invalid id' } })
    }
  })
})

describe('GET /v1/artists?ids= and /v1/albums?ids=', () => {
  it('extended: objects in request order, null for unknown ids', async () => {
    const [a, b] = extended.catalog.artists
    const artists = await ext.get(`/artists?ids=${a!.id},${UNKNOWN_ID},${b!.id}`)
    expect(artists.status).toBe(200)
    expect(artists.body.artists.map((x: { id: string } | null) => x?.id ?? null)).toEqual([
      a!.id,
      null,
      b!.id,
    ])
    const albumIds = extended.catalog.albums.slice(0, 20).map((x) => x.id)
    const albums = await ext.get(`/albums?ids=${albumIds.join(',')}`)
    expect(albums.body.albums.map((x: { id: string }) => x.id)).toEqual(albumIds)
  })

  it('too many ids or an invalid id is a 400', async () => {
    const ids = extended.catalog.artists.slice(0, 51).map((x) => x.id)
    const tooMany = await ext.get(`/artists?ids=${ids.join(',')}`)
    expect(tooMany.status).toBe(400)
    expect(tooMany.body).toEqual({ error: { status: 400, message: 'Too many ids requested' } })
    const albums = extended.catalog.albums.slice(0, 21).map((x) => x.id)
    expect((await ext.get(`/albums?ids=${albums.join(',')}`)).status).toBe(400)
    const invalid = await ext.get(`/artists?ids=${ids[0]},nope`)
    expect(invalid.body).toEqual({ error: { status: 400, message: 'invalid id' } })
  })

  it('development: the batch endpoints are 403', async () => {
    for (const path of [
      `/artists?ids=${UNKNOWN_ID}`,
      `/albums?ids=${UNKNOWN_ID}`,
      `/tracks?ids=${UNKNOWN_ID}`,
    ]) {
      const response = await dev.get(path)
      expect(response.status).toBe(403)
      expect(response.body).toEqual({ error: { status: 403, message: 'Forbidden' } })
    }
  })
})
