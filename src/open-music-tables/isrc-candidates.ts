import type { Candidate } from './choose-recording.js'

/** A community tag as MusicBrainz serialises it. */
export interface MbTag {
  name: string
  count: number
}

/** A credited artist of a recording, with the tags MusicBrainz sent for it. */
export interface CreditedArtist {
  mbid: string
  name: string
  tags: MbTag[]
}

/** A recording of an ISRC lookup: the choice's view of it, and what the tables take from it. */
export interface IsrcRecording extends Candidate {
  credits: CreditedArtist[]
  tags: MbTag[]
}

/**
 * The recordings of a MusicBrainz ISRC lookup body (`GET /ws/2/isrc/{isrc}?inc=artist-credits+tags`,
 * NOTES.md 1.3), or why the body is not one. Search results (`video: null`, no disambiguation)
 * read the same way.
 *
 * @example
 * isrcRecordings(JSON.parse(mbIsrcLookup)) // [{ mbid: '832aba6d-…', title: 'Flamenco Sketches …', credits: [...] }, ...]
 */
export function isrcRecordings(body: unknown): IsrcRecording[] | string {
  const recordings = (body as { recordings?: unknown } | null)?.recordings
  if (!Array.isArray(recordings)) return 'a MusicBrainz ISRC answer without a recordings list'
  const out: IsrcRecording[] = []
  for (const [i, r] of recordings.entries()) {
    if (typeof r !== 'object' || r === null || typeof r.id !== 'string' || typeof r.title !== 'string') {
      return `recording ${i} of the MusicBrainz ISRC answer has no id or title`
    }
    const credits = creditedArtists(r['artist-credit'])
    if (typeof credits === 'string') return `recording ${r.id}: ${credits}`
    const tags = mbTags(r.tags)
    if (typeof tags === 'string') return `recording ${r.id}: ${tags}`
    out.push({
      mbid: r.id,
      title: r.title,
      length: typeof r.length === 'number' ? r.length : null,
      disambiguation: typeof r.disambiguation === 'string' ? r.disambiguation : '',
      video: r.video === true,
      firstReleaseDate: typeof r['first-release-date'] === 'string' ? r['first-release-date'] : null,
      artistNames: [...new Set(credits.flatMap((c) => [c.name, c.creditedAs]))],
      credits: credits.map(({ mbid, name, tags }) => ({ mbid, name, tags })),
      tags,
    })
  }
  return out
}

function creditedArtists(value: unknown): (CreditedArtist & { creditedAs: string })[] | string {
  if (value === undefined) return []
  if (!Array.isArray(value)) return 'its artist-credit is not a list'
  const out: (CreditedArtist & { creditedAs: string })[] = []
  for (const credit of value) {
    const artist = credit?.artist
    if (typeof artist?.id !== 'string' || typeof artist.name !== 'string') {
      return 'an artist credit without an artist id and name'
    }
    const tags = mbTags(artist.tags)
    if (typeof tags === 'string') return `artist ${artist.id}: ${tags}`
    const creditedAs = typeof credit.name === 'string' ? credit.name : artist.name
    out.push({ mbid: artist.id, name: artist.name, creditedAs, tags })
  }
  return out
}

/** A `tags` list (absent: none), each `{count, name}`. */
export function mbTags(value: unknown): MbTag[] | string {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) return 'its tags are not a list'
  const out: MbTag[] = []
  for (const tag of value) {
    if (typeof tag?.name !== 'string' || typeof tag.count !== 'number')
      return 'a tag without a name and count'
    out.push({ name: tag.name, count: tag.count })
  }
  return out
}
