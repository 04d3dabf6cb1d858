import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalCatalog } from '../../src/catalog/catalogs/local.js'
import { crawl } from '../../src/catalog/crawler.js'
import { enrichClients } from '../../src/enrich/enrich-clients.js'
import { enrichStage } from '../../src/enrich/enrich-stage.js'
import { openMusicRawKey, QUARANTINE_PREFIX } from '../../src/lake/layout.js'
import { listAll } from '../../src/lake/object-store.js'
import type { FsObjectStore } from '../../src/lake/stores/fs.js'
import {
  openMusicCatalog,
  type RunningOpenMusicEmulator,
  startOpenMusicEmulator,
} from '../../src/open-music-emulator/index.js'
import { runTransform } from '../../src/pipeline/run-transform.js'
import type { QueryValue } from '../../src/query/query-engine.js'
import { FAST } from '../support/enrich-answers.js'
import { enrichLake, enrichTrackIds } from '../support/enrich-lake.js'
import { withLakeSql } from '../support/lake-sql.js'

const open = openMusicCatalog(2026)
const TRACKS = enrichTrackIds(open, { perScenario: 2, plain: 4 })
const NO_ISRC = TRACKS.filter((id) => open.scenario(id) === 'single').slice(0, 2)

let emulator: RunningOpenMusicEmulator
let lake: { dir: string; store: FsObjectStore }
type Rows = Record<string, QueryValue>[]
let recordings: Rows

beforeAll(async () => {
  emulator = await startOpenMusicEmulator({ limits: FAST.limits })
  lake = await enrichLake(TRACKS, { noIsrc: NO_ISRC })
  await enrichStage({
    store: lake.store,
    ...enrichClients({
      musicbrainzUrl: emulator.musicbrainzBaseUrl,
      listenbrainzUrl: emulator.listenbrainzBaseUrl,
      contact: 'tests@tunelake.invalid',
      token: emulator.listenbrainzToken,
      ...FAST.pacing,
    }),
  })
  await transformAndCrawl()
  recordings = await sql('SELECT * FROM track_recordings ORDER BY track_id')
})
afterAll(() => emulator.close())

async function transformAndCrawl() {
  const run = await runTransform({ store: lake.store, trigger: 'manual', select: 'pending', record: false })
  await crawl(lake.store, new LocalCatalog(lake.store), 'tunelake')
  return run
}

function sql(query: string): Promise<Rows> {
  return withLakeSql(lake.dir, (run) => run(query))
}

const of = (scenario: string) => recordings.filter((r) => open.scenario(String(r.track_id)) === scenario)

describe('the open-data tables built from the enrichment answers', () => {
  it('match every track asked to its recording, or say why not', () => {
    expect(recordings.map((r) => r.track_id)).toEqual([...TRACKS].sort())
    for (const row of recordings) {
      const scenario = open.scenario(String(row.track_id)) ?? 'single'
      if (scenario === 'not-in-musicbrainz') {
        expect(row).toMatchObject({ recording_mbid: null, match_source: null })
        expect(row.unmatched_reason).toMatch(/ListenBrainz matched no recording/)
        continue
      }
      const chosen = open.recording(String(row.recording_mbid))
      expect(chosen, `${row.track_id} (${scenario})`).toBeDefined()
      // The recording is the track itself: not a video, a live take or a cover of it.
      expect(chosen!.spotifyTrackId).toBe(row.track_id)
      expect(chosen!.video).toBe(false)
      expect(chosen!.disambiguation).toBe('')
      const isrcMatch = !NO_ISRC.includes(String(row.track_id)) && !scenario.startsWith('isrc-unknown')
      expect(row.match_source).toBe(isrcMatch ? 'isrc' : 'lookup')
      expect(row.unmatched_reason).toBeNull()
    }
  })

  it('keep every candidate, sum the duplicates counts and score the tracks 0-100', () => {
    for (const row of of('duplicate')) {
      const track = open.spotify.track(String(row.track_id))!
      const all = open.recordingsByIsrc(track.isrc)!
      expect(row.candidate_mbids).toEqual(all.map((r) => r.mbid).sort())
      const duplicates = all.filter(
        (r) => r.spotifyTrackId === track.id && !r.video && r.disambiguation === '',
      )
      expect(row.duplicate_mbids).toEqual(duplicates.map((r) => r.mbid).sort())
      const users = duplicates.map((r) => r.counts.users).filter((u): u is number => u !== null)
      expect(row.total_user_count).toBe(users.length === 0 ? null : users.reduce((a, b) => a + b, 0))
    }
    const scored = recordings.filter((r) => r.total_user_count !== null)
    expect(scored.length).toBeGreaterThan(0)
    for (const row of recordings) {
      if (row.total_user_count === null) expect(row.popularity).toBeNull()
      else expect(Number(row.popularity)).toBeGreaterThan(0)
    }
    expect(Math.max(...scored.map((r) => Number(r.popularity)))).toBe(100)
  })

  it('give genres of the genre list per track with their tier, other tags apart', async () => {
    const genres = await sql('SELECT track_id, genre, genre_mbid, count, tier FROM track_genres')
    const matched = recordings.filter((r) => r.recording_mbid !== null)
    const withGenres = new Set(genres.map((g) => g.track_id))
    expect(withGenres.size).toBeGreaterThan(matched.length / 2)
    for (const g of genres) {
      expect(open.genreNames).toContain(g.genre)
      expect(['recording', 'release_group', 'artist']).toContain(g.tier)
      expect(Number(g.count)).toBeGreaterThan(0)
    }
    const tags = await sql('SELECT DISTINCT tag FROM track_tags')
    for (const t of tags) expect(open.genreNames).not.toContain(t.tag)
    const artists = await sql('SELECT artist_mbid, artist_id, genre FROM artist_genres')
    expect(artists.length).toBeGreaterThan(0)
    for (const a of artists)
      if (a.artist_id !== null) expect(open.artistMbidOf(String(a.artist_id))).toBe(a.artist_mbid)
  })

  it('give ListenBrainz counts per recording and artist, null counts scoring null', async () => {
    const rows = await sql('SELECT recording_mbid, total_user_count, popularity FROM recording_popularity')
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) {
      const model = open.recording(String(row.recording_mbid))
      expect(row.total_user_count).toBe(model?.counts.users ?? null)
      expect(row.popularity === null).toBe(row.total_user_count === null)
    }
    const artists = await sql('SELECT artist_mbid, total_user_count FROM artist_popularity')
    for (const row of artists) {
      const users = open.artist(String(row.artist_mbid))?.counts.users
      expect(row.total_user_count).toBe(users ?? null)
    }
  })

  it('are rebuilt only when answers change, and quarantine an answer that cannot be read', async () => {
    const before = await listAll(lake.store, 'transformed/track_genres/')
    const again = await transformAndCrawl()
    expect(again.record).toBeUndefined() // nothing pending: no run took place
    expect(await listAll(lake.store, 'transformed/track_genres/')).toEqual(before)

    const bad = openMusicRawKey({
      service: 'musicbrainz',
      kind: 'isrc',
      snapshotDate: String(before[0]!.key.match(/snapshot_date=([\d-]+)/)![1]),
      runId: 'broken',
      seq: 1,
    })
    await lake.store.put(bad, new TextEncoder().encode('{"service": "musicbrainz", "kind"'))
    const run = await transformAndCrawl()
    expect(run.report.quarantined).toEqual([
      { key: bad, reason: 'it is not JSON (truncated, or not a raw answer)' },
    ])
    expect(await listAll(lake.store, `${QUARANTINE_PREFIX}${bad}`)).toHaveLength(2)
    expect(await sql('SELECT * FROM track_recordings ORDER BY track_id')).toEqual(recordings)
  })
})
