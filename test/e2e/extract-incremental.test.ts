import { parquetReadObjects } from 'hyparquet'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dayNumber } from '../../src/emulator/days.js'
import { PLAYLIST_IDS, type RunningEmulator, startEmulator } from '../../src/emulator/index.js'
import { ListeningHistory } from '../../src/emulator/listening-history.js'
import { SavedTracks } from '../../src/emulator/saved-tracks.js'
import { type ExtractReport, extractRun } from '../../src/extract/extract-run.js'
import type { SourceSpec } from '../../src/extract/source-spec.js'
import { STATE_KEYS } from '../../src/lake/layout.js'
import { listAll, type ObjectStore } from '../../src/lake/object-store.js'
import { demoUserClient } from '../../src/pipeline/run-demo.js'
import type { SpotifyClient } from '../../src/spotify/spotify-client.js'
import { pendingDates } from '../../src/transform-stage/transform-ledger.js'
import { transformDates } from '../../src/transform-stage/transform-partitions.js'
import { partitionTables, rawEnvelopes } from '../support/extract-kit.js'
import { ManualClock } from '../support/manual-clock.js'
import { tempLake } from '../support/temp-lake.js'

let emulator: RunningEmulator
let client: SpotifyClient

beforeAll(async () => {
  emulator = await startEmulator({ day: '2026-03-01' })
  client = demoUserClient(emulator)
})
afterAll(() => emulator.close())

let runs = 0
/** One extraction of `sources` on simulated `day`; returns the report and the calls it made by route. */
async function runOn(store: ObjectStore, day: string, sources: SourceSpec[], cacheDays = 7) {
  emulator.setDay(day)
  emulator.resetStats()
  const report: ExtractReport = await extractRun(client, store, {
    runId: `${day.replaceAll('-', '')}T060000Z-${String(runs++).padStart(4, '0')}`,
    snapshotDate: day,
    apiMode: 'auto',
    sources,
    settings: { cacheDays },
    clock: new ManualClock(`${day}T06:00:00Z`),
  })
  const calls: Record<string, number> = {}
  for (const [route, statuses] of Object.entries(emulator.stats().byRoute)) {
    if (route.startsWith('GET /v1'))
      calls[route.slice(7)] = Object.values(statuses).reduce((a, b) => a + b, 0)
  }
  return { report, calls }
}

const USER_PLAYLISTS = [
  PLAYLIST_IDS.nightDrive,
  PLAYLIST_IDS.focusFlow,
  PLAYLIST_IDS.weekendMix,
  PLAYLIST_IDS.dailyMirror,
  PLAYLIST_IDS.chart,
  PLAYLIST_IDS.indieFinds,
]

describe('my_playlists', () => {
  it('lists once a day, fetches only the playlists whose snapshot_id changed, and still fills every partition', async () => {
    const { store } = await tempLake('my-playlists')
    const sources: SourceSpec[] = [{ type: 'my_playlists' }]
    await runOn(store, '2026-03-01', sources)
    const changed = USER_PLAYLISTS.filter(
      (id) =>
        emulator.catalog.snapshotIdOn(id, '2026-03-01') !== emulator.catalog.snapshotIdOn(id, '2026-03-02'),
    )
    expect(changed.length).toBeGreaterThanOrEqual(2) // the chart and its daily mirror
    expect(changed.length).toBeLessThan(USER_PLAYLISTS.length)
    const { calls, report } = await runOn(store, '2026-03-02', sources)
    expect(calls['/me/playlists']).toBe(1)
    expect(calls['/playlists/{id}']).toBe(changed.length)
    const pagesBeyondFirst = changed.reduce(
      (sum, id) => sum + Math.ceil(emulator.catalog.playlistItemsOn(id, '2026-03-02').length / 100) - 1,
      0,
    )
    expect(calls['/playlists/{id}/tracks'] ?? 0).toBe(pagesBeyondFirst)
    expect(report.carried).toBeGreaterThan(0)
    const tables = await partitionTables(store, '2026-03-02')
    for (const id of USER_PLAYLISTS) {
      const expected = emulator.catalog.playlistItemsOn(id, '2026-03-02').filter((e) => e.ref.type !== 'null')
      expect(
        tables.playlist_tracks.filter((row) => row.playlist_id === id),
        id,
      ).toHaveLength(expected.length)
    }
    expect(tables.playlists.map((p) => p.snapshot_id).sort()).toEqual(
      USER_PLAYLISTS.map((id) => emulator.catalog.snapshotIdOn(id, '2026-03-02')).sort(),
    )
    const warm = await runOn(store, '2026-03-02', sources)
    expect(warm.calls).toEqual({ '/me/playlists': 1 })
    expect(warm.report.requests).toBe(1)
  })
})

describe('saved_tracks', () => {
  it('lands only the saves newer than the last run; over the days the table is the library, once each', async () => {
    const { store } = await tempLake('saved')
    const library = new SavedTracks(2026, emulator.catalog)
    const days = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-12']
    const seen: string[] = []
    for (const [i, day] of days.entries()) {
      const { calls } = await runOn(store, day, [{ type: 'saved_tracks' }])
      const rows = (await partitionTables(store, day)).saved_tracks
      const now = library.on(dayNumber(day))
      const before = i === 0 ? [] : library.on(dayNumber(days[i - 1]!))
      expect(rows, day).toHaveLength(now.length - before.length)
      if (i > 0) expect(calls['/me/tracks'], day).toBe(1)
      seen.push(...rows.map((r) => `${r.track_id}@${r.added_at}`))
    }
    const final = library.on(dayNumber('2026-03-12'))
    expect(seen.sort()).toEqual(final.map((s) => `${s.trackId}@${new Date(s.addedAt).toISOString()}`).sort())
  })
})

describe('recently_played', () => {
  it('lands every play exactly once over consecutive days, and says when a gap may have lost plays', async () => {
    const { store } = await tempLake('plays')
    const history = new ListeningHistory(2026, emulator.catalog)
    const expected = new Set(history.recent(dayNumber('2026-03-01')).map((p) => p.playedAtMs))
    for (const day of ['2026-03-02', '2026-03-03']) {
      for (const play of history.playsOn(dayNumber(day))) expected.add(play.playedAtMs)
    }
    const played: number[] = []
    for (const day of ['2026-03-01', '2026-03-02', '2026-03-03']) {
      const { calls, report } = await runOn(store, day, [{ type: 'recently_played' }])
      expect(calls['/me/player/recently-played']).toBe(1)
      expect(report.notes).toEqual([])
      played.push(...(await partitionTables(store, day)).plays.map((r) => Date.parse(String(r.played_at))))
    }
    expect(played.length).toBe(expected.size)
    expect(new Set(played)).toEqual(expected)
    const late = await runOn(store, '2026-03-12', [{ type: 'recently_played' }])
    expect(late.report.notes?.join(' ')).toMatch(
      /recently_played: 50 plays since the last run, as many as Spotify keeps; earlier plays since 2026-03-03T.* may be missing \(run more often\)/,
    )
  })
  it('holds each play once in the plays table when two runs land it (a re-run without state)', async () => {
    const { store } = await tempLake('plays-twice')
    await runOn(store, '2026-03-01', [{ type: 'recently_played' }])
    await transformDates(store, await pendingDates(store))
    // The next run starts without state (a fresh home on the same lake): it lands the last 50 again.
    for (const key of [STATE_KEYS.extractState, STATE_KEYS.extractCheckpoint]) await store.delete(key)
    await runOn(store, '2026-03-02', [{ type: 'recently_played' }])
    await transformDates(store, await pendingDates(store))
    const again = await playsTable(store)
    const history = new ListeningHistory(2026, emulator.catalog)
    const landed = new Set(
      [...history.recent(dayNumber('2026-03-01')), ...history.recent(dayNumber('2026-03-02'))].map((p) =>
        new Date(p.playedAtMs).toISOString(),
      ),
    )
    expect(again.map((r) => r.played_at).sort()).toEqual([...landed].sort())
    const keys = again.map((r) => `${r.played_at}/${r.track_id}`)
    expect(new Set(keys).size).toBe(keys.length)
    // A replay of both dates changes nothing; so does transforming them the other way round.
    await transformDates(store, ['2026-03-01', '2026-03-02'])
    expect(await playsTable(store)).toEqual(again)
    const { store: reversed } = await tempLake('plays-reversed')
    for (const o of await listAll(store, 'raw/')) await reversed.put(o.key, await store.get(o.key))
    await transformDates(reversed, ['2026-03-02'])
    await transformDates(reversed, ['2026-03-01'])
    expect(await playsTable(reversed)).toEqual(again)
    // One whole file per played_month partition.
    const files = (await listAll(store, 'transformed/plays/')).map((o) => o.key)
    expect(files.every((key) => key.endsWith('/part-00000.parquet'))).toBe(true)
    expect(new Set(files.map((key) => key.split('/')[2])).size).toBe(files.length)
  })
})

/** Every row of the plays table as the transform wrote it: all files of every played_month partition. */
async function playsTable(store: ObjectStore) {
  const rows: { played_date: string; played_at: string; track_id: string }[] = []
  for (const object of await listAll(store, 'transformed/plays/')) {
    const bytes = await store.get(object.key)
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
    for (const row of await parquetReadObjects({ file })) {
      rows.push({
        played_date: String(row.played_date),
        played_at: new Date(row.played_at as Date).toISOString(),
        track_id: String(row.track_id),
      })
    }
  }
  return rows.sort((a, b) => (a.played_at < b.played_at ? -1 : a.played_at > b.played_at ? 1 : 0))
}

describe('top', () => {
  it("lands each day's ranking per time range", async () => {
    const { store } = await tempLake('top')
    const sources: SourceSpec[] = [
      { type: 'top', of: 'tracks', time_range: 'short_term' },
      { type: 'top', of: 'artists', time_range: 'long_term' },
    ]
    for (const day of ['2026-03-01', '2026-03-08']) {
      await runOn(store, day, sources)
      const rows = (await partitionTables(store, day)).user_top
      const tracks = rows.filter((r) => r.item_type === 'track' && r.time_range === 'short_term')
      expect(tracks.map((r) => r.rank)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
      const counts = new ListeningHistory(2026, emulator.catalog).countsOver(dayNumber(day), 28)
      const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0]
      expect(tracks[0]!.item_id).toBe(top)
      expect(rows.filter((r) => r.item_type === 'artist' && r.time_range === 'long_term')).toHaveLength(50)
    }
  })
})

describe('playlists and the dimension cache', () => {
  it('reuses unchanged pages and artists/albums fetched within cache_days, then fetches them again', async () => {
    const { store } = await tempLake('cache')
    const sources: SourceSpec[] = [{ type: 'playlist', id: PLAYLIST_IDS.nightDrive }]
    const cold = await runOn(store, '2026-03-01', sources)
    expect(cold.calls['/artists']).toBeGreaterThan(0)
    expect(cold.calls['/albums']).toBeGreaterThan(0)
    const sameSnapshot =
      emulator.catalog.snapshotIdOn(PLAYLIST_IDS.nightDrive, '2026-03-01') ===
      emulator.catalog.snapshotIdOn(PLAYLIST_IDS.nightDrive, '2026-03-02')
    const warm = await runOn(store, '2026-03-02', sources)
    if (sameSnapshot) expect(warm.calls).toEqual({ '/playlists/{id}': 1 })
    expect(warm.report.enrichment?.fetched).toBe(0)
    const tables = await partitionTables(store, '2026-03-02')
    expect(tables.artists.length).toBeGreaterThan(100)
    expect(tables.artists.every((a) => a.followers !== null)).toBe(true)
    expect(tables.albums.every((a) => a.label !== null)).toBe(true)
    const carried = [...(await rawEnvelopes(store)).values()].filter(
      (e) => e.snapshot_date === '2026-03-02' && e.source === 'artists',
    )
    expect(carried.map((e) => e.source_id)).toEqual(['cache'])
    expect(carried[0]!.carried_from!.keys.every((key) => key.includes('/snapshot_date=2026-03-01/'))).toBe(
      true,
    )
    const expired = await runOn(store, '2026-03-09', sources)
    expect(expired.calls['/artists']).toBeGreaterThan(0)
    expect(expired.report.enrichment?.cached).toBe(0)
  })
})
