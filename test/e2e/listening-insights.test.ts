import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DuckDbEngine } from '../../src/query/engines/duckdb.js'
import { demoLake, insightRows, openDemoLake } from '../support/insights-lake.js'
import { importEdgeCases, type Play, playOf, text, timeMs } from '../support/listening-plays.js'

/**
 * The 13 listening insights on one demo lake (three days of the API, and the synthetic export of
 * the 90 days before: plays of both sources, private sessions, skips, episodes, audiobooks, local
 * files), and a few streams placed on the edges (gaps of just under and exactly 30 minutes, a
 * stream that outlasts the next, the hour Stockholm skips into summer time), each against answers
 * computed here in TypeScript from the rows of `plays`, `saved_tracks`, `user_top` and `artists`,
 * not by SQL.
 */
const DAYS = ['2026-04-06', '2026-04-07', '2026-04-08']
/** A range inside the history, so every insight's date filter matters; it spans Stockholm's change to summer time (2026-03-29). */
const FROM = '2026-02-10'
const TO = '2026-04-07'
const RANGE = { from_date: FROM, to_date: TO }
const ZONE = 'Europe/Stockholm'
const DAY_MS = 86_400_000

let engine: DuckDbEngine
let all: Play[]
/** The plays of the range outside private sessions: what most insights read. */
let plays: Play[]

const minutes = (ms: number) => Math.round(ms / 6000) / 10
const pct = (part: number, whole: number) => Math.round((1000 * part) / whole) / 10
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10)
const rows = (name: string, values: Record<string, string>) => insightRows(engine, name, values)

function groupBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    if (k !== null) groups.set(k, [...(groups.get(k) ?? []), item])
  }
  return groups
}
const sum = (items: readonly Play[]) => items.reduce((n, p) => n + p.ms, 0)
const count = (items: readonly Play[]) => items.filter((p) => p.counted).length

beforeAll(async () => {
  const dir = await demoLake('extended', DAYS)
  await importEdgeCases(dir, FROM, TO)
  engine = await openDemoLake(dir)
  const result = await engine.run('SELECT * FROM plays')
  all = result.rows.map(playOf)
  plays = all.filter((p) => !p.private && p.date >= FROM && p.date <= TO)
}, 180_000)

afterAll(async () => {
  await engine?.close()
})

const isMusic = (p: Play) => p.itemType === 'track' || p.itemType === 'local'

describe('the listening insights, against answers computed from the plays', () => {
  it('the lake holds what the checks need: both sources, private sessions, skips, spoken word, the range', () => {
    expect(new Set(all.map((p) => p.itemType))).toEqual(new Set(['track', 'episode', 'audiobook', 'local']))
    expect(all.some((p) => p.private)).toBe(true)
    expect(all.some((p) => !p.counted)).toBe(true)
    expect(all.some((p) => p.date < FROM)).toBe(true)
    expect(all.some((p) => p.date > TO)).toBe(true)
    expect(plays.length).toBeGreaterThan(1000)
    expect(plays.filter((p) => p.artist === 'The Boundary Testers')).toHaveLength(8)
  })

  it('listening_minutes sums minutes, plays and streams per day, per week from Monday and per month', async () => {
    const monday = (date: string) => {
      const ms = Date.parse(`${date}T00:00:00Z`)
      return dayOf(ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY_MS)
    }
    const buckets: Record<string, (p: Play) => string> = {
      day: (p) => p.date,
      week: (p) => monday(p.date),
      month: (p) => `${p.date.slice(0, 7)}-01`,
    }
    for (const [bucket, period] of Object.entries(buckets)) {
      const expected = [...groupBy(plays, period)]
        .map(([key, list]) => ({
          period: key,
          minutes: minutes(sum(list)),
          plays: count(list),
          streams: list.length,
        }))
        .sort((a, b) => byText(a.period, b.period))
      expect(await rows('listening_minutes', { ...RANGE, bucket }), bucket).toEqual(expected)
    }
  })

  it('listening_heatmap places each stream by the weekday and hour it ended in the time zone asked, summer time included', async () => {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: ZONE,
      weekday: 'short',
      hour: '2-digit',
      hourCycle: 'h23',
    })
    const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
    const cell = (p: Play) => {
      const fields = Object.fromEntries(parts.formatToParts(new Date(p.endMs)).map((f) => [f.type, f.value]))
      return `${weekdays.indexOf(fields.weekday!) + 1}/${Number(fields.hour)}`
    }
    const expected = [...groupBy(plays, cell)]
      .map(([key, list]) => {
        const [weekday, hour] = key.split('/').map(Number) as [number, number]
        return { weekday, hour, minutes: minutes(sum(list)), plays: count(list) }
      })
      .sort((a, b) => a.weekday - b.weekday || a.hour - b.hour)
    // Streams on both sides of the change to summer time, an hour apart in UTC offset.
    expect(plays.some((p) => p.date < '2026-03-29') && plays.some((p) => p.date > '2026-03-29')).toBe(true)
    const zoned = await rows('listening_heatmap', { ...RANGE, time_zone: ZONE })
    expect(zoned).toEqual(expected)
    expect(await rows('listening_heatmap', { ...RANGE, time_zone: 'UTC' })).not.toEqual(zoned)
  })

  for (const rankBy of ['minutes', 'plays'] as const) {
    /** Ranked by the measure asked, then by the other, then by name; the first 10. */
    const top = <T extends { ms: number; plays: number }>(items: T[], name: (item: T) => string) =>
      items
        .sort((a, b) =>
          rankBy === 'plays'
            ? b.plays - a.plays || b.ms - a.ms || byText(name(a), name(b))
            : b.ms - a.ms || b.plays - a.plays || byText(name(a), name(b)),
        )
        .slice(0, 10)

    it(`listening_top_artists ranks artists by ${rankBy}, with minutes, plays and distinct tracks`, async () => {
      const music = plays.filter((p) => isMusic(p) && p.artist !== null)
      const expected = top(
        [...groupBy(music, (p) => p.artist)].map(([artist, list]) => ({
          artist,
          ms: sum(list),
          plays: count(list),
          tracks: new Set(list.map((p) => p.trackId ?? p.track)).size,
        })),
        (a) => a.artist,
      ).map(({ ms, ...a }) => ({ artist: a.artist, minutes: minutes(ms), plays: a.plays, tracks: a.tracks }))
      expect(await rows('listening_top_artists', { ...RANGE, rank_by: rankBy })).toEqual(expected)
    })

    it(`listening_top_tracks ranks tracks (a local file by name and artist) by ${rankBy}`, async () => {
      const music = plays.filter((p) => isMusic(p) && p.track !== null)
      const key = (p: Play) => p.trackId ?? `${p.track} · ${p.artist ?? ''}`
      const expected = top(
        [...groupBy(music, key)].map(([k, list]) => {
          const latest = list.reduce((a, b) => (b.endMs > a.endMs ? b : a))
          return { key: k, track: latest.track!, artist: latest.artist, ms: sum(list), plays: count(list) }
        }),
        (t) => `${t.track}\u0000${t.artist}`,
      ).map((t) => ({ track: t.track, artist: t.artist, minutes: minutes(t.ms), plays: t.plays }))
      expect(await rows('listening_top_tracks', { ...RANGE, rank_by: rankBy })).toEqual(expected)
    })

    it(`listening_top_albums ranks albums (name and artist) by ${rankBy}`, async () => {
      const music = plays.filter((p) => isMusic(p) && p.album !== null && p.artist !== null)
      const expected = top(
        [...groupBy(music, (p) => `${p.album}\u0000${p.artist}`)].map(([, list]) => ({
          album: list[0]!.album!,
          artist: list[0]!.artist!,
          ms: sum(list),
          plays: count(list),
          tracks: new Set(list.map((p) => p.trackId ?? p.track)).size,
        })),
        (a) => `${a.album}\u0000${a.artist}`,
      ).map((a) => ({
        album: a.album,
        artist: a.artist,
        minutes: minutes(a.ms),
        plays: a.plays,
        tracks: a.tracks,
      }))
      expect(await rows('listening_top_albums', { ...RANGE, rank_by: rankBy })).toEqual(expected)
    })
  }

  it('listening_skip_rate gives the share of streams ended by a skip, per artist with enough streams', async () => {
    const ended = plays.filter((p) => p.itemType === 'track' && p.artist !== null && p.reasonEnd !== null)
    const skip = (p: Play) => p.skipped === true || p.reasonEnd === 'fwdbtn' || p.reasonEnd === 'backbtn'
    for (const minStreams of [20, 5]) {
      const expected = [...groupBy(ended, (p) => p.artist)]
        .filter(([, list]) => list.length >= minStreams)
        .map(([artist, list]) => {
          const skips = list.filter(skip).length
          return { artist, streams: list.length, skips, skip_rate_pct: pct(skips, list.length) }
        })
        .sort(
          (a, b) => b.skip_rate_pct - a.skip_rate_pct || b.streams - a.streams || byText(a.artist, b.artist),
        )
        .slice(0, 20)
      expect(expected.length).toBeGreaterThan(0)
      expect(
        await rows('listening_skip_rate', { ...RANGE, min_streams: String(minStreams) }),
        `min_streams ${minStreams}`,
      ).toEqual(expected)
    }
  })

  it('listening_new_artists counts the artists first played (over the whole history) in each month of the range', async () => {
    const firsts = new Map<string, number>()
    for (const p of all)
      if (isMusic(p) && p.artist !== null && p.counted && !p.private)
        firsts.set(p.artist, Math.min(firsts.get(p.artist) ?? Number.POSITIVE_INFINITY, p.endMs))
    const inRange = [...firsts].filter(([, ms]) => dayOf(ms) >= FROM && dayOf(ms) <= TO)
    const expected = [...groupBy(inRange, ([, ms]) => dayOf(ms).slice(0, 7))]
      .map(([month, list]) => ({
        month,
        new_artists: list.length,
        first_new_artist: list.reduce((a, b) => (b[1] < a[1] ? b : a))[0],
      }))
      .sort((a, b) => byText(a.month, b.month))
    // Artists first played before the range are not new in it.
    expect([...firsts.values()].some((ms) => dayOf(ms) < FROM)).toBe(true)
    expect(await rows('listening_new_artists', RANGE)).toEqual(expected)
  })

  it('listening_streaks finds the longest runs of consecutive days with a play', async () => {
    const days = [
      ...groupBy(
        plays.filter((p) => p.counted),
        (p) => p.date,
      ),
    ].sort(([a], [b]) => byText(a, b))
    const runs: { first_day: string; last_day: string; days: number; plays: number }[] = []
    for (const [day, list] of days) {
      const last = runs.at(-1)
      if (last && Date.parse(`${day}T00:00:00Z`) - Date.parse(`${last.last_day}T00:00:00Z`) === DAY_MS) {
        last.last_day = day
        last.days++
        last.plays += list.length
      } else runs.push({ first_day: day, last_day: day, days: 1, plays: list.length })
    }
    const expected = runs.sort((a, b) => b.days - a.days || byText(b.last_day, a.last_day)).slice(0, 10)
    expect(runs.length).toBeGreaterThan(1) // the listener takes days off
    expect(await rows('listening_streaks', RANGE)).toEqual(expected)
  })

  it('listening_sessions splits the streams where the next starts 30 minutes or more after the latest end', async () => {
    const streams = plays
      .map((p) => ({ start: p.endMs - p.ms, end: p.endMs, counted: p.counted }))
      .sort((a, b) => a.start - b.start || a.end - b.end)
    const sessions: { start: number; end: number; streams: number; plays: number }[] = []
    for (const s of streams) {
      const open = sessions.at(-1)
      if (open && s.start - open.end < 30 * 60_000) {
        open.end = Math.max(open.end, s.end)
        open.streams++
        open.plays += s.counted ? 1 : 0
      } else sessions.push({ start: s.start, end: s.end, streams: 1, plays: s.counted ? 1 : 0 })
    }
    const expected = sessions.reverse().map((s) => ({
      start: s.start,
      end: s.end,
      minutes: minutes(s.end - s.start),
      streams: s.streams,
      plays: s.plays,
    }))
    const actual = (await rows('listening_sessions', RANGE)).map((r) => ({
      start: timeMs(r.started_at),
      end: timeMs(r.ended_at),
      minutes: r.minutes,
      streams: r.streams,
      plays: r.plays,
    }))
    expect(sessions.length).toBeGreaterThan(100)
    expect(actual).toEqual(expected)
  })

  it('listening_music_vs_podcasts splits each month into music, podcast and audiobook minutes', async () => {
    const expected = [...groupBy(plays, (p) => p.date.slice(0, 7))]
      .map(([month, list]) => {
        const of = (types: string[]) => sum(list.filter((p) => types.includes(p.itemType)))
        const total = sum(list)
        return {
          month,
          music_minutes: minutes(of(['track', 'local'])),
          podcast_minutes: minutes(of(['episode'])),
          audiobook_minutes: minutes(of(['audiobook'])),
          spoken_pct: total === 0 ? null : pct(of(['episode', 'audiobook']), total),
        }
      })
      .sort((a, b) => byText(a.month, b.month))
    expect(expected.some((m) => m.podcast_minutes > 0 && m.audiobook_minutes > 0)).toBe(true)
    expect(await rows('listening_music_vs_podcasts', RANGE)).toEqual(expected)
  })

  it('listening_summary adds up days, streams, plays, minutes, artists, tracks and the export share', async () => {
    const { rows: sources } = await engine.run(
      `SELECT count(*) AS n FROM plays WHERE source = 'export' AND played_date BETWEEN '${FROM}' AND '${TO}' AND (incognito_mode IS NULL OR NOT incognito_mode)`,
    )
    const dates = plays.map((p) => p.date).sort(byText)
    expect(await rows('listening_summary', RANGE)).toEqual([
      {
        first_day: dates[0],
        last_day: dates.at(-1),
        days: new Set(dates).size,
        streams: plays.length,
        plays: count(plays),
        minutes: minutes(sum(plays)),
        artists: new Set(plays.filter(isMusic).flatMap((p) => (p.artist === null ? [] : [p.artist]))).size,
        tracks: new Set(plays.flatMap((p) => (p.trackId === null ? [] : [p.trackId]))).size,
        from_export: sources[0]!.n,
      },
    ])
  })

  it('listening_saved_unplayed lists the tracks saved in the range and not played since', async () => {
    const saved = (await engine.run('SELECT * FROM saved_tracks')).rows
    const artists = (await engine.run('SELECT artist_id, name, snapshot_date FROM artists')).rows
    const artistName = new Map<string, { name: string; day: string }>()
    for (const a of artists) {
      const known = artistName.get(String(a.artist_id))
      if (!known || String(a.snapshot_date) > known.day)
        artistName.set(String(a.artist_id), { name: String(a.name), day: String(a.snapshot_date) })
    }
    const saves = [
      ...groupBy(
        saved.filter((s) => dayOf(timeMs(s.added_at)) >= FROM && dayOf(timeMs(s.added_at)) <= TO),
        (s) => String(s.track_id),
      ),
    ].map(([trackId, list]) => ({
      trackId,
      savedAt: Math.min(...list.map((s) => timeMs(s.added_at))),
      track: list
        .map((s) => text(s.track_name))
        .reduce((a, b) => (b !== null && (a === null || b > a) ? b : a)),
      artistId: list
        .map((s) => text(s.artist_id))
        .reduce((a, b) => (b !== null && (a === null || b > a) ? b : a)),
    }))
    // Every counted play up to the end of the range, private ones too: the user did play the track.
    const lastPlay = new Map<string, number>()
    for (const p of all)
      if (p.trackId !== null && p.counted && p.date <= TO)
        lastPlay.set(p.trackId, Math.max(lastPlay.get(p.trackId) ?? 0, p.endMs))
    const playedSince = saves.filter((s) => (lastPlay.get(s.trackId) ?? 0) >= s.savedAt)
    const expected = saves
      .filter((s) => !playedSince.includes(s))
      .sort((a, b) => b.savedAt - a.savedAt || byText(a.trackId, b.trackId))
      .map((s) => ({
        saved_at: s.savedAt,
        track: s.track,
        artist: s.artistId === null ? null : (artistName.get(s.artistId)?.name ?? null),
        track_id: s.trackId,
      }))
    expect(playedSince.length).toBeGreaterThan(0)
    expect(expected.length).toBeGreaterThan(0)
    const actual = (await rows('listening_saved_unplayed', RANGE)).map((r) => ({
      ...r,
      saved_at: timeMs(r.saved_at),
    }))
    expect(actual).toEqual(expected)
  })

  it("listening_top_artist_moves follows the last snapshot's top 10 artists through every snapshot", async () => {
    const top = (await engine.run('SELECT * FROM user_top')).rows.filter(
      (r) => r.item_type === 'artist' && r.time_range === 'medium_term',
    )
    const snapshots = [...new Set(top.map((r) => String(r.snapshot_date)))].sort(byText)
    expect(snapshots).toEqual(DAYS)
    const last = snapshots.at(-1)!
    const leaders = new Map(
      top
        .filter((r) => r.snapshot_date === last && Number(r.rank) <= 10)
        .map((r) => [r.item_id, Number(r.rank)]),
    )
    const expected = top
      .filter((r) => leaders.has(r.item_id))
      .sort(
        (a, b) =>
          byText(String(a.snapshot_date), String(b.snapshot_date)) ||
          leaders.get(a.item_id)! - leaders.get(b.item_id)!,
      )
      .map((r) => ({ snapshot_date: r.snapshot_date, artist_id: r.item_id, artist: r.name, rank: r.rank }))
    // Some of the last snapshot's leaders stood elsewhere in the first.
    const firstRank = new Map(
      top.filter((r) => r.snapshot_date === DAYS[0]).map((r) => [r.item_id, Number(r.rank)]),
    )
    expect([...leaders].some(([id, rank]) => firstRank.get(id) !== rank)).toBe(true)
    expect(await rows('listening_top_artist_moves', {})).toEqual(expected)
    const firstTwo = await rows('listening_top_artist_moves', { from_date: DAYS[0]!, to_date: DAYS[1]! })
    expect(firstTwo.every((r) => String(r.snapshot_date) <= DAYS[1]!)).toBe(true)
  })
})
