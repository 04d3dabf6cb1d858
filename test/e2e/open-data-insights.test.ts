import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalCatalog } from '../../src/catalog/catalogs/local.js'
import { crawl } from '../../src/catalog/crawler.js'
import { enrichClients } from '../../src/enrich/enrich-clients.js'
import { enrichStage } from '../../src/enrich/enrich-stage.js'
import { loadInsight } from '../../src/insights/insights.js'
import { runInsight } from '../../src/insights/run-insight.js'
import { FsObjectStore } from '../../src/lake/stores/fs.js'
import { type RunningOpenMusicEmulator, startOpenMusicEmulator } from '../../src/open-music-emulator/index.js'
import { OPEN_MUSIC_TABLE_SPECS } from '../../src/open-music-tables/open-music-table-specs.js'
import { runTransform } from '../../src/pipeline/run-transform.js'
import type { DuckDbEngine } from '../../src/query/engines/duckdb.js'
import type { QueryRow } from '../../src/query/query-engine.js'
import { FAST } from '../support/enrich-answers.js'
import { CHART, DAYS, demoLake, insightRows, LAST, openDemoLake } from '../support/insights-lake.js'

let emulator: RunningOpenMusicEmulator
let development: DuckDbEngine
let extended: DuckDbEngine
let unenriched: string
/** The development-mode lake's busiest playlist (the editorial chart is not readable there). */
let owned: string

/** The enrichment over a demo lake, then the transform and the crawl, as a run does them. */
async function enrich(dir: string): Promise<void> {
  const store = new FsObjectStore(dir)
  await enrichStage({
    store,
    ...enrichClients({
      musicbrainzUrl: emulator.musicbrainzBaseUrl,
      listenbrainzUrl: emulator.listenbrainzBaseUrl,
      contact: 'tests@tunelake.invalid',
      token: emulator.listenbrainzToken,
      ...FAST.pacing,
    }),
  })
  await runTransform({ store, trigger: 'manual', select: 'pending', record: false })
  await crawl(store, new LocalCatalog(store), 'tunelake')
}

/** A copy of a lake without its enrichment: no answers, no open-data tables. */
async function withoutOpenData(dir: string): Promise<string> {
  const copy = await mkdtemp(path.join(tmpdir(), 'tunelake-unenriched-'))
  await cp(dir, copy, { recursive: true })
  await rm(path.join(copy, 'raw', 'open-music'), { recursive: true, force: true })
  for (const spec of OPEN_MUSIC_TABLE_SPECS) {
    await rm(path.join(copy, 'transformed', spec.name), { recursive: true, force: true })
    await rm(path.join(copy, '_catalog', 'tunelake', `${spec.name}.json`), { force: true })
  }
  return copy
}

beforeAll(async () => {
  emulator = await startOpenMusicEmulator({ limits: FAST.limits })
  const [dev, ext] = await Promise.all([demoLake('development', DAYS), demoLake('extended', DAYS)])
  const before = await openDemoLake(await withoutOpenData(dev))
  try {
    unenriched = await insightRows(before, 'genre_share', { playlist_id: CHART }).then(
      () => 'answered',
      (error: Error) => error.message,
    )
  } finally {
    await before.close()
  }
  await enrich(dev)
  await enrich(ext)
  development = await openDemoLake(dev)
  extended = await openDemoLake(ext)
  const busiest = await rows(
    development,
    'SELECT playlist_id FROM playlist_tracks GROUP BY playlist_id ORDER BY count(*) DESC, playlist_id LIMIT 1',
  )
  owned = String(busiest[0]!.playlist_id)
}, 600_000)
afterAll(async () => {
  await development?.close()
  await extended?.close()
  await emulator?.close()
})

const rows = async (engine: DuckDbEngine, sql: string): Promise<QueryRow[]> => (await engine.run(sql)).rows

/** Genre share computed here from the rows of playlist_tracks and track_genres. */
async function expectedGenreShare(engine: DuckDbEngine, playlist: string = CHART): Promise<QueryRow[]> {
  const entries = await rows(
    engine,
    `SELECT track_id FROM playlist_tracks WHERE playlist_id = '${playlist}' AND item_type = 'track' AND track_id IS NOT NULL`,
  )
  const genres = await rows(engine, 'SELECT track_id, genre FROM track_genres')
  const byGenre = new Map<string, number>()
  for (const { track_id } of entries) {
    for (const g of genres)
      if (g.track_id === track_id) byGenre.set(String(g.genre), (byGenre.get(String(g.genre)) ?? 0) + 1)
  }
  const total = [...byGenre.values()].reduce((a, b) => a + b, 0)
  return [...byGenre]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .slice(0, 15)
    .map(([genre, n]) => ({
      genre,
      entries: n,
      share_pct: Math.round((1000 * n) / total) / 10,
      source: 'open_data',
    }))
}

/** Median popularity per day computed here: the lower middle of each day's scores. */
async function expectedMedians(engine: DuckDbEngine, playlist: string = CHART): Promise<QueryRow[]> {
  const scored = await rows(
    engine,
    `SELECT pt.snapshot_date, r.popularity FROM playlist_tracks pt JOIN track_recordings r ON r.track_id = pt.track_id
     WHERE pt.playlist_id = '${playlist}' AND pt.item_type = 'track' AND r.popularity IS NOT NULL`,
  )
  const days = DAYS.filter((day) => scored.some((r) => r.snapshot_date === day))
  return days.map((day) => {
    const values = scored
      .filter((r) => r.snapshot_date === day)
      .map((r) => Number(r.popularity))
      .sort((a, b) => a - b)
    return {
      snapshot_date: day,
      tracks: values.length,
      median_popularity: values[Math.floor((values.length - 1) / 2)]!,
      min_popularity: values[0]!,
      max_popularity: values.at(-1)!,
      source: 'open_data',
    }
  })
}

const numbers = (list: QueryRow[]) =>
  list.map((row) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
  )

describe('genre share and popularity from open data', () => {
  it('a lake never enriched says what both sources lack', () => {
    expect(unenriched).toMatch(/genre_share needs artists\.genres, and the lake has none for these dates/)
    expect(unenriched).toMatch(/track_genres\.genre of open data, which the lake lacks: .*tunelake enrich/)
  })

  it('development mode: genre_share answers from MusicBrainz genres and says so', async () => {
    const answer = await insightRows(development, 'genre_share', { playlist_id: owned })
    expect(answer.length).toBeGreaterThan(0)
    expect(numbers(answer)).toEqual(await expectedGenreShare(development, owned))
  })

  it('development mode: median_popularity answers from ListenBrainz listeners and says so', async () => {
    const answer = await insightRows(development, 'median_popularity', { playlist_id: owned })
    expect(answer.length).toBe(DAYS.length)
    expect(numbers(answer)).toEqual(await expectedMedians(development, owned))
  })

  it('development mode: asking for Spotify as the source says why there is none', async () => {
    const insight = await loadInsight('median_popularity')
    await expect(runInsight(development, insight, { playlist_id: owned, source: 'spotify' })).rejects.toThrow(
      /median_popularity needs tracks\.popularity, and the lake has none for these dates: Spotify no longer returns/,
    )
  })

  it('extended mode: Spotify by default, open data when asked', async () => {
    const spotify = await insightRows(extended, 'genre_share', { playlist_id: CHART })
    expect(spotify.length).toBeGreaterThan(0)
    expect(new Set(spotify.map((r) => r.source))).toEqual(new Set(['spotify']))
    const open = await insightRows(extended, 'genre_share', { playlist_id: CHART, source: 'open_data' })
    expect(numbers(open)).toEqual(await expectedGenreShare(extended))
    const medians = await insightRows(extended, 'median_popularity', {
      playlist_id: CHART,
      source: 'open_data',
    })
    expect(medians.length).toBeGreaterThan(0)
    expect(numbers(medians)).toEqual(await expectedMedians(extended))
  })

  it('extended mode: spotify_vs_open_data sets both side by side for the tracks both describe', async () => {
    const answer = await insightRows(extended, 'spotify_vs_open_data', { playlist_id: CHART })
    expect(answer.length).toBeGreaterThan(0)
    const tracks = await rows(
      extended,
      `SELECT track_id, popularity FROM tracks WHERE snapshot_date = '${LAST}'`,
    )
    const open = await rows(extended, 'SELECT track_id, popularity FROM track_recordings')
    const value = (list: QueryRow[], id: unknown) => list.find((r) => r.track_id === id)?.popularity ?? null
    for (const row of answer) {
      expect(row.spotify_popularity).toBe(value(tracks, row.track_id))
      expect(row.open_data_popularity).toBe(value(open, row.track_id))
      if (row.popularity_gap !== null) {
        expect(row.popularity_gap).toBe(Number(row.open_data_popularity) - Number(row.spotify_popularity))
      }
    }
    const gaps = answer.map((r) => (r.popularity_gap === null ? -1 : Math.abs(Number(r.popularity_gap))))
    expect(gaps).toEqual([...gaps].sort((a, b) => b - a))
  })
})
