import { describe, expect, it } from 'vitest'
import { openExample } from '../../test/support/open-music-examples.js'
import { chooseRecording, foldName, type SpotifySide } from './choose-recording.js'
import { type IsrcRecording, isrcRecordings } from './isrc-candidates.js'

// The real shapes (test/fixtures/open-music-data/examples): USSM15900118 holds two recordings of one
// performance, "Flamenco Sketches (alternate take)" by Miles Davis, 572000 and 572093 ms long.
const ALTERNATE_2009 = '832aba6d-7ac2-40f8-b0d8-2ecb7d47dec8'
const ALTERNATE_1988 = 'bc80349a-c5d6-4d35-8d29-87d5b10e5d5d'

function lookup(): IsrcRecording[] {
  const recordings = isrcRecordings(openExample('mb-isrc-lookup.json'))
  if (typeof recordings === 'string') throw new Error(recordings)
  return recordings
}

/** The user counts of the ListenBrainz popularity example (97 and 1412 listeners). */
function listeners(): (mbid: string) => number | null {
  const rows = openExample<{ recording_mbid: string; total_user_count: number | null }[]>(
    'lb-popularity-recording.response.json',
  )
  return (mbid) => rows.find((row) => row.recording_mbid === mbid)?.total_user_count ?? null
}

const spotify: SpotifySide = {
  name: 'Flamenco Sketches - Alternate Take',
  duration_ms: 571_640,
  artists: ['Miles Davis'],
}
const none = () => null

describe('chooseRecording on the examples', () => {
  it('reads every recording of the ISRC lookup with its credits and tags', () => {
    const recordings = lookup()
    expect(recordings.map((r) => r.mbid)).toEqual([ALTERNATE_2009, ALTERNATE_1988])
    expect(recordings[1]).toMatchObject({
      length: 572093,
      disambiguation: '',
      video: false,
      firstReleaseDate: '1988',
      artistNames: ['Miles Davis'],
      tags: [
        { name: 'alternate take', count: 1 },
        { name: 'jazz', count: 1 },
      ],
    })
    expect(recordings[1]!.credits[0]).toMatchObject({ mbid: '561d854a-6a28-4aa7-8c99-323e6ce46c2a' })
    expect(recordings[1]!.credits[0]!.tags).toContainEqual({ name: 'jazz', count: 25 })
  })

  it('keeps both duplicates and chooses the one with the most ListenBrainz listeners', () => {
    const choice = chooseRecording(lookup(), spotify, listeners())
    expect(choice).toEqual({
      mbid: ALTERNATE_1988,
      survivors: [ALTERNATE_2009, ALTERNATE_1988],
      lowConfidence: false,
      reason: null,
    })
  })

  it('chooses the same whatever order MusicBrainz lists the recordings in', () => {
    const reversed = chooseRecording(lookup().reverse(), spotify, listeners())
    expect(reversed.mbid).toBe(ALTERNATE_1988)
    const popularFirst = chooseRecording(lookup(), spotify, (m) => (m === ALTERNATE_2009 ? 5000 : 10))
    expect(chooseRecording(lookup().reverse(), spotify, (m) => (m === ALTERNATE_2009 ? 5000 : 10))).toEqual(
      popularFirst,
    )
    expect(popularFirst.mbid).toBe(ALTERNATE_2009)
  })

  it('without listener counts, the earliest first release wins, then the smallest MBID', () => {
    expect(chooseRecording(lookup(), spotify, none).mbid).toBe(ALTERNATE_1988)
    const undated = lookup().map((r) => ({ ...r, firstReleaseDate: null }))
    expect(chooseRecording(undated, spotify, none).mbid).toBe(ALTERNATE_2009)
  })

  it('drops videos; only videos give no choice, with the reason', () => {
    const [first, second] = lookup()
    expect(chooseRecording([{ ...first!, video: true }, second!], spotify, none).mbid).toBe(ALTERNATE_1988)
    const videos = lookup().map((r) => ({ ...r, video: true }))
    expect(chooseRecording(videos, spotify, none)).toEqual({
      mbid: null,
      survivors: [],
      lowConfidence: false,
      reason: 'every recording is a video',
    })
  })

  it('keeps only candidates credited to a Spotify artist, compared after folding', () => {
    const [first, second] = lookup()
    const cover = { ...first!, artistNames: ['The Jazz Covers Band'] }
    const choice = chooseRecording([cover, second!], { ...spotify, artists: ['ＭＩＬＥＳ  davis.'] }, none)
    expect(choice).toMatchObject({ mbid: ALTERNATE_1988, survivors: [ALTERNATE_1988], lowConfidence: false })
    expect(foldName('Beyoncé & Jay-Z')).toBe('beyoncé jayz')
  })

  it('keeps all and flags low confidence when no credit matches a Spotify artist', () => {
    const choice = chooseRecording(lookup(), { ...spotify, artists: ['Bill Evans'] }, listeners())
    expect(choice).toMatchObject({ mbid: ALTERNATE_1988, lowConfidence: true })
    expect(choice.survivors).toHaveLength(2)
  })

  it('keeps lengths within max(3 s, 2 %) of Spotify duration; no length passes', () => {
    const [first, second] = lookup()
    const edit = { ...second!, length: 240_000 }
    expect(chooseRecording([first!, edit], spotify, listeners())).toMatchObject({
      mbid: ALTERNATE_2009,
      survivors: [ALTERNATE_2009],
    })
    const unknown = { ...second!, length: null }
    expect(chooseRecording([first!, unknown], spotify, listeners()).survivors).toHaveLength(2)
    // 2 % of 572 s is 11.4 s: 11 s off still fits, 12 s does not.
    const near = { ...second!, length: 571_640 + 11_000 }
    const far = { ...second!, length: 571_640 + 12_000 }
    expect(chooseRecording([near], spotify, none).lowConfidence).toBe(false)
    expect(chooseRecording([far], spotify, none)).toMatchObject({ mbid: ALTERNATE_1988, lowConfidence: true })
  })

  it('prefers an empty disambiguation unless the Spotify title says live, remix or demo', () => {
    const [first, second] = lookup()
    const live = { ...first!, disambiguation: 'live, 1960-03-21: Olympia, Paris' }
    expect(chooseRecording([live, second!], spotify, (m) => (m === ALTERNATE_2009 ? 9999 : 1)).mbid).toBe(
      ALTERNATE_1988,
    )
    const liveTitle = { ...spotify, name: 'Flamenco Sketches - Live' }
    expect(chooseRecording([live, second!], liveTitle, none).mbid).toBe(ALTERNATE_2009)
  })
})
