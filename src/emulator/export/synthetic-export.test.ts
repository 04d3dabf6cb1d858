import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { basicAuth, request, requestToken } from '../../../test/support/emulator-test-client.js'
import { zipEntries } from '../../../test/support/zip-entries.js'
import { type RunningEmulator, startEmulator, syntheticCatalog } from '../index.js'
import { EXPORT_FOLDER, SYNTHETIC_MARKER, writeSyntheticExport } from './synthetic-export.js'

const catalog = syntheticCatalog(2026)
/** The keys of a 2025-2026 export row, in file order (shape C of the export notes). */
const SHAPE_C_KEYS = [
  'ts',
  'platform',
  'ms_played',
  'conn_country',
  'ip_addr',
  'master_metadata_track_name',
  'master_metadata_album_artist_name',
  'master_metadata_album_album_name',
  'spotify_track_uri',
  'episode_name',
  'episode_show_name',
  'spotify_episode_uri',
  'audiobook_title',
  'audiobook_uri',
  'audiobook_chapter_uri',
  'audiobook_chapter_title',
  'reason_start',
  'reason_end',
  'shuffle',
  'skipped',
  'offline',
  'offline_timestamp',
  'incognito_mode',
]

type Row = Record<string, string | number | boolean | null>

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tunelake-export-'))
})

/** The rows of every audio and video file of an export folder, file by file in index order. */
async function folderRows(folder: string): Promise<{ name: string; rows: Row[] }[]> {
  const names = (await readdir(path.join(folder, EXPORT_FOLDER))).filter((n) => n.startsWith('Streaming_'))
  const index = (n: string) => Number(/_(\d+)\.json$/.exec(n)?.[1] ?? 1e9)
  names.sort((a, b) => index(a) - index(b))
  return Promise.all(
    names.map(async (name) => ({
      name,
      rows: JSON.parse(await readFile(path.join(folder, EXPORT_FOLDER, name), 'utf8')) as Row[],
    })),
  )
}

describe('the synthetic Extended streaming history', () => {
  it('is written as a current export: 23 keys in order, files in time order named for the years of their rows', async () => {
    const folder = path.join(dir, 'shape')
    const summary = await writeSyntheticExport(folder, {
      from: '2025-12-20',
      to: '2026-01-12',
      rowsPerFile: 250,
    })
    const files = await folderRows(folder)
    expect(files.map((f) => f.name)).toEqual(summary.files.map((f) => path.basename(f.name)))
    const audio = files.filter((f) => f.name.startsWith('Streaming_History_Audio_'))
    expect(audio.length).toBeGreaterThan(2)
    expect(audio.slice(0, -1).every((f) => f.rows.length === 250)).toBe(true)
    let previous = ''
    audio.forEach((file, n) => {
      const years = [...new Set(file.rows.map((r) => String(r.ts).slice(0, 4)))]
      expect(file.name).toBe(`Streaming_History_Audio_${years.join('-')}_${n}.json`)
      for (const row of file.rows) {
        expect(Object.keys(row)).toEqual(SHAPE_C_KEYS)
        expect(row.ts).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
        expect(String(row.ts) >= previous).toBe(true)
        previous = String(row.ts)
      }
    })
    const text = await readFile(path.join(folder, EXPORT_FOLDER, audio[0]!.name), 'utf8')
    expect(text.startsWith('[\n  {\n    "ts": "2025-12-20T')).toBe(true)
    expect(text.endsWith('\n  }\n]')).toBe(true)
    const marker = JSON.parse(await readFile(path.join(folder, EXPORT_FOLDER, SYNTHETIC_MARKER), 'utf8'))
    expect(marker).toMatchObject({ synthetic: true, user: 'tunelake-demo', streams: summary.streams })
  })

  it('names tracks as the catalog does, and has every kind of row Spotify exports, with the years’ quirks', async () => {
    const folder = path.join(dir, 'kinds')
    await writeSyntheticExport(folder, { from: '2022-08-01', to: '2023-02-28' })
    const rows = (await folderRows(folder)).flatMap((f) => f.rows)
    const track = rows.find((r) => r.spotify_track_uri !== null)!
    const model = catalog.track(String(track.spotify_track_uri).split(':')[2]!)!
    expect(track.master_metadata_track_name).toBe(model.name)
    expect(track.master_metadata_album_album_name).toBe(catalog.album(model.albumId)!.name)
    expect(track.master_metadata_album_artist_name).toBe(catalog.artist(model.artistIds[0]!)!.name)
    const kinds = {
      episode: rows.filter((r) => String(r.spotify_episode_uri).startsWith('spotify:episode:')),
      audiobook: rows.filter((r) => String(r.audiobook_uri).startsWith('spotify:show:')),
      local: rows.filter((r) => r.spotify_track_uri === null && r.master_metadata_track_name !== null),
      private: rows.filter((r) => r.incognito_mode === true),
      offline: rows.filter((r) => r.offline === true),
      short: rows.filter((r) => Number(r.ms_played) < 30_000),
    }
    for (const [kind, list] of Object.entries(kinds)) expect(list.length, kind).toBeGreaterThan(0)
    expect(kinds.audiobook.every((r) => r.offline === null && r.offline_timestamp === null)).toBe(true)
    expect(rows.every((r) => /^(192\.0\.2\.|198\.51\.100\.|2001:db8:)/.test(String(r.ip_addr)))).toBe(true)
    const skips = rows.filter((r) => r.reason_end === 'fwdbtn')
    const before = skips.filter((r) => String(r.ts) < '2022-10-17')
    const after = skips.filter((r) => String(r.ts) >= '2022-10-17')
    expect(before.every((r) => r.skipped === false)).toBe(true)
    expect(after.every((r) => r.skipped === true)).toBe(true)
    // offline_timestamp is the start (ts - ms_played but after a logout): in ms for plays before
    // 2023, in seconds since (NOTES.md §2.3).
    const start = (r: Row) => Date.parse(String(r.ts)) - Number(r.ms_played)
    const timed = rows.filter((r) => r.offline_timestamp !== null && r.reason_end !== 'logout')
    const old = timed.filter((r) => String(r.ts) < '2023')
    const recent = timed.filter((r) => String(r.ts) >= '2023')
    expect(old.every((r) => Math.abs(Number(r.offline_timestamp) - start(r)) < 2000)).toBe(true)
    expect(recent.every((r) => Math.abs(Number(r.offline_timestamp) * 1000 - start(r)) < 2000)).toBe(true)
    expect(new Set(old.map((r) => r.platform))).not.toContain('android')
    expect(new Set(recent.map((r) => r.platform))).toContain('android')
  })

  it('writes the same files into a zip, byte for byte the same on every run', async () => {
    const options = { from: '2026-02-01', to: '2026-02-20', rowsPerFile: 300 }
    const folder = path.join(dir, 'as-folder')
    await writeSyntheticExport(folder, options)
    const zips = [path.join(dir, 'a.zip'), path.join(dir, 'b.zip')]
    for (const zip of zips) await writeSyntheticExport(zip, options)
    const digest = async (file: string) =>
      createHash('sha256')
        .update(await readFile(file))
        .digest('hex')
    expect(await digest(zips[0]!)).toBe(await digest(zips[1]!))
    const entries = await zipEntries(zips[0]!)
    const names = await readdir(path.join(folder, EXPORT_FOLDER))
    expect([...entries.keys()].sort()).toEqual(names.map((n) => `${EXPORT_FOLDER}/${n}`).sort())
    for (const name of names) {
      expect(
        entries
          .get(`${EXPORT_FOLDER}/${name}`)!
          .equals(await readFile(path.join(folder, EXPORT_FOLDER, name))),
      ).toBe(true)
    }
  })

  it('refuses a range that is not one, in one line', async () => {
    await expect(
      writeSyntheticExport(path.join(dir, 'x'), { from: '2026-02-30', to: '2026-03-01' }),
    ).rejects.toThrow('from 2026-02-30 is not a YYYY-MM-DD date')
    await expect(
      writeSyntheticExport(path.join(dir, 'x'), { from: '2026-03-02', to: '2026-03-01' }),
    ).rejects.toThrow('from 2026-03-02 is after to 2026-03-01')
  })
})

describe('the export and the emulator’s recently-played', () => {
  let emulator: RunningEmulator
  beforeAll(async () => {
    emulator = await startEmulator({ day: '2026-04-14' })
  })
  afterAll(() => emulator.close())

  it('holds every play the API serves, ending within 2 s of it (an offline play: starting), one to one', async () => {
    const token = await requestToken(
      emulator,
      new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: emulator.demoUser.refreshToken,
      }).toString(),
      basicAuth(emulator),
    )
    const { body } = await request(`${emulator.apiBaseUrl}/me/player/recently-played?limit=50`, {
      headers: { authorization: `Bearer ${token.body.access_token}` },
    })
    const plays = (body.items as { played_at: string; track: { id: string } }[]).map((i) => ({
      at: Date.parse(i.played_at),
      track: i.track.id,
    }))
    expect(plays).toHaveLength(50)
    const folder = path.join(dir, 'overlap')
    const oldest = new Date(plays.at(-1)!.at).toISOString().slice(0, 10)
    await writeSyntheticExport(folder, { from: oldest, to: '2026-04-14' })
    // The API stamps a play at its end, an offline play at its start; after a logout the export's
    // `ts` is late by the pause, so the API's time lies between its start and `ts`.
    const end = (r: Row) => Date.parse(String(r.ts))
    const stamp = (r: Row) => end(r) - (r.offline ? Number(r.ms_played) : 0)
    const agrees = (r: Row, at: number) =>
      r.reason_end === 'logout'
        ? at >= end(r) - Number(r.ms_played) && at <= end(r)
        : Math.abs(at - stamp(r)) <= 2000
    const rows = (await folderRows(folder)).flatMap((f) => f.rows)
    const window = rows.filter(
      (r) => end(r) >= plays.at(-1)!.at - 2000 && !(r.offline && stamp(r) < plays.at(-1)!.at - 2000),
    )
    const matched = new Set<Row>()
    for (const play of plays) {
      const row = window.find(
        (r) => !matched.has(r) && r.spotify_track_uri === `spotify:track:${play.track}` && agrees(r, play.at),
      )
      expect(row, new Date(play.at).toISOString()).toBeDefined()
      matched.add(row!)
    }
    // What the API leaves out: plays under 30 s (skips, videos), private sessions, podcasts, local files.
    const left = window.filter((r) => !matched.has(r))
    expect(left.length).toBeGreaterThan(0)
    expect(
      left.every(
        (r) => r.spotify_track_uri === null || Number(r.ms_played) < 30_000 || r.incognito_mode === true,
      ),
    ).toBe(true)
  })
})
