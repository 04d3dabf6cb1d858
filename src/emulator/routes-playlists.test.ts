import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EmulatorTestClient, type TestResponse } from '../../test/support/emulator-test-client.js'
import { DEMO_USER, PLAYLIST_IDS, type RunningEmulator, startEmulator } from './index.js'
import type { PlaylistEntry } from './model.js'

const DAY = '2026-06-15'
let extended: RunningEmulator
let development: RunningEmulator
let ext: EmulatorTestClient
let dev: EmulatorTestClient

beforeAll(async () => {
  extended = await startEmulator({ day: DAY })
  development = await startEmulator({ day: DAY, mode: 'development' })
  ext = await EmulatorTestClient.connect(extended)
  dev = await EmulatorTestClient.connect(development)
})
afterAll(async () => {
  await extended.close()
  await development.close()
})

/** Follows `next` from a first page until null; returns every item and the pages' limits. */
async function followAll(client: EmulatorTestClient, first: { next: string | null; items: unknown[] }) {
  const items = [...first.items]
  const urls: string[] = []
  let next = first.next
  while (next) {
    urls.push(next)
    const page: TestResponse = await client.get(next)
    expect(page.status).toBe(200)
    items.push(...page.body.items)
    next = page.body.next
  }
  return { items, urls }
}

/** A Spotify track (not a local file, an episode or null). */
function isTrack(content: { type: string; is_local: boolean } | null): boolean {
  return content?.type === 'track' && !content.is_local
}

/** What an item's content should be, from the catalog model. */
function expectedKey(entry: PlaylistEntry): string | null {
  const { ref } = entry
  if (ref.type === 'null') return null
  return ref.type === 'local' ? ref.uri : `spotify:${ref.type}:${ref.id}`
}

describe('GET /v1/playlists/{id}', () => {
  it('extended: embeds the first 100 items under `tracks`, item key `track`, with followers', async () => {
    const { status, body } = await ext.get(`/playlists/${PLAYLIST_IDS.nightDrive}`)
    expect(status).toBe(200)
    const total = extended.catalog.playlistItemsOn(PLAYLIST_IDS.nightDrive, DAY).length
    expect(body).not.toHaveProperty('items')
    expect(body.followers).toEqual({ href: null, total: 37 })
    expect(body.owner).toMatchObject({ id: DEMO_USER.id, display_name: DEMO_USER.displayName, type: 'user' })
    expect(body.snapshot_id).toBe(extended.catalog.snapshotIdOn(PLAYLIST_IDS.nightDrive, DAY))
    expect(body.tracks).toMatchObject({ limit: 100, offset: 0, previous: null, total })
    expect(body.tracks.items).toHaveLength(100)
    expect(body.tracks.next).toBe(
      `${extended.apiBaseUrl}/playlists/${PLAYLIST_IDS.nightDrive}/tracks?offset=100&limit=100`,
    )
    const item = body.tracks.items.find((i: { track: { type: string; is_local: boolean } | null }) =>
      isTrack(i.track),
    )
    expect(Object.keys(item)).toEqual([
      'added_at',
      'added_by',
      'is_local',
      'primary_color',
      'track',
      'video_thumbnail',
    ])
    expect(item.track).toMatchObject({ type: 'track', episode: false, track: true, is_local: false })
    expect(item.track).toHaveProperty('popularity')
    expect(item.track).toHaveProperty('available_markets')
    expect(item.track.album).toHaveProperty('available_markets')
  })

  it('development: the page is under `items`, item key `item`, removed fields are absent', async () => {
    const { status, body } = await dev.get(
      `/playlists/${PLAYLIST_IDS.nightDrive}?additional_types=track,episode`,
    )
    expect(status).toBe(200)
    expect(body).not.toHaveProperty('tracks')
    expect(body).not.toHaveProperty('followers')
    expect(body.items.limit).toBe(100)
    expect(body.items.href).toBe(
      `${development.apiBaseUrl}/playlists/${PLAYLIST_IDS.nightDrive}/items?offset=0&limit=100&additional_types=track,episode`,
    )
    const item = body.items.items.find((i: { item: { type: string; is_local: boolean } | null }) =>
      isTrack(i.item),
    )
    expect(Object.keys(item)).toEqual([
      'added_at',
      'added_by',
      'is_local',
      'primary_color',
      'video_thumbnail',
      'item',
    ])
    for (const removed of ['popularity', 'available_markets', 'linked_from'])
      expect(item.item).not.toHaveProperty(removed)
    expect(item.item.external_ids.isrc).toMatch(/^[A-Z]{2}[A-Z0-9]{3}\d{7}$/)
    expect(item.item.album).not.toHaveProperty('available_markets')
  })

  it('development: the Spotify-owned chart is a 404, its items too', async () => {
    for (const path of [`/playlists/${PLAYLIST_IDS.chart}`, `/playlists/${PLAYLIST_IDS.chart}/items`]) {
      const response = await dev.get(path)
      expect(response.status).toBe(404)
      expect(response.body).toEqual({ error: { status: 404, message: 'Resource not found' } })
    }
  })

  it('development: a playlist of another user is metadata only, and its /items is 403', async () => {
    const { status, body } = await dev.get(`/playlists/${PLAYLIST_IDS.indieFinds}`)
    expect(status).toBe(200)
    expect(Object.keys(body).sort()).toEqual(
      // examples/objects/playlist.devmode-2026.not-owned-metadata-only.json, minus followers
      [
        'collaborative',
        'description',
        'external_urls',
        'href',
        'id',
        'images',
        'name',
        'owner',
        'primary_color',
      ]
        .concat(['public', 'snapshot_id', 'type', 'uri'])
        .sort(),
    )
    expect(body.owner.id).toBe('mara.listens')
    const items = await dev.get(`/playlists/${PLAYLIST_IDS.indieFinds}/items`)
    expect(items.status).toBe(403)
    expect(items.body).toEqual({ error: { status: 403, message: 'Forbidden' } })
  })

  it('extended: the chart has 50 tracks added by Spotify that day', async () => {
    const { body } = await ext.get(`/playlists/${PLAYLIST_IDS.chart}`)
    expect(body.owner).toMatchObject({ id: 'spotify', display_name: 'Spotify' })
    expect(body.tracks.total).toBe(50)
    expect(body.tracks.next).toBeNull()
    expect(body.tracks.items.map((i: { track: { id: string } }) => i.track.id)).toEqual(
      extended.catalog.chartOn(DAY),
    )
    expect(body.tracks.items[0].added_at).toBe(`${DAY}T00:00:00Z`)
    expect(body.tracks.items[0].added_by.id).toBe('')
  })

  it('unknown id is a 404, a malformed id a 400', async () => {
    expect((await ext.get('/playlists/0000000000000000000000')).status).toBe(404)
    const bad = await ext.get('/playlists/not-an-id')
    expect(bad.status).toBe(400)
    expect(bad.body).toEqual({ error: { status: 400, message: 'invalid id' } })
  })
})

describe('playlist items paging', () => {
  it('extended /tracks: following `next` fetches every item once, in catalog order', async () => {
    const id = PLAYLIST_IDS.focusFlow
    const first = await ext.get(`/playlists/${id}/tracks?offset=0&limit=100`)
    const expected = extended.catalog.playlistItemsOn(id, DAY)
    expect(expected.length).toBeGreaterThanOrEqual(250)
    expect(first.body.total).toBe(expected.length)
    const { items, urls } = await followAll(ext, first.body)
    expect(urls[0]).toBe(`${extended.apiBaseUrl}/playlists/${id}/tracks?offset=100&limit=100`)
    const keys = items.map((i) => (i as { track: { uri: string } | null }).track?.uri ?? null)
    expect(keys).toEqual(expected.map(expectedKey))
    const last = await ext.get(urls.at(-1)!)
    expect(last.body.next).toBeNull()
    expect(last.body.previous).toBe(urls.at(-2))
  })

  it('development: from the embedded page through /items, with a null, a local file and an episode', async () => {
    const all: unknown[] = []
    for (const id of [PLAYLIST_IDS.nightDrive, PLAYLIST_IDS.focusFlow, PLAYLIST_IDS.weekendMix]) {
      const { body } = await dev.get(`/playlists/${id}`)
      const { items, urls } = await followAll(dev, body.items)
      expect(urls.every((u) => u.includes('/items?') && u.endsWith('&limit=50'))).toBe(true)
      expect(items).toHaveLength(body.items.total)
      const keys = items.map((i) => (i as { item: { uri: string } | null }).item?.uri ?? null)
      expect(keys).toEqual(development.catalog.playlistItemsOn(id, DAY).map(expectedKey))
      all.push(...items)
    }
    const contents = all.map((i) => (i as { item: Record<string, unknown> | null }).item)
    expect(contents).toContain(null)
    const local = contents.find((c) => c?.is_local === true)
    expect(local).toMatchObject({ id: null, href: null, type: 'track' })
    expect(String(local?.uri)).toMatch(/^spotify:local:[^:]+:[^:]+:[^:]+:\d+$/)
    expect(contents.find((c) => c?.type === 'episode')).toMatchObject({ episode: true, track: false })
  })

  it('development /items: default limit 20, at most 50', async () => {
    const page = await dev.get(`/playlists/${PLAYLIST_IDS.weekendMix}/items`)
    expect(page.body).toMatchObject({ limit: 20, offset: 0 })
    expect(page.body.items).toHaveLength(20)
    const tooMany = await dev.get(`/playlists/${PLAYLIST_IDS.weekendMix}/items?limit=51`)
    expect(tooMany.status).toBe(400)
    expect(tooMany.body).toEqual({ error: { status: 400, message: 'Invalid limit' } })
  })

  it('extended /items works with the `track` key and limit up to 100', async () => {
    const page = await ext.get(`/playlists/${PLAYLIST_IDS.weekendMix}/items?limit=100&offset=200`)
    expect(page.status).toBe(200)
    expect(page.body.items[0]).toHaveProperty('track')
    expect(page.body.previous).toBe(
      `${extended.apiBaseUrl}/playlists/${PLAYLIST_IDS.weekendMix}/items?offset=100&limit=100`,
    )
  })

  it('/tracks is 403 in development mode, and rejects a bad limit in extended mode', async () => {
    const removed = await dev.get(`/playlists/${PLAYLIST_IDS.nightDrive}/tracks`)
    expect(removed.status).toBe(403)
    expect(removed.body).toEqual({ error: { status: 403, message: 'Forbidden' } })
    for (const limit of ['0', '101', 'ten', '-5']) {
      const response = await ext.get(`/playlists/${PLAYLIST_IDS.nightDrive}/tracks?limit=${limit}`)
      expect(response.status).toBe(400)
      expect(response.body).toEqual({ error: { status: 400, message: 'Invalid limit' } })
    }
  })
})
