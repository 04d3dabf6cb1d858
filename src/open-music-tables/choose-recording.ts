/** A MusicBrainz recording holding a track's ISRC, as the choice reads it. */
export interface Candidate {
  mbid: string
  title: string
  /** Milliseconds, or null when MusicBrainz has no length. */
  length: number | null
  /** `""` when none. */
  disambiguation: string
  video: boolean
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or null when unknown. */
  firstReleaseDate: string | null
  /** The names the recording is credited to (each credit's name and its artist's name). */
  artistNames: string[]
}

/** What Spotify says of the track, so the candidates can be held against it. */
export interface SpotifySide {
  name: string | null
  duration_ms: number | null
  artists: readonly string[]
}

export interface RecordingChoice {
  /** The chosen recording; null when every candidate was a video (or there were none). */
  mbid: string | null
  /** Candidates left after steps 1 to 3: duplicates of one performance, whose counts add up. */
  survivors: string[]
  /** No candidate's credit matched a Spotify artist, or no length was close: all were kept. */
  lowConfidence: boolean
  /** Why there is no choice. */
  reason: string | null
}

/**
 * Chooses one recording among those MusicBrainz holds for a track's ISRC (NOTES.md 4.3), the same
 * way whatever order the candidates come in:
 *
 * 1. drop videos;
 * 2. keep the candidates credited to an artist Spotify credits (names compared after NFKC, case
 *    folding and stripping punctuation); if none is, keep all and flag `lowConfidence`;
 * 3. keep those whose length is within max(3 s, 2 %) of Spotify's duration (no length passes); if
 *    none is, keep those of step 2 and flag `lowConfidence`;
 * 4. prefer an empty disambiguation, unless Spotify's title says live, remix or demo: then prefer
 *    a disambiguation that says the same word;
 * 5. the most ListenBrainz listeners (`userCount`; none counts least), then the earliest first
 *    release (unknown last), then the smallest MBID.
 *
 * The candidates left after step 3 are usually duplicates of one performance: the tables sum their
 * listening counts and unite their tags (`survivors`).
 *
 * @example
 * chooseRecording(candidates, { name: 'So What', duration_ms: 564000, artists: ['Miles Davis'] }, (mbid) => users.get(mbid) ?? null)
 * // { mbid: 'bc80349a-…', survivors: ['832aba6d-…', 'bc80349a-…'], lowConfidence: false, reason: null }
 */
export function chooseRecording(
  candidates: readonly Candidate[],
  spotify: SpotifySide,
  userCount: (mbid: string) => number | null,
): RecordingChoice {
  const audio = candidates.filter((c) => !c.video)
  if (audio.length === 0) {
    const reason = candidates.length === 0 ? 'no recording holds the ISRC' : 'every recording is a video'
    return { mbid: null, survivors: [], lowConfidence: false, reason }
  }
  let lowConfidence = false
  const wanted = new Set(spotify.artists.map(foldName))
  const byArtist = audio.filter((c) => c.artistNames.some((name) => wanted.has(foldName(name))))
  const credited = byArtist.length > 0 ? byArtist : audio
  if (byArtist.length === 0) lowConfidence = true
  const byLength = credited.filter((c) => lengthFits(c.length, spotify.duration_ms))
  const survivors = byLength.length > 0 ? byLength : credited
  if (byLength.length === 0) lowConfidence = true
  const preferred = preferDisambiguation(survivors, spotify.name)
  const chosen = [...preferred].sort((a, b) => compareCandidates(a, b, userCount))[0]!
  return {
    mbid: chosen.mbid,
    survivors: survivors.map((c) => c.mbid).sort(),
    lowConfidence,
    reason: null,
  }
}

/** A name as step 2 compares it: NFKC, case-folded, without punctuation, spaces collapsed. */
export function foldName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
}

function lengthFits(length: number | null, duration: number | null): boolean {
  if (length === null || duration === null) return true
  return Math.abs(length - duration) <= Math.max(3000, duration * 0.02)
}

const VERSION_WORDS = ['live', 'remix', 'demo'] as const

function preferDisambiguation(candidates: readonly Candidate[], title: string | null): readonly Candidate[] {
  const words = VERSION_WORDS.filter((word) => new RegExp(`\\b${word}\\b`, 'i').test(title ?? ''))
  const preferred =
    words.length > 0
      ? candidates.filter((c) =>
          words.some((word) => new RegExp(`\\b${word}\\b`, 'i').test(c.disambiguation)),
        )
      : candidates.filter((c) => c.disambiguation === '')
  return preferred.length > 0 ? preferred : candidates
}

function compareCandidates(a: Candidate, b: Candidate, userCount: (mbid: string) => number | null): number {
  const users = (userCount(b.mbid) ?? -1) - (userCount(a.mbid) ?? -1)
  if (users !== 0) return users
  const dates = compareDates(a.firstReleaseDate, b.firstReleaseDate)
  if (dates !== 0) return dates
  return a.mbid < b.mbid ? -1 : a.mbid > b.mbid ? 1 : 0
}

/** Earliest first; `1988` before `1988-05`; an unknown date last. */
function compareDates(a: string | null, b: string | null): number {
  if (a === b) return 0
  if (a === null) return 1
  if (b === null) return -1
  return a < b ? -1 : 1
}
