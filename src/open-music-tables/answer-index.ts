import type { IsrcRecording } from './isrc-candidates.js'
import type { Counts, LbRecording, LbTag, LookupMatch, ReadAnswer } from './read-open-answer.js'

/**
 * Every fact of the raw answers, the latest answer to each question winning (answers ordered by
 * arrival, then key): per ISRC its recordings (null: MusicBrainz knows none), per track its ISRC
 * and name lookup, per MBID its counts and metadata, merged MBIDs (301) and the genre list.
 * MBIDs are kept under the MBID they were merged into.
 */
export class AnswerIndex {
  readonly isrcs = new Map<string, IsrcRecording[] | null>()
  readonly trackIsrcs = new Map<string, string>()
  readonly lookups = new Map<string, LookupMatch | null>()
  /** Recordings MusicBrainz was asked about by MBID (a name lookup's match): credits and tags. */
  readonly recordings = new Map<string, IsrcRecording>()
  readonly recordingCounts = new Map<string, Counts>()
  readonly artistCounts = new Map<string, Counts>()
  readonly metadata = new Map<string, LbRecording | null>()
  /** The genre list of MusicBrainz (`/genre/all`), when one was asked. */
  genreNames: ReadonlySet<string> | undefined
  /** Tag names ListenBrainz flags as genres, with their genre MBID. */
  readonly genreMbids = new Map<string, string>()
  readonly #aliases = new Map<string, string>()
  /** The newest answer's UTC date, and whether any answer came from an emulator. */
  latestDate: string | undefined
  synthetic = false

  constructor(answers: readonly ReadAnswer[]) {
    const ordered = [...answers].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.key < b.key ? -1 : 1))
    for (const answer of ordered)
      if (answer.facts.kind === 'alias') this.#aliases.set(answer.facts.from, answer.facts.to)
    for (const answer of ordered) this.#add(answer)
  }

  /** The MBID a merged one now is (itself when not merged). */
  canonical(mbid: string): string {
    let current = mbid
    for (let hops = 0; hops < 10; hops++) {
      const next = this.#aliases.get(current)
      if (next === undefined || next === current) return current
      current = next
    }
    return current
  }

  /** Whether a tag is a genre: in MusicBrainz's genre list, or flagged by ListenBrainz. */
  isGenre(name: string): boolean {
    return this.genreNames?.has(name) === true || this.genreMbids.has(name)
  }

  #add(answer: ReadAnswer): void {
    if (this.latestDate === undefined || answer.snapshotDate > this.latestDate)
      this.latestDate = answer.snapshotDate
    this.synthetic ||= answer.synthetic
    const { facts } = answer
    switch (facts.kind) {
      case 'isrc':
        this.isrcs.set(facts.isrc, facts.recordings && this.#merged(facts.recordings))
        for (const track of answer.tracks) this.trackIsrcs.set(track.track_id, facts.isrc)
        break
      case 'recording': {
        const mbid = this.canonical(facts.recording.mbid)
        this.recordings.set(mbid, { ...facts.recording, mbid })
        break
      }
      case 'lookup':
        for (const [track, match] of facts.matches) {
          this.lookups.set(track, match && { ...match, recordingMbid: this.canonical(match.recordingMbid) })
        }
        break
      case 'popularity': {
        const target = facts.entity === 'recording' ? this.recordingCounts : this.artistCounts
        for (const [mbid, counts] of facts.counts) target.set(this.canonical(mbid), counts)
        break
      }
      case 'metadata':
        for (const mbid of facts.asked)
          this.metadata.set(this.canonical(mbid), facts.recordings.get(mbid) ?? null)
        for (const recording of facts.recordings.values()) this.#flagGenres(recording)
        break
      case 'genres':
        this.genreNames = new Set(facts.names)
        break
      default:
        break
    }
  }

  /**
   * The recordings under their canonical MBIDs, one each: where two were merged, the one that
   * was the survivor already (its own data), else the smallest former MBID.
   */
  #merged(recordings: readonly IsrcRecording[]): IsrcRecording[] {
    const byMbid = new Map<string, IsrcRecording>()
    const ordered = [...recordings].sort((a, b) => (a.mbid < b.mbid ? -1 : 1))
    for (const recording of ordered) {
      const mbid = this.canonical(recording.mbid)
      if (!byMbid.has(mbid) || recording.mbid === mbid) byMbid.set(mbid, { ...recording, mbid })
    }
    return [...byMbid.values()]
  }

  #flagGenres(recording: LbRecording): void {
    const all: LbTag[] = [...recording.recordingTags, ...recording.releaseGroupTags, ...recording.artistTags]
    for (const tag of all) if (tag.genreMbid) this.genreMbids.set(tag.name, tag.genreMbid)
  }
}
