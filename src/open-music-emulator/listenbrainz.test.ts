import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  openExample,
  openExampleText,
  openPost,
  openRequest,
} from '../../test/support/open-music-examples.js'
import { type RunningOpenMusicEmulator, startOpenMusicEmulator } from './index.js'
import { mbidOf } from './mbid.js'

let open: RunningOpenMusicEmulator
beforeAll(async () => {
  open = await startOpenMusicEmulator({ limits: { lbRequests: 10_000 } })
})
afterAll(() => open.close())

const lb = (path: string) => `${open.listenbrainzBaseUrl}${path}`
const token = () => ({ authorization: `Token ${open.listenbrainzToken}` })
const recordingOf = (scenario: string) => {
  const track = open.catalog.spotify.tracks.find((t) => open.catalog.scenario(t.id) === scenario)!
  return { track, recording: open.catalog.recording(mbidOf(`recording:${track.id}`))! }
}

describe('popularity', () => {
  it('answers in request order, echoing each MBID, with nulls for MBIDs it does not know', async () => {
    const known = recordingOf('single').recording
    const unknown = mbidOf('nobody knows')
    const response = await openPost(lb('/popularity/recording'), {
      recording_mbids: [unknown, known.mbid.toUpperCase(), known.mbid],
    })
    expect(response.status).toBe(200)
    const example = openExample<Record<string, unknown>[]>('lb-popularity-recording.response.json')
    expect(Object.keys(response.body[0]).sort()).toEqual(Object.keys(example[0]!).sort())
    expect(response.body.map((r: { recording_mbid: string }) => r.recording_mbid)).toEqual([
      unknown,
      known.mbid.toUpperCase(),
      known.mbid,
    ])
    expect(response.body[0]).toEqual({
      recording_mbid: unknown,
      total_listen_count: null,
      total_user_count: null,
    })
    expect(response.body[2].total_user_count).toBe(known.counts.users)
    expect(response.headers.get('x-ratelimit-limit')).toBe('10000')
  })

  it('serves artists the same way, and caps a batch at 1000 with the exact error', async () => {
    const artist = open.catalog.artistMbidOf(open.catalog.spotify.artists[0]!.id)
    const ok = await openPost(lb('/popularity/artist'), { artist_mbids: [artist] })
    expect(ok.body[0].artist_mbid).toBe(artist)
    const many = Array.from({ length: 1001 }, (_, i) => mbidOf(`x${i}`))
    const refused = await openPost(lb('/popularity/recording'), { recording_mbids: many })
    expect(refused.status).toBe(400)
    expect(refused.text).toBe(openExampleText('lb-400-too-many-mbids.json'))
    const bad = await openPost(lb('/popularity/recording'), { recording_mbids: ['nope'] })
    expect(bad.body).toEqual({ code: 400, error: 'recording_mbid nope is not valid.' })
  })

  it('wants JSON, a POST and no trailing slash', async () => {
    const form = await openRequest(lb('/popularity/recording'), {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    })
    expect(form.status).toBe(415)
    expect((await openRequest(lb('/popularity/recording'))).status).toBe(405)
    expect((await openPost(lb('/popularity/recording/'), { recording_mbids: [] })).status).toBe(404)
  })
})

describe('recording metadata', () => {
  it('is keyed by MBID with recording, release-group and artist tags (genre_mbid on genres); unknown MBIDs are left out', async () => {
    const { recording } = recordingOf('single')
    const response = await openPost(lb('/metadata/recording/'), {
      recording_mbids: [recording.mbid, mbidOf('unknown')],
      inc: 'artist tag release',
    })
    expect(response.status).toBe(200)
    expect(Object.keys(response.body)).toEqual([recording.mbid])
    const entry = response.body[recording.mbid]
    const example = Object.values(openExample('lb-metadata-recording.json'))[0] as Record<string, unknown>
    expect(Object.keys(entry).sort()).toEqual(Object.keys(example).sort())
    expect(Object.keys(entry.tag).sort()).toEqual(['artist', 'recording', 'release_group'])
    for (const tag of [...entry.tag.recording, ...entry.tag.artist, ...entry.tag.release_group]) {
      expect(tag.count).toBeGreaterThan(0)
      expect('genre_mbid' in tag).toBe(open.catalog.genreNames.includes(tag.tag))
    }
    expect(entry.release.release_group_mbid).toBe(recording.release.releaseGroupMbid)
  })

  it('caps a POST at 1000 and redirects the slash-less path', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => mbidOf(`y${i}`))
    const refused = await openPost(lb('/metadata/recording/'), { recording_mbids: many, inc: 'tag' })
    expect(refused.body).toEqual({
      code: 400,
      error: 'Maximum number of recordings_mbids that can be fetched at once is 1000',
    })
    const moved = await openPost(lb('/metadata/recording'), { recording_mbids: [] })
    expect(moved.status).toBe(308)
    expect(moved.headers.get('location')).toBe('/1/metadata/recording/')
  })
})

describe('name lookup', () => {
  it('needs a token: the exact 401 bodies', async () => {
    const none = await openRequest(lb('/metadata/lookup/?artist_name=a&recording_name=b'))
    expect(none.status).toBe(401)
    expect(none.text).toBe(openExampleText('lb-401-token-required.json'))
    const wrong = await openRequest(lb('/metadata/lookup/?artist_name=a&recording_name=b'), {
      headers: { authorization: 'Token wrong' },
    })
    expect(wrong.body).toEqual({ code: 401, error: 'Invalid authorization token.' })
  })

  it('finds a recording MusicBrainz has under no ISRC by artist credit and title; {} when nothing matches', async () => {
    const { track, recording } = recordingOf('isrc-unknown')
    const artists = track.artistIds.map((id) => open.catalog.spotify.artist(id)!.name).join(', ')
    const query = new URLSearchParams({ artist_name: artists, recording_name: track.name })
    const found = await openRequest(lb(`/metadata/lookup/?${query}`), { headers: token() })
    expect(found.body.recording_mbid).toBe(recording.mbid)
    expect(Object.keys(found.body).sort()).toEqual(Object.keys(openExample('lb-metadata-lookup.json')).sort())
    const missing = await openRequest(lb('/metadata/lookup/?artist_name=Nobody&recording_name=Nothing'), {
      headers: token(),
    })
    expect(missing.status).toBe(200)
    expect(missing.body).toEqual({})
  })

  it('POST answers up to 50 in input order, some under a merged MBID that MusicBrainz redirects', async () => {
    const { track } = recordingOf('isrc-unknown-merged-lookup')
    const artists = track.artistIds.map((id) => open.catalog.spotify.artist(id)!.name).join(', ')
    const response = await openPost(
      lb('/metadata/lookup/'),
      {
        recordings: [
          { artist_name: 'Nobody', recording_name: 'Nothing' },
          { artist_name: artists, recording_name: track.name, release_name: 'x' },
        ],
      },
      token(),
    )
    expect(response.body.map((r: { index: number }) => r.index)).toEqual([0, 1])
    expect(response.body[0]).toEqual({
      artist_name_arg: 'Nobody',
      index: 0,
      recording_name_arg: 'Nothing',
      release_name_arg: null,
    })
    const old = response.body[1].recording_mbid
    expect(open.catalog.mergedInto(old)).toBe(mbidOf(`recording:${track.id}`))
    const tooMany = Array.from({ length: 51 }, () => ({ artist_name: 'a', recording_name: 'b' }))
    const refused = await openPost(lb('/metadata/lookup/'), { recordings: tooMany }, token())
    expect(refused.body.error).toBe('Number of recordings in request body exceeds maximum permitted. (50)')
  })
})
