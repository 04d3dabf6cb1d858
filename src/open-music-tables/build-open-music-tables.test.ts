import { describe, expect, it } from 'vitest'
import { openExample, openExampleText } from '../../test/support/open-music-examples.js'
import { type OpenMusicKind, type OpenMusicService, openMusicRawKey } from '../lake/layout.js'
import type { OpenRequest } from '../open-music/exchange.js'
import { type AskedTrack, rawAnswer } from '../open-music/raw-answer.js'
import { buildOpenMusicTables, type SpotifyTrackSide } from './build-open-music-tables.js'
import { type ReadAnswer, readOpenAnswer } from './read-open-answer.js'

const MB = 'https://musicbrainz.org/ws/2'
const LB = 'https://api.listenbrainz.org/1'
const MILES = '561d854a-6a28-4aa7-8c99-323e6ce46c2a'
const PORTISHEAD = '8f6bd1e4-fbe1-4f50-aa9b-94c450ec0f11'
const GLORY_BOX = 'e97f805a-ab48-4c52-855e-07049142113d'
const ALTERNATE_2009 = '832aba6d-7ac2-40f8-b0d8-2ecb7d47dec8'
const ALTERNATE_1988 = 'bc80349a-c5d6-4d35-8d29-87d5b10e5d5d'

let seq = 0

/** One raw answer as the enrichment stage lands it, read back as the transform reads it. */
function answer(
  service: OpenMusicService,
  kind: OpenMusicKind,
  tracks: AskedTrack[],
  request: OpenRequest,
  status: number,
  body: unknown,
  at = '2026-11-30T10:00:00.000Z',
  headers: Record<string, string> = {},
): ReadAnswer {
  const raw = rawAnswer(service, kind, tracks, {
    request,
    status,
    body,
    headers,
    at: new Date(at),
    synthetic: false,
  })
  const key = openMusicRawKey({ service, kind, snapshotDate: at.slice(0, 10), runId: 'run1', seq: ++seq })
  const read = readOpenAnswer(key, JSON.stringify(raw))
  if (typeof read === 'string') throw new Error(read)
  return read
}

const flamenco: AskedTrack = { track_id: 't-flamenco', isrc: 'USSM15900118' }
const gloryBox: AskedTrack = { track_id: 't-glory-box', isrc: null }
const unknown: AskedTrack = { track_id: 't-unknown', isrc: 'GBAAA0000000' }

const spotify = new Map<string, SpotifyTrackSide>([
  [
    flamenco.track_id,
    {
      name: 'Flamenco Sketches - Alternate Take',
      duration_ms: 571_640,
      artists: [{ id: 'sp-miles', name: 'Miles Davis' }],
    },
  ],
  [
    gloryBox.track_id,
    { name: 'Glory Box', duration_ms: 306_000, artists: [{ id: 'sp-portishead', name: 'Portishead' }] },
  ],
])

function exampleAnswers(): ReadAnswer[] {
  const isrcUrl = (isrc: string) => `${MB}/isrc/${isrc}?inc=artist-credits+tags&fmt=json`
  return [
    answer('musicbrainz', 'genres', [], { method: 'GET', url: `${MB}/genre/all?fmt=txt` }, 200, GENRES),
    answer(
      'musicbrainz',
      'isrc',
      [flamenco],
      { method: 'GET', url: isrcUrl(flamenco.isrc!) },
      200,
      openExample('mb-isrc-lookup.json'),
    ),
    answer(
      'musicbrainz',
      'isrc',
      [unknown],
      { method: 'GET', url: isrcUrl(unknown.isrc!) },
      404,
      openExample('mb-isrc-404.json'),
    ),
    answer(
      'listenbrainz',
      'recording_popularity',
      [flamenco],
      {
        method: 'POST',
        url: `${LB}/popularity/recording`,
        body: openExample('lb-popularity-recording.request.json'),
      },
      200,
      JSON.parse(openExampleText('lb-popularity-recording.response.json')),
    ),
    answer(
      'listenbrainz',
      'artist_popularity',
      [flamenco, gloryBox],
      {
        method: 'POST',
        url: `${LB}/popularity/artist`,
        body: openExample('lb-popularity-artist.request.json'),
      },
      200,
      JSON.parse(openExampleText('lb-popularity-artist.response.json')),
    ),
    answer(
      'listenbrainz',
      'metadata_lookup',
      [gloryBox],
      {
        method: 'POST',
        url: `${LB}/metadata/lookup/`,
        body: { recordings: [{ artist_name: 'Portishead', recording_name: 'Glory Box' }] },
      },
      200,
      [
        {
          index: 0,
          recording_mbid: GLORY_BOX,
          recording_name: 'Glory Box',
          artist_mbids: [PORTISHEAD],
          artist_name_arg: 'Portishead',
        },
      ],
    ),
    answer(
      'listenbrainz',
      'recording_metadata',
      [gloryBox],
      {
        method: 'POST',
        url: `${LB}/metadata/recording/`,
        body: { recording_mbids: [GLORY_BOX], inc: 'artist tag release' },
      },
      200,
      openExample('lb-metadata-recording.json'),
    ),
  ]
}

/** Part of MusicBrainz's genre list (`/genre/all?fmt=txt`): the genres of the examples. */
const GENRES = 'bebop\ncool jazz\ndowntempo\nelectronic\nhard bop\njazz\njazz fusion\npost-bop\ntrip hop\n'

describe('buildOpenMusicTables on the examples', () => {
  const { tables, snapshotDate } = buildOpenMusicTables(exampleAnswers(), spotify)

  it('matches each track to a recording, by ISRC or by names, and says why one is not', () => {
    expect(snapshotDate).toBe('2026-11-30')
    expect(tables.track_recordings).toEqual([
      {
        track_id: 't-flamenco',
        isrc: 'USSM15900118',
        recording_mbid: ALTERNATE_1988,
        recording_title: 'Flamenco Sketches (alternate take)',
        candidate_mbids: [ALTERNATE_2009, ALTERNATE_1988],
        duplicate_mbids: [ALTERNATE_2009, ALTERNATE_1988],
        artist_mbids: [MILES],
        low_confidence: false,
        match_source: 'isrc',
        unmatched_reason: null,
        total_listen_count: 214 + 3861,
        total_user_count: 97 + 1412,
        popularity: 100,
      },
      {
        track_id: 't-glory-box',
        isrc: null,
        recording_mbid: GLORY_BOX,
        recording_title: 'Glory Box',
        candidate_mbids: [GLORY_BOX],
        duplicate_mbids: [GLORY_BOX],
        artist_mbids: [PORTISHEAD],
        low_confidence: false,
        match_source: 'lookup',
        unmatched_reason: null,
        total_listen_count: null,
        total_user_count: null,
        popularity: null,
      },
      {
        track_id: 't-unknown',
        isrc: 'GBAAA0000000',
        recording_mbid: null,
        recording_title: null,
        candidate_mbids: [],
        duplicate_mbids: [],
        artist_mbids: [],
        low_confidence: null,
        match_source: null,
        unmatched_reason: 'MusicBrainz knows no recording with ISRC GBAAA0000000',
        total_listen_count: null,
        total_user_count: null,
        popularity: null,
      },
    ])
  })

  it('takes genres from the most specific tier that has one, other tags apart by tier', () => {
    expect(tables.track_genres).toEqual([
      { track_id: 't-flamenco', genre: 'jazz', genre_mbid: null, count: 1, tier: 'recording' },
      {
        track_id: 't-glory-box',
        genre: 'electronic',
        genre_mbid: '89255676-1f14-4dd8-bbad-fca839d6aff4',
        count: 3,
        tier: 'recording',
      },
      {
        track_id: 't-glory-box',
        genre: 'trip hop',
        genre_mbid: '45eb1d9c-588c-4dc8-9394-a14b7c8f02bc',
        count: 8,
        tier: 'recording',
      },
    ])
    expect(tables.track_tags).toEqual([
      { track_id: 't-flamenco', tag: 'american', count: 3, tier: 'artist' },
      { track_id: 't-flamenco', tag: 'trumpet', count: 2, tier: 'artist' },
      { track_id: 't-flamenco', tag: 'alternate take', count: 1, tier: 'recording' },
      { track_id: 't-glory-box', tag: 'trip-hop', count: 7, tier: 'artist' },
      { track_id: 't-glory-box', tag: 'trip-hop', count: 4, tier: 'recording' },
      { track_id: 't-glory-box', tag: 'mysterious', count: 1, tier: 'release_group' },
      { track_id: 't-glory-box', tag: 'trip-hop', count: 6, tier: 'release_group' },
    ])
  })

  it('keeps each credited artist genres, matched to the Spotify artist by name', () => {
    expect(
      tables.artist_genres.filter((r) => r.artist_mbid === MILES).map((r) => [r.genre, r.count]),
    ).toEqual([
      ['bebop', 2],
      ['cool jazz', 7],
      ['hard bop', 4],
      ['jazz', 25],
      ['jazz fusion', 6],
      ['post-bop', 2],
    ])
    expect(tables.artist_genres.filter((r) => r.artist_mbid === PORTISHEAD)).toEqual([
      {
        artist_mbid: PORTISHEAD,
        artist_name: 'Portishead',
        artist_id: 'sp-portishead',
        genre: 'downtempo',
        genre_mbid: 'cc38aba3-48ed-439a-83b9-f81a34a66598',
        count: 6,
      },
      {
        artist_mbid: PORTISHEAD,
        artist_name: 'Portishead',
        artist_id: 'sp-portishead',
        genre: 'trip hop',
        genre_mbid: '45eb1d9c-588c-4dc8-9394-a14b7c8f02bc',
        count: 13,
      },
    ])
  })

  it('scores popularity as the catalogue percentile of listeners; no count, no score', () => {
    expect(tables.recording_popularity).toEqual([
      {
        recording_mbid: '3c4bd0f0-47b6-4e5c-9ab9-0d2a2b8a1c55',
        total_listen_count: null,
        total_user_count: null,
        popularity: null,
      },
      { recording_mbid: ALTERNATE_2009, total_listen_count: 214, total_user_count: 97, popularity: 50 },
      { recording_mbid: ALTERNATE_1988, total_listen_count: 3861, total_user_count: 1412, popularity: 100 },
    ])
    expect(tables.artist_popularity).toEqual([
      {
        artist_mbid: MILES,
        artist_name: 'Miles Davis',
        artist_id: 'sp-miles',
        total_listen_count: 1874203,
        total_user_count: 96841,
        popularity: 50,
      },
      {
        artist_mbid: PORTISHEAD,
        artist_name: 'Portishead',
        artist_id: 'sp-portishead',
        total_listen_count: 2419877,
        total_user_count: 118305,
        popularity: 100,
      },
    ])
  })
})

describe('buildOpenMusicTables over time', () => {
  it('gives the same tables whatever order the answers are read in', () => {
    const answers = exampleAnswers()
    expect(buildOpenMusicTables([...answers].reverse(), spotify)).toEqual(
      buildOpenMusicTables(answers, spotify),
    )
  })

  it('takes the latest answer to each question', () => {
    const later = answer(
      'listenbrainz',
      'recording_popularity',
      [flamenco],
      { method: 'POST', url: `${LB}/popularity/recording`, body: { recording_mbids: [ALTERNATE_2009] } },
      200,
      [{ recording_mbid: ALTERNATE_2009, total_listen_count: 90_000, total_user_count: 5000 }],
      '2026-12-07T10:00:00.000Z',
    )
    const { tables, snapshotDate } = buildOpenMusicTables([later, ...exampleAnswers()], spotify)
    expect(snapshotDate).toBe('2026-12-07')
    expect(tables.track_recordings[0]).toMatchObject({
      recording_mbid: ALTERNATE_2009,
      total_user_count: 5000 + 1412,
    })
  })

  it('keeps a merged MBID (301) under the MBID it was merged into', () => {
    const merged = answer(
      'musicbrainz',
      'recording',
      [flamenco],
      { method: 'GET', url: `${MB}/recording/${ALTERNATE_2009}?inc=artist-credits+tags&fmt=json` },
      301,
      null,
      '2026-11-30T11:00:00.000Z',
      { location: `${MB}/recording/${ALTERNATE_1988}?inc=artist-credits+tags&fmt=json` },
    )
    const { tables } = buildOpenMusicTables([...exampleAnswers(), merged], spotify)
    expect(tables.track_recordings[0]).toMatchObject({
      recording_mbid: ALTERNATE_1988,
      candidate_mbids: [ALTERNATE_1988],
      duplicate_mbids: [ALTERNATE_1988],
    })
    expect(tables.recording_popularity.map((r) => r.recording_mbid)).not.toContain(ALTERNATE_2009)
  })

  it('says why a raw answer cannot be read', () => {
    const key = openMusicRawKey({
      service: 'musicbrainz',
      kind: 'isrc',
      snapshotDate: '2026-11-30',
      runId: 'r',
      seq: 1,
    })
    expect(readOpenAnswer(key, '{"service":')).toBe('it is not JSON (truncated, or not a raw answer)')
    const raw = rawAnswer('musicbrainz', 'isrc', [flamenco], {
      request: { method: 'GET', url: `${MB}/isrc/USSM15900118` },
      status: 200,
      body: { isrc: 'USSM15900118' },
      headers: {},
      at: new Date('2026-11-30T10:00:00Z'),
      synthetic: false,
    })
    expect(readOpenAnswer(key, JSON.stringify(raw))).toBe(
      'a isrc answer (200) : a MusicBrainz ISRC answer without a recordings list',
    )
    expect(readOpenAnswer(key.replace('/isrc/', '/genres/'), JSON.stringify(raw))).toBe(
      'it holds a musicbrainz isrc answer, but lies in the folder of musicbrainz genres',
    )
  })
})
