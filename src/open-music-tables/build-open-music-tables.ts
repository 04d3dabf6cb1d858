import { orderRows } from '../transform/row-order.js'
import type { Row } from '../transform/table-specs.js'
import { AnswerIndex } from './answer-index.js'
import { chooseRecording, foldName } from './choose-recording.js'
import type { CreditedArtist, IsrcRecording, MbTag } from './isrc-candidates.js'
import {
  OPEN_MUSIC_TABLE_SPECS,
  type OpenMusicTableName,
  type OpenMusicTableRows,
} from './open-music-table-specs.js'
import { popularityScores } from './popularity-score.js'
import type { Counts, ReadAnswer } from './read-open-answer.js'
import { artistTags, genreTier, type TrackTiers, trackTiers } from './tag-tiers.js'

/** What the lake's Spotify tables say of a track: its name, length and artists in credit order. */
export interface SpotifyTrackSide {
  name: string | null
  duration_ms: number | null
  artists: readonly { id: string; name: string | null }[]
}

export interface BuiltOpenMusicTables {
  tables: OpenMusicTableRows
  /** The UTC day of the newest answer: the tables' partition. Undefined without answers. */
  snapshotDate: string | undefined
  synthetic: boolean
}

interface Match {
  source: 'isrc' | 'lookup'
  mbid: string
  title: string | null
  candidates: string[]
  survivors: string[]
  lowConfidence: boolean
  credits: CreditedArtist[]
  recordings: IsrcRecording[]
}

interface ArtistSeen {
  name: string
  spotifyIds: Set<string>
  tags: Map<string, number>
}

/**
 * The open-data tables (open-music-table-specs.ts) from every raw answer read, pure and
 * deterministic: the latest answer to each question wins (answer-index.ts), each asked track gets
 * its recording by the rule of NOTES.md 4.3 (an ISRC match first, a name lookup's after), its
 * genres from the most specific tier that has one and its other tags by tier (NOTES.md 4.4), and
 * recordings, artists and tracks a 0-100 popularity among the catalogue (NOTES.md 4.5). A track's
 * counts are its duplicates' summed. Rows come sorted by each table's key.
 *
 * @example
 * const { tables, snapshotDate } = buildOpenMusicTables(answers, spotifyTracks)
 * tables.track_genres // [{ track_id, genre: 'jazz', genre_mbid, count: 25, tier: 'artist' }, ...]
 */
export function buildOpenMusicTables(
  answers: readonly ReadAnswer[],
  spotify: ReadonlyMap<string, SpotifyTrackSide>,
): BuiltOpenMusicTables {
  const index = new AnswerIndex(answers)
  const rows: Record<OpenMusicTableName, Row[]> = {
    track_recordings: [],
    track_genres: [],
    track_tags: [],
    artist_genres: [],
    recording_popularity: [],
    artist_popularity: [],
  }
  const artists = new Map<string, ArtistSeen>()
  const trackIds = [...new Set([...index.trackIsrcs.keys(), ...index.lookups.keys()])].sort()
  const trackCounts: (Counts | null)[] = []
  for (const trackId of trackIds) {
    const side = spotify.get(trackId) ?? { name: null, duration_ms: null, artists: [] }
    const isrc = index.trackIsrcs.get(trackId) ?? null
    const { match, reason } = matchTrack(index, trackId, isrc, side)
    const counts = match ? summed(match.survivors.map((m) => index.recordingCounts.get(m))) : null
    trackCounts.push(counts)
    rows.track_recordings.push({
      track_id: trackId,
      isrc,
      recording_mbid: match?.mbid ?? null,
      recording_title: match?.title ?? null,
      candidate_mbids: match?.candidates ?? candidatesOf(index, isrc),
      duplicate_mbids: match?.survivors ?? [],
      artist_mbids: match?.credits.map((c) => c.mbid) ?? [],
      low_confidence: match?.lowConfidence ?? null,
      match_source: match?.source ?? null,
      unmatched_reason: reason,
      total_listen_count: counts?.listens ?? null,
      total_user_count: counts?.users ?? null,
    })
    if (!match) continue
    const tagsOf = (mbid: string): MbTag[] => match.recordings.find((r) => r.mbid === mbid)?.tags ?? []
    const tiers = trackTiers(index, match.survivors, tagsOf, match.credits)
    trackTagRows(index, trackId, tiers, rows)
    for (const credit of match.credits)
      seeArtist(artists, credit, artistTags(index, credit, match.survivors), side)
  }
  addScores(rows.track_recordings, trackCounts)
  for (const [mbid, seen] of artists) {
    for (const [genre, count] of seen.tags) {
      if (!index.isGenre(genre)) continue
      rows.artist_genres.push({
        artist_mbid: mbid,
        artist_name: seen.name,
        artist_id: spotifyIdOf(seen),
        genre,
        genre_mbid: index.genreMbids.get(genre) ?? null,
        count,
      })
    }
  }
  const recordings = [...index.recordingCounts].sort(byKey)
  rows.recording_popularity = recordings.map(([mbid, c]) => ({
    recording_mbid: mbid,
    total_listen_count: c.listens,
    total_user_count: c.users,
  }))
  addScores(
    rows.recording_popularity,
    recordings.map(([, c]) => c),
  )
  const artistCounts = [...index.artistCounts].sort(byKey)
  rows.artist_popularity = artistCounts.map(([mbid, c]) => {
    const seen = artists.get(mbid)
    return {
      artist_mbid: mbid,
      artist_name: seen?.name ?? null,
      artist_id: seen ? spotifyIdOf(seen) : null,
      total_listen_count: c.listens,
      total_user_count: c.users,
    }
  })
  addScores(
    rows.artist_popularity,
    artistCounts.map(([, c]) => c),
  )
  const tables = {} as Record<OpenMusicTableName, readonly Row[]>
  for (const spec of OPEN_MUSIC_TABLE_SPECS) tables[spec.name] = orderRows(rows[spec.name], spec.key).rows
  return { tables, snapshotDate: index.latestDate, synthetic: index.synthetic }
}

function matchTrack(
  index: AnswerIndex,
  trackId: string,
  isrc: string | null,
  side: SpotifyTrackSide,
): { match: Match | null; reason: string | null } {
  let reason: string | null = null
  const recordings = isrc === null ? undefined : index.isrcs.get(isrc)
  if (recordings === null) reason = `MusicBrainz knows no recording with ISRC ${isrc}`
  else if (recordings) {
    const spotifySide = { ...side, artists: side.artists.flatMap((a) => (a.name === null ? [] : [a.name])) }
    const choice = chooseRecording(
      recordings,
      spotifySide,
      (m) => index.recordingCounts.get(m)?.users ?? null,
    )
    const chosen = recordings.find((r) => r.mbid === choice.mbid)
    if (chosen) {
      const match: Match = {
        source: 'isrc',
        mbid: chosen.mbid,
        title: chosen.title,
        candidates: candidatesOf(index, isrc),
        survivors: choice.survivors,
        lowConfidence: choice.lowConfidence,
        credits: chosen.credits,
        recordings,
      }
      return { match, reason: null }
    }
    reason = `${choice.reason} (ISRC ${isrc})`
  }
  if (index.lookups.has(trackId)) {
    const found = index.lookups.get(trackId)
    if (found) {
      const meta = index.metadata.get(found.recordingMbid)
      const details = index.recordings.get(found.recordingMbid)
      const credits =
        details?.credits ??
        found.artistMbids.map((mbid) => ({
          mbid: index.canonical(mbid),
          name: meta?.artists.find((a) => a.mbid === mbid)?.name ?? '',
          tags: [],
        }))
      const match: Match = {
        source: 'lookup',
        mbid: found.recordingMbid,
        title: details?.title ?? found.recordingName,
        candidates: [found.recordingMbid],
        survivors: [found.recordingMbid],
        lowConfidence: false,
        credits,
        recordings: details ? [details] : [],
      }
      return { match, reason: null }
    }
    const noName = 'ListenBrainz matched no recording to its names'
    reason = reason ? `${reason}; ${noName}` : noName
  }
  return { match: null, reason: reason ?? 'not answered yet' }
}

function candidatesOf(index: AnswerIndex, isrc: string | null): string[] {
  const recordings = isrc === null ? undefined : index.isrcs.get(isrc)
  return [...new Set((recordings ?? []).map((r) => r.mbid))].sort()
}

function trackTagRows(
  index: AnswerIndex,
  trackId: string,
  tiers: TrackTiers,
  rows: Record<OpenMusicTableName, Row[]>,
): void {
  const genres = genreTier(index, tiers)
  for (const [genre, count] of genres?.genres ?? []) {
    rows.track_genres.push({
      track_id: trackId,
      genre,
      genre_mbid: index.genreMbids.get(genre) ?? null,
      count,
      tier: genres!.tier,
    })
  }
  const artist = tiers.artist.size > 0 ? tiers.artist : tiers.otherArtists
  for (const [tier, tags] of [
    ['recording', tiers.recording],
    ['release_group', tiers.release_group],
    ['artist', artist],
  ] as const) {
    for (const [tag, count] of tags) {
      if (!index.isGenre(tag)) rows.track_tags.push({ track_id: trackId, tag, count, tier })
    }
  }
}

function seeArtist(
  artists: Map<string, ArtistSeen>,
  credit: CreditedArtist,
  tags: Map<string, number>,
  side: SpotifyTrackSide,
): void {
  const seen = artists.get(credit.mbid) ?? { name: credit.name, spotifyIds: new Set(), tags: new Map() }
  if (seen.name === '' && credit.name !== '') seen.name = credit.name
  for (const [name, count] of tags) seen.tags.set(name, Math.max(seen.tags.get(name) ?? 0, count))
  const folded = foldName(credit.name)
  for (const artist of side.artists) {
    if (artist.name !== null && foldName(artist.name) === folded) seen.spotifyIds.add(artist.id)
  }
  artists.set(credit.mbid, seen)
}

/** The Spotify artist an MB artist was matched to by name on the tracks; the smallest id if several. */
function spotifyIdOf(seen: ArtistSeen): string | null {
  return [...seen.spotifyIds].sort()[0] ?? null
}

/** Duplicates' counts added up; null where none of them has one. */
function summed(counts: readonly (Counts | undefined)[]): Counts | null {
  const add = (field: keyof Counts) => {
    const known = counts.flatMap((c) => (c?.[field] === null || c?.[field] === undefined ? [] : [c[field]]))
    return known.length === 0 ? null : known.reduce((a, b) => a + b, 0)
  }
  return { listens: add('listens'), users: add('users') }
}

function addScores(rows: Row[], counts: readonly (Counts | null)[]): void {
  const scores = popularityScores(counts.map((c) => c?.users ?? null))
  rows.forEach((row, i) => {
    rows[i] = { ...row, popularity: scores[i] ?? null }
  })
}

function byKey<T>(a: [string, T], b: [string, T]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0
}
