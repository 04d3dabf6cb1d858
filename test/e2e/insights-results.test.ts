import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PLAYLIST_IDS, syntheticCatalog } from '../../src/emulator/index.js'
import type { DuckDbEngine } from '../../src/query/engines/duckdb.js'
import { CHART, DAYS, demoLake, insightRows, LAST, openDemoLake, PREVIOUS } from '../support/insights-lake.js'

/**
 * Every insight on a demo lake, against answers computed here from the emulator's synthetic
 * catalog (what it served on each day), not from the lake.
 */
const music = syntheticCatalog(2026)

let engine: DuckDbEngine

beforeAll(async () => {
  engine = await openDemoLake(await demoLake('extended', DAYS))
}, 180_000)

afterAll(async () => {
  await engine?.close()
})

const rows = (name: string, values: Record<string, string>) => insightRows(engine, name, values)

// --- what the emulator served -------------------------------------------------------------

interface Entry {
  day: string
  position: number
  trackId: string
}

/** A playlist's track entries (no local files, episodes or null items) on each day. */
function entries(playlist: string, days: readonly string[]): Entry[] {
  return days.flatMap((day) =>
    music
      .playlistItemsOn(playlist, day)
      .flatMap((item, i) =>
        item.ref.type === 'track' ? [{ day, position: i + 1, trackId: item.ref.id }] : [],
      ),
  )
}
const track = (id: string) => music.track(id)!
const artistName = (id: string) => music.artist(id)!.name
const firstArtist = (trackId: string) => artistName(track(trackId).artistIds[0]!)
const album = (trackId: string) => music.album(track(trackId).albumId)!
const releaseYear = (trackId: string) => {
  const year = Number(album(trackId).releaseDate.slice(0, 4))
  return year > 0 ? year : null
}
const pct = (part: number, whole: number) => Math.round((1000 * part) / whole) / 10
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

function countBy<T>(
  items: readonly T[],
  key: (item: T) => string | number | null,
): Map<string | number, T[]> {
  const groups = new Map<string | number, T[]>()
  for (const item of items) {
    const k = key(item)
    if (k !== null) groups.set(k, [...(groups.get(k) ?? []), item])
  }
  return groups
}

function chartOf(day: string): Map<string, number> {
  return new Map(entries(CHART, [day]).map((e) => [e.trackId, e.position]))
}

// --- the insights -------------------------------------------------------------------------

describe('the named insights on the demo lake', () => {
  it('top_artists counts entries, distinct tracks and the best position of every artist of each track', async () => {
    const all = entries(CHART, DAYS).flatMap((e) =>
      track(e.trackId).artistIds.map((artistId) => ({ ...e, artistId })),
    )
    const expected = [...countBy(all, (e) => e.artistId)]
      .map(([artistId, list]) => ({
        artist: artistName(String(artistId)),
        entries: list.length,
        tracks: new Set(list.map((e) => e.trackId)).size,
        best_position: Math.min(...list.map((e) => e.position)),
      }))
      .sort(
        (a, b) => b.entries - a.entries || a.best_position - b.best_position || byText(a.artist, b.artist),
      )
      .slice(0, 10)
    expect(await rows('top_artists', { playlist_id: CHART })).toEqual(expected)
  })

  it('chart_movers gives each track’s climb since the day before, biggest first', async () => {
    const [now, before] = [chartOf(LAST), chartOf(PREVIOUS)]
    const expected = [...now]
      .filter(([id, position]) => before.has(id) && before.get(id) !== position)
      .map(([id, position]) => ({
        snapshot_date: LAST,
        previous_snapshot_date: PREVIOUS,
        track: track(id).name,
        artist: firstArtist(id),
        previous_position: before.get(id)!,
        position,
        change: before.get(id)! - position,
      }))
      .sort((a, b) => b.change - a.change || a.position - b.position || byText(a.track, b.track))
    expect(expected.length).toBeGreaterThan(5)
    expect(await rows('chart_movers', { playlist_id: CHART })).toEqual(expected)
  })

  it('new_entries_dropouts lists the tracks that came and went', async () => {
    const [now, before] = [chartOf(LAST), chartOf(PREVIOUS)]
    const side = (change: string, from: Map<string, number>, other: Map<string, number>, day: string) =>
      [...from]
        .filter(([id]) => !other.has(id))
        .map(([id, position]) => ({
          change,
          position,
          track: track(id).name,
          artist: firstArtist(id),
          snapshot_date: day,
        }))
        .sort((a, b) => a.position - b.position)
    const expected = [...side('new', now, before, LAST), ...side('dropped', before, now, PREVIOUS)]
    expect(expected.some((r) => r.change === 'new')).toBe(true)
    expect(await rows('new_entries_dropouts', { playlist_id: CHART, snapshot_date: LAST })).toEqual(expected)
  })

  it('longest_running counts the days each track stayed, over a range', async () => {
    const range = DAYS.slice(1)
    const expected = [...countBy(entries(CHART, range), (e) => e.trackId)]
      .map(([id, list]) => ({
        track: track(String(id)).name,
        artist: firstArtist(String(id)),
        days: list.length,
        first_seen: list[0]!.day,
        last_seen: list.at(-1)!.day,
        best_position: Math.min(...list.map((e) => e.position)),
      }))
      .sort((a, b) => b.days - a.days || a.best_position - b.best_position || byText(a.track, b.track))
      .slice(0, 20)
    expect(
      await rows('longest_running', { playlist_id: CHART, from_date: range[0]!, to_date: LAST }),
    ).toEqual(expected)
  })

  it('genre_share shares the genre tags of each track’s first artist', async () => {
    const tags = entries(CHART, DAYS).flatMap((e) => music.artist(track(e.trackId).artistIds[0]!)!.genres)
    const expected = [...countBy(tags, (g) => g)]
      .map(([genre, list]) => ({
        genre,
        entries: list.length,
        share_pct: pct(list.length, tags.length),
        source: 'spotify',
      }))
      .sort((a, b) => b.entries - a.entries || byText(String(a.genre), String(b.genre)))
      .slice(0, 15)
    expect(await rows('genre_share', { playlist_id: CHART })).toEqual(expected)
  })

  it.each(['decade', 'year'])(
    'release_decades groups entries by release %s, with integer division',
    async (bucket) => {
      const list = entries(CHART, DAYS).filter((e) => releaseYear(e.trackId) !== null)
      const period = (e: Entry) =>
        bucket === 'year' ? releaseYear(e.trackId)! : Math.floor(releaseYear(e.trackId)! / 10) * 10
      const expected = [...countBy(list, period)]
        .map(([p, group]) => ({
          period: p,
          entries: group.length,
          tracks: new Set(group.map((e) => e.trackId)).size,
          share_pct: pct(group.length, list.length),
        }))
        .sort((a, b) => Number(a.period) - Number(b.period))
      expect(await rows('release_decades', { playlist_id: CHART, bucket })).toEqual(expected)
    },
  )

  it('explicit_share and median_popularity give one row per day', async () => {
    const explicit = DAYS.map((day) => {
      const list = entries(CHART, [day])
      const n = list.filter((e) => track(e.trackId).explicit).length
      return {
        snapshot_date: day,
        entries: list.length,
        explicit_entries: n,
        explicit_pct: pct(n, list.length),
      }
    })
    expect(await rows('explicit_share', { playlist_id: CHART })).toEqual(explicit)
    const popularity = DAYS.map((day) => {
      const values = entries(CHART, [day])
        .map((e) => track(e.trackId).popularity)
        .sort((a, b) => a - b)
      return {
        snapshot_date: day,
        tracks: values.length,
        median_popularity: values[Math.floor(0.5 * (values.length - 1))],
        min_popularity: values[0],
        max_popularity: values.at(-1),
        source: 'spotify',
      }
    })
    expect(await rows('median_popularity', { playlist_id: CHART })).toEqual(popularity)
  })

  it('album_type_mix shares entries by album type', async () => {
    const list = entries(CHART, DAYS)
    const expected = [...countBy(list, (e) => album(e.trackId).albumType)]
      .map(([type, group]) => ({
        album_type: type,
        entries: group.length,
        tracks: new Set(group.map((e) => e.trackId)).size,
        share_pct: pct(group.length, list.length),
      }))
      .sort((a, b) => b.entries - a.entries || byText(String(a.album_type), String(b.album_type)))
    expect(await rows('album_type_mix', { playlist_id: CHART })).toEqual(expected)
  })

  it('artist_concentration gives the share held by the top five first artists per day', async () => {
    const expected = DAYS.map((day) => {
      const list = entries(CHART, [day])
      const counts = [...countBy(list, (e) => track(e.trackId).artistIds[0]!)]
        .map(([id, group]) => ({ id: String(id), n: group.length }))
        .sort((a, b) => b.n - a.n || byText(a.id, b.id))
      const top5 = counts.slice(0, 5).reduce((s, c) => s + c.n, 0)
      return {
        snapshot_date: day,
        entries: list.length,
        artists: counts.length,
        top5_entries: top5,
        top5_share_pct: pct(top5, list.length),
      }
    })
    expect(await rows('artist_concentration', { playlist_id: CHART })).toEqual(expected)
  })

  it.each([
    ['the mirror of the chart', PLAYLIST_IDS.dailyMirror],
    ['a user playlist', PLAYLIST_IDS.nightDrive],
  ])('playlist_overlap compares the chart with %s', async (_, other) => {
    const a = new Set(entries(CHART, [LAST]).map((e) => e.trackId))
    const b = new Set(entries(other, [LAST]).map((e) => e.trackId))
    const shared = [...a].filter((id) => b.has(id))
    const union = a.size + b.size - shared.length
    expect(await rows('playlist_overlap', { playlist_id: CHART, other_playlist_id: other })).toEqual([
      {
        snapshot_date: LAST,
        other_snapshot_date: LAST,
        tracks: a.size,
        other_tracks: b.size,
        shared_tracks: shared.length,
        jaccard_pct: pct(shared.length, union),
        shared_names:
          shared.length === 0
            ? null
            : shared
                .map((id) => track(id).name)
                .sort(byText)
                .join(', '),
      },
    ])
  })
})
