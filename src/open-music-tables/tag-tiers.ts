import type { AnswerIndex } from './answer-index.js'
import type { CreditedArtist, MbTag } from './isrc-candidates.js'
import type { LbTag } from './read-open-answer.js'

export type Tier = 'recording' | 'release_group' | 'artist'

/** A track's tags by tier, each a name -> count map. */
export interface TrackTiers {
  recording: Map<string, number>
  release_group: Map<string, number>
  /** The first credited artist's tags. */
  artist: Map<string, number>
  /** The other credited artists' tags, summed: the artist tier when the first has no genre. */
  otherArtists: Map<string, number>
}

/**
 * The tags of a matched track by tier (NOTES.md 4.4). MusicBrainz's own tags and ListenBrainz's
 * copy of them are one vote count: the larger of the two is kept, never their sum. Across the
 * duplicates of one performance (the survivors of the choice) counts add up; release groups shared
 * by several duplicates count once.
 */
export function trackTiers(
  index: AnswerIndex,
  survivors: readonly string[],
  mbTagsOf: (mbid: string) => readonly MbTag[],
  credits: readonly CreditedArtist[],
): TrackTiers {
  const recording = new Map<string, number>()
  const groups = new Map<string, Map<string, number>>()
  for (const mbid of survivors) {
    const meta = index.metadata.get(mbid)
    addTo(recording, maxOf(mbTagsOf(mbid), meta?.recordingTags ?? []))
    const group = meta?.releaseGroupMbid ?? mbid
    groups.set(group, maxOf(asTags(groups.get(group)), meta?.releaseGroupTags ?? []))
  }
  const releaseGroup = new Map<string, number>()
  for (const tags of groups.values()) addTo(releaseGroup, tags)
  const artists = credits.map((artist) => artistTags(index, artist, survivors))
  const otherArtists = new Map<string, number>()
  for (const tags of artists.slice(1)) addTo(otherArtists, tags)
  return { recording, release_group: releaseGroup, artist: artists[0] ?? new Map(), otherArtists }
}

/** One artist's tags: MusicBrainz's (from the credits) and ListenBrainz's, the larger count of each. */
export function artistTags(
  index: AnswerIndex,
  artist: CreditedArtist,
  survivors: readonly string[],
): Map<string, number> {
  const lb = survivors.flatMap((mbid) =>
    (index.metadata.get(mbid)?.artistTags ?? []).filter((t) => t.artistMbid === artist.mbid),
  )
  return maxOf(artist.tags, lb)
}

/** The genre tier of a track: the most specific tier with a genre, and its genres. */
export function genreTier(
  index: AnswerIndex,
  tiers: TrackTiers,
): { tier: Tier; genres: Map<string, number> } | undefined {
  const candidates: [Tier, Map<string, number>][] = [
    ['recording', tiers.recording],
    ['release_group', tiers.release_group],
    ['artist', tiers.artist],
    ['artist', tiers.otherArtists],
  ]
  for (const [tier, tags] of candidates) {
    const genres = new Map([...tags].filter(([name]) => index.isGenre(name)))
    if (genres.size > 0) return { tier, genres }
  }
  return undefined
}

function maxOf(a: readonly MbTag[], b: readonly LbTag[]): Map<string, number> {
  const out = new Map<string, number>()
  for (const tag of [...a, ...b]) out.set(tag.name, Math.max(out.get(tag.name) ?? 0, tag.count))
  return out
}

function asTags(tags: ReadonlyMap<string, number> | undefined): MbTag[] {
  return [...(tags ?? [])].map(([name, count]) => ({ name, count }))
}

function addTo(target: Map<string, number>, tags: ReadonlyMap<string, number>): void {
  for (const [name, count] of tags) target.set(name, (target.get(name) ?? 0) + count)
}
