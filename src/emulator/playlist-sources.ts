import type { DailyChart } from './chart.js'
import { dayString } from './days.js'
import type { ExtraData } from './generate-extras.js'
import type { MusicData } from './generate-music.js'
import type { PlaylistEntry } from './model.js'
import { DEMO_USER, OTHER_USER, PLAYLIST_GENRES, PLAYLIST_IDS } from './playlist-defs.js'
import { PlaylistTimeline, type TimelineSpec } from './playlist-timeline.js'

/** The items of a playlist as a function of the day number. */
export type PlaylistSource = (day: number) => readonly PlaylistEntry[]

/**
 * Wires every playlist id to its item source: the chart, the user playlists (evolving timelines
 * with a null item, local files and episodes), and the demo user's mirror of the chart.
 */
export function createPlaylistSources(
  seed: number,
  music: MusicData,
  extras: ExtraData,
  chart: DailyChart,
  shared: readonly string[],
): Map<string, PlaylistSource> {
  const [episodeA, episodeB] = extras.episodes
  const [localA, localB] = extras.localTracks
  const base = { addChance: 0.06, removeChance: 0.04, shared }
  const timeline = (
    id: string,
    spec: Omit<TimelineSpec, 'pool' | 'shared' | 'addChance' | 'removeChance'>,
  ) => {
    const t = new PlaylistTimeline(seed, {
      ...base,
      ...spec,
      pool: poolFor(music, PLAYLIST_GENRES[id] ?? []),
    })
    return (day: number) => t.on(day)
  }
  const chartEntries = entryCache((day) =>
    chart
      .on(day)
      .map((id) => ({ addedAt: `${dayString(day)}T00:00:00Z`, addedBy: '', ref: { type: 'track', id } })),
  )
  const mirrorEntries = entryCache((day) =>
    chart.on(day).map((id) => ({
      addedAt: `${dayString(day)}T06:00:04.512Z`,
      addedBy: DEMO_USER.id,
      ref: { type: 'track', id },
    })),
  )
  return new Map<string, PlaylistSource>([
    [PLAYLIST_IDS.chart, chartEntries],
    [
      PLAYLIST_IDS.nightDrive,
      timeline(PLAYLIST_IDS.nightDrive, {
        key: 1,
        ownerId: DEMO_USER.id,
        createdDay: -120,
        initialCount: 256,
        specials: [
          { at: 17, ref: { type: 'local', uri: localA!.uri } },
          { at: 120, ref: { type: 'null' } },
        ],
      }),
    ],
    [
      PLAYLIST_IDS.focusFlow,
      timeline(PLAYLIST_IDS.focusFlow, {
        key: 2,
        ownerId: DEMO_USER.id,
        createdDay: -150,
        initialCount: 292,
        specials: [
          { at: 40, ref: { type: 'episode', id: episodeA!.id } },
          { at: 200, ref: { type: 'null' } },
        ],
      }),
    ],
    [
      PLAYLIST_IDS.weekendMix,
      timeline(PLAYLIST_IDS.weekendMix, {
        key: 3,
        ownerId: DEMO_USER.id,
        createdDay: -90,
        initialCount: 256,
        specials: [
          { at: 33, ref: { type: 'local', uri: localB!.uri } },
          { at: 90, ref: { type: 'episode', id: episodeB!.id } },
        ],
      }),
    ],
    [PLAYLIST_IDS.dailyMirror, mirrorEntries],
    [
      PLAYLIST_IDS.indieFinds,
      timeline(PLAYLIST_IDS.indieFinds, {
        key: 4,
        ownerId: OTHER_USER.id,
        createdDay: -300,
        initialCount: 80,
        specials: [{ at: 10, ref: { type: 'null' } }],
      }),
    ],
  ])
}

/** Tracks whose lead artist has one of `genres`; falls back to every track if that is too few. */
function poolFor(music: MusicData, genres: readonly string[]): readonly string[] {
  const artists = new Set(
    music.artists.filter((a) => a.genres.some((g) => genres.includes(g))).map((a) => a.id),
  )
  const pool = music.tracks.filter((t) => artists.has(t.artistIds[0]!)).map((t) => t.id)
  return pool.length >= 400 ? pool : music.tracks.map((t) => t.id)
}

/** Memoises a per-day builder, so an unchanged day returns the same array. */
function entryCache(build: (day: number) => PlaylistEntry[]): PlaylistSource {
  const cache = new Map<number, readonly PlaylistEntry[]>()
  return (day) => {
    let entries = cache.get(day)
    if (!entries) {
      entries = build(day)
      cache.set(day, entries)
    }
    return entries
  }
}
