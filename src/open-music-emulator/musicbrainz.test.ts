import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openExample, openExampleText, openRequest } from '../../test/support/open-music-examples.js'
import { type RunningOpenMusicEmulator, startOpenMusicEmulator } from './index.js'

let open: RunningOpenMusicEmulator
// No per-IP limit to speak of here: limits.test.ts covers it.
beforeAll(async () => {
  open = await startOpenMusicEmulator({ limits: { mbRequestsPerSecond: 1000, mbBurst: 1000 } })
})
afterAll(() => open.close())

const mb = (path: string, headers?: Record<string, string>) =>
  openRequest(`${open.musicbrainzBaseUrl}${path}`, headers ? { headers } : {})
const tracks = () => open.catalog.spotify.tracks
const trackWith = (scenario: string) => tracks().find((t) => open.catalog.scenario(t.id) === scenario)!

describe('ISRC lookup', () => {
  it('answers the shape of the real example: recordings with artist credits, their tags and the recording tags', async () => {
    const track = trackWith('single')
    const response = await mb(`/isrc/${track.isrc}?inc=artist-credits+tags&fmt=json`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/)
    const example = openExample<{ recordings: Record<string, unknown>[] }>('mb-isrc-lookup.json')
    expect(Object.keys(response.body).sort()).toEqual(['isrc', 'recordings'])
    const [recording] = response.body.recordings
    const keys = (o: object) => Object.keys(o).sort()
    const exampleRecording = example.recordings[0] as Record<string, Record<string, unknown>[]>
    expect(keys(recording)).toEqual(keys(exampleRecording).filter((k) => k in recording))
    expect(keys(recording)).toEqual(
      expect.arrayContaining(['id', 'title', 'length', 'artist-credit', 'tags']),
    )
    expect(keys(recording['artist-credit'][0].artist)).toEqual(
      keys(exampleRecording['artist-credit']![0]!.artist!),
    )
    expect(recording.title).toBe(track.name)
    expect(Math.abs(recording.length - track.durationMs)).toBeLessThan(1000)
    const spotifyNames = track.artistIds.map((id) => open.catalog.spotify.artist(id)!.name)
    expect(recording['artist-credit'].map((c: { artist: { id: string } }) => c.artist.id)).toEqual(
      track.artistIds.map((id) => open.catalog.artistMbidOf(id)),
    )
    expect(recording['artist-credit']).toHaveLength(spotifyNames.length)
  })

  it('returns every recording that holds the ISRC: duplicates, a music video, a live take, a cover', async () => {
    for (const scenario of ['duplicate', 'video', 'live', 'cover'] as const) {
      const response = await mb(`/isrc/${trackWith(scenario).isrc}?inc=artist-credits&fmt=json`)
      expect(response.body.recordings.length, scenario).toBeGreaterThanOrEqual(2)
    }
    const video = await mb(`/isrc/${trackWith('video').isrc}?inc=artist-credits&fmt=json`)
    expect(video.body.recordings.map((r: { video: boolean }) => r.video).sort()).toEqual([false, true])
  })

  it('ignores releases on /isrc (no releases serialised) and never shows tags without inc=tags', async () => {
    const response = await mb(`/isrc/${trackWith('single').isrc}?inc=releases&fmt=json`)
    expect(response.status).toBe(200)
    expect(response.body.recordings[0].releases).toBeUndefined()
    expect(response.body.recordings[0].tags).toBeUndefined()
    expect(response.body.recordings[0]['artist-credit']).toBeUndefined()
  })

  it('refuses with the exact bodies of the examples: a bad ISRC, inc=genres, an unknown ISRC', async () => {
    const same = (text: string, example: string) => expect(text).toBe(openExampleText(example).trim())
    same((await mb('/isrc/ussm15900118?fmt=json')).text, 'mb-isrc-400-invalid-isrc.json')
    same((await mb('/isrc/US-SM1-59-00118?fmt=json')).text, 'mb-isrc-400-invalid-isrc.json')
    const genres = await mb(`/isrc/${trackWith('single').isrc}?inc=artist-credits+genres+tags&fmt=json`)
    expect(genres.status).toBe(400)
    same(genres.text, 'mb-isrc-400-invalid-inc.json')
    const unknown = await mb('/isrc/GBAAA0000000?fmt=json')
    expect(unknown.status).toBe(404)
    same(unknown.text, 'mb-isrc-404.json')
    expect((await mb(`/isrc/${trackWith('isrc-unknown').isrc}?fmt=json`)).status).toBe(404)
  })

  it('checks the inc parameter as the server does', async () => {
    const isrc = trackWith('single').isrc
    const twice = await mb(`/isrc/${isrc}?inc=tags&inc=artist-credits&fmt=json`)
    expect(twice.status).toBe(400)
    expect(twice.body.error).toBe(
      'Inc arguments must be combined with a space (+ or %20), but you provided multiple parameters',
    )
    expect((await mb(`/isrc/${isrc}?inc=artist-credits%20tags&fmt=json`)).status).toBe(200)
    expect((await mb(`/isrc/${isrc}?inc=artist-credits%2Btags&fmt=json`)).status).toBe(200)
    expect((await mb(`/isrc/${isrc}?inc=user-tags&fmt=json`)).status).toBe(401)
  })

  it('serves JSON only when asked (fmt=json or an Accept header); XML is refused with 406', async () => {
    const isrc = trackWith('single').isrc
    expect((await mb(`/isrc/${isrc}`, { accept: 'application/json' })).status).toBe(200)
    const xml = await mb(`/isrc/${isrc}`)
    expect(xml.status).toBe(406)
    expect(xml.headers.get('content-type')).toMatch(/xml/)
    expect((await mb(`/isrc/${isrc}?fmt=yaml`)).status).toBe(406)
  })
})

describe('recording and artist lookups', () => {
  it('a recording lookup serves genres: the tags whose name is a genre, with the same counts', async () => {
    const track = tracks().find(
      (t) =>
        open.catalog.scenario(t.id) === 'single' &&
        (open.catalog.recordingsByIsrc(t.isrc)![0]!.tags.length ?? 0) > 1,
    )!
    const mbid = open.catalog.recordingsByIsrc(track.isrc)![0]!.mbid
    const response = await mb(`/recording/${mbid}?inc=artist-credits+genres+tags&fmt=json`)
    expect(response.status).toBe(200)
    const tags = new Map(response.body.tags.map((t: { name: string; count: number }) => [t.name, t.count]))
    for (const genre of response.body.genres) {
      expect(tags.get(genre.name)).toBe(genre.count)
      expect(open.catalog.genreNames).toContain(genre.name)
    }
    const example = openExample('mb-recording-lookup.json')
    expect(Object.keys(response.body).sort()).toEqual(Object.keys(example).sort())
  })

  it('answers 301 for a merged MBID, to the new MBID with the query kept; 400 for a bad one, 404 for an unknown one', async () => {
    const [old, target] = open.catalog.mergedMbids().find(([, to]) => open.catalog.recording(to))!
    const moved = await mb(`/recording/${old}?inc=artist-credits+tags&fmt=json`)
    expect(moved.status).toBe(301)
    expect(moved.headers.get('location')).toBe(
      `${open.musicbrainzBaseUrl}/recording/${target}?inc=artist-credits+tags&fmt=json`,
    )
    const followed = await openRequest(moved.headers.get('location')!)
    expect(followed.body.id).toBe(target)
    const [oldArtist] = open.catalog.mergedMbids().find(([, to]) => open.catalog.artist(to))!
    expect((await mb(`/artist/${oldArtist}?fmt=json`)).status).toBe(301)
    expect((await mb('/recording/not-an-mbid?fmt=json')).body.error).toBe('Invalid mbid.')
    expect((await mb('/recording/00000000-0000-4000-8000-000000000000?fmt=json')).status).toBe(404)
  })

  it('lists every genre, one a line, with fmt=txt', async () => {
    const response = await mb('/genre/all?fmt=txt')
    expect(response.status).toBe(200)
    expect(response.text.split('\n')).toEqual([...open.catalog.genreNames])
    expect([...open.catalog.genreNames]).toEqual([...open.catalog.genreNames].sort())
  })
})
