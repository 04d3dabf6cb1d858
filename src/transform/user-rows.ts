import type { Track } from './envelope-content.js'
import type { Row } from './table-specs.js'
import type { PlaysContent, SavedTracksContent, TopContent, UserContent } from './user-content.js'

export interface UserRows {
  plays: Row[]
  saved_tracks: Row[]
  user_top: Row[]
}

/**
 * Rows of the user-data tables from one partition's contents (unsorted; `orderByKey` sorts them
 * and drops repeats of a key, which is how a play landed twice counts once):
 * - `plays`: one listening event (played_at, track), with the UTC `played_date`, `source` `api`
 * - `saved_tracks`: one save, only those newer than the boundary the envelope records
 * - `user_top`: one ranked item per (item_type, time_range, rank) from the latest run of the partition
 *
 * @example
 * const { plays } = userRows(contents) // [{ played_at: '2026-11-23T08:01:12.000Z', played_date: '2026-11-23', ... }]
 */
export function userRows(contents: readonly UserContent[]): UserRows {
  const plays: Row[] = []
  const saved: Row[] = []
  const tops: TopContent[] = []
  for (const content of contents) {
    if (content.source === 'recently_played') plays.push(...playRows(content))
    else if (content.source === 'saved_tracks') saved.push(...savedRows(content))
    else if (content.source === 'top_artists' || content.source === 'top_tracks') tops.push(content)
  }
  return { plays, saved_tracks: saved, user_top: topRows(tops) }
}

/**
 * An API play: the track and context the API gives; what only an export knows (ms played,
 * reasons, flags, platform, country) is null. A local file keeps its names, with no track id.
 */
function playRows(content: PlaysContent): Row[] {
  return content.plays.map((play) => ({
    played_at: play.played_at,
    played_date: play.played_at.slice(0, 10),
    played_month: play.played_at.slice(0, 7),
    track_id: play.track.id,
    track_name: play.track.name,
    album_id: play.track.album?.id ?? null,
    album_name: play.track.album?.name ?? null,
    artist_id: play.track.artists[0]?.id ?? null,
    artist_name: play.track.artists[0]?.name ?? null,
    duration_ms: play.track.duration_ms,
    ms_played: null,
    item_type: play.track.is_local || play.track.id === null ? 'local' : 'track',
    episode_name: null,
    show_name: null,
    reason_start: null,
    reason_end: null,
    skipped: null,
    shuffle: null,
    offline: null,
    incognito_mode: null,
    platform: null,
    conn_country: null,
    context_type: play.context_type,
    context_uri: play.context_uri,
    source: 'api',
  }))
}

function savedRows(content: SavedTracksContent): Row[] {
  const after = content.after === null ? undefined : Date.parse(content.after)
  return content.saved.flatMap((save) =>
    save.track.id === null || (after !== undefined && Date.parse(save.added_at) <= after)
      ? []
      : [{ added_at: save.added_at, ...trackColumns(save.track), explicit: save.track.explicit }],
  )
}

/** Each time range's ranking comes from one run: the latest in the partition (runs sort by id). */
function topRows(contents: readonly TopContent[]): Row[] {
  const latest = new Map<string, string>()
  for (const c of contents) {
    const key = `${c.source}/${c.time_range}`
    const run = latest.get(key)
    if (run === undefined || c.run_id > run) latest.set(key, c.run_id)
  }
  const rows: Row[] = []
  for (const c of contents) {
    if (latest.get(`${c.source}/${c.time_range}`) !== c.run_id) continue
    const common = { time_range: c.time_range }
    c.artists.forEach((artist, i) => {
      rows.push({
        item_type: 'artist',
        ...common,
        rank: c.offset + i + 1,
        item_id: artist.id,
        name: artist.name,
        popularity: artist.popularity,
      })
    })
    c.tracks.forEach((track, i) => {
      rows.push({
        item_type: 'track',
        ...common,
        rank: c.offset + i + 1,
        item_id: track.id,
        name: track.name,
        popularity: track.popularity,
      })
    })
  }
  return rows
}

function trackColumns(track: Track): Record<string, string | number | null> {
  return {
    track_id: track.id,
    track_name: track.name,
    album_id: track.album?.id ?? null,
    artist_id: track.artists[0]?.id ?? null,
    duration_ms: track.duration_ms,
  }
}
