import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EmulatorTestClient, request } from '../../test/support/emulator-test-client.js'
import { PLAYLIST_IDS, type RunningEmulator, startEmulator } from './index.js'

let emulator: RunningEmulator
let client: EmulatorTestClient

beforeAll(async () => {
  emulator = await startEmulator({ day: '2026-04-01' })
  client = await EmulatorTestClient.connect(emulator)
})
afterAll(() => emulator.close())

const clock = (init?: RequestInit) => request(`${emulator.accountsBaseUrl}/admin/clock`, init)
const setClock = (body: unknown) =>
  clock({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

describe('admin clock', () => {
  it('GET returns the day and mode; POST moves the day, which changes the chart and its snapshot_id', async () => {
    expect((await clock()).body).toEqual({ day: '2026-04-01', mode: 'extended' })
    const before = await client.get(`/playlists/${PLAYLIST_IDS.chart}`)
    const moved = await setClock({ day: '2026-04-02' })
    expect(moved.body).toEqual({ day: '2026-04-02', mode: 'extended' })
    expect(emulator.day()).toBe('2026-04-02')
    const after = await client.get(`/playlists/${PLAYLIST_IDS.chart}`)
    expect(after.body.snapshot_id).not.toBe(before.body.snapshot_id)
    const ids = (page: { body: { tracks: { items: { track: { id: string } }[] } } }) =>
      page.body.tracks.items.map((i) => i.track.id)
    expect(ids(after)).not.toEqual(ids(before))
    expect(ids(after)).toEqual(emulator.catalog.chartOn('2026-04-02'))
    emulator.setDay('2026-04-01')
    expect((await client.get(`/playlists/${PLAYLIST_IDS.chart}`)).body.snapshot_id).toBe(
      before.body.snapshot_id,
    )
  })

  it('rejects a bad date with 400 and keeps the day', async () => {
    for (const day of ['2026-02-30', 'tomorrow', 20260401]) {
      const response = await setClock({ day })
      expect(response.status).toBe(400)
      expect(response.body.error.status).toBe(400)
    }
    expect(emulator.day()).toBe('2026-04-01')
  })

  it('setMode switches the shape served', async () => {
    emulator.setMode('development')
    try {
      expect(emulator.mode).toBe('development')
      expect((await client.get(`/playlists/${PLAYLIST_IDS.chart}`)).status).toBe(404)
    } finally {
      emulator.setMode('extended')
    }
  })
})

describe('determinism', () => {
  it('two emulators with the same seed serve identical playlist JSON (apart from their own URLs)', async () => {
    const other = await startEmulator({ day: '2026-04-01', seed: 2026 })
    const different = await startEmulator({ day: '2026-04-01', seed: 7 })
    try {
      const otherClient = await EmulatorTestClient.connect(other)
      for (const id of [PLAYLIST_IDS.nightDrive, PLAYLIST_IDS.chart]) {
        const a = (await client.get(`/playlists/${id}`)).text.replaceAll(emulator.apiBaseUrl, 'API')
        const b = (await otherClient.get(`/playlists/${id}`)).text.replaceAll(other.apiBaseUrl, 'API')
        expect(b).toBe(a)
      }
      expect(different.catalog.chartOn('2026-04-01')).not.toEqual(emulator.catalog.chartOn('2026-04-01'))
    } finally {
      await other.close()
      await different.close()
    }
  })
})
