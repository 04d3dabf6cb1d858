import { describe, expect, it } from 'vitest'
import { EXAMPLE_FILES, exampleRows } from '../../test/support/spotify-export-files.js'
import type { ExportStream } from '../spotify-export/export-files.js'
import { exportPlayEvent } from './export-play-rows.js'
import { mergePlays } from './merge-plays.js'
import { type PlayEvent, playedAt } from './play-event.js'

/** An API play of `trackId` ending at `iso` (with milliseconds), from a playlist. */
function apiPlay(
  iso: string,
  trackId: string,
  name = 'From the API',
  artist = 'Nordlicht Kollektiv',
): PlayEvent {
  const endMs = Date.parse(iso)
  return {
    origin: 'api',
    endMs,
    key: `${endMs}|${trackId}`,
    row: {
      ...playedAt(endMs),
      track_id: trackId,
      track_name: name,
      album_id: 'AlbumFromTheApi0000001',
      album_name: 'Album',
      artist_id: 'ArtistFromTheApi000001',
      artist_name: artist,
      duration_ms: 240000,
      ms_played: null,
      item_type: 'track',
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
      context_type: 'playlist',
      context_uri: 'spotify:playlist:37i9dQZF1DXcBWIGoYBM5M',
      source: 'api',
    },
  }
}

async function exportEvents(file: string, stream: ExportStream): Promise<PlayEvent[]> {
  return (await exampleRows(file)).map((row, i) => exportPlayEvent(row, stream, `rows[${i}]`))
}

const TRACK_A = '1ExampleTrack00000000A'

describe('mergePlays', () => {
  it('makes an API play and its export stream one row: time and context from the API, the rest from the export', async () => {
    const audio = await exportEvents(EXAMPLE_FILES.audio, 'extended-audio')
    const rows = mergePlays([apiPlay('2024-12-30T18:04:13.456Z', TRACK_A), ...audio])
    expect(rows).toHaveLength(9)
    expect(rows[0]).toEqual({
      ...audio[0]!.row,
      played_at: '2024-12-30T18:04:13.456Z',
      track_name: 'From the API',
      album_id: 'AlbumFromTheApi0000001',
      album_name: 'Album',
      artist_id: 'ArtistFromTheApi000001',
      duration_ms: 240000,
      context_type: 'playlist',
      context_uri: 'spotify:playlist:37i9dQZF1DXcBWIGoYBM5M',
      source: 'export',
    })
  })

  it('matches an API time that stamps the start of a paused or offline stream, and keeps an API play the export lacks', async () => {
    const audio = await exportEvents(EXAMPLE_FILES.audio, 'extended-audio')
    const logout = audio[8]! // ts hours after the music stopped; started at 2025-01-05T08:00:00Z
    const rows = mergePlays([
      ...audio,
      apiPlay('2025-01-05T08:01:35.120Z', TRACK_A), // the real end: within the stream, not within 30 s of ts
      apiPlay('2025-02-01T10:00:00.000Z', TRACK_A), // not in this export
    ])
    expect(rows).toHaveLength(10)
    expect(rows.find((r) => r.played_at === '2025-01-05T08:01:35.120Z')).toMatchObject({
      ms_played: logout.row.ms_played,
      reason_end: 'logout',
      source: 'export',
    })
    expect(rows.at(-1)).toMatchObject({
      played_at: '2025-02-01T10:00:00.000Z',
      source: 'api',
      ms_played: null,
    })
  })

  it('pairs one to one, closest first: a track on repeat gives as many rows as it played', () => {
    const stream = (ts: string) =>
      exportPlayEvent(
        { ts, ms_played: 180000, spotify_track_uri: `spotify:track:${TRACK_A}`, reason_end: 'trackdone' },
        'extended-audio',
        'row',
      )
    const exports = [
      stream('2025-03-01T10:03:00Z'),
      stream('2025-03-01T10:06:00Z'),
      stream('2025-03-01T10:09:00Z'),
    ]
    const api = [apiPlay('2025-03-01T10:06:01.000Z', TRACK_A), apiPlay('2025-03-01T10:03:02.000Z', TRACK_A)]
    const rows = mergePlays([...api, ...exports])
    expect(rows.map((r) => [r.played_at, r.source])).toEqual([
      ['2025-03-01T10:03:02.000Z', 'export'],
      ['2025-03-01T10:06:01.000Z', 'export'],
      ['2025-03-01T10:09:00.000Z', 'export'],
    ])
    expect(mergePlays([...exports.reverse(), ...api.reverse()])).toEqual(rows)
  })

  it('keeps one row of a stream two overlapping exports hold, and of a play two runs landed', async () => {
    const older = await exportEvents(EXAMPLE_FILES.audio, 'extended-audio')
    const newer = await exportEvents(EXAMPLE_FILES.audio, 'extended-audio')
    const play = apiPlay('2025-03-01T10:00:00.000Z', TRACK_A)
    expect(mergePlays([...older, play, ...newer.slice(3), play])).toEqual(mergePlays([...older, play]))
    expect(mergePlays([...older, play])).toHaveLength(10)
  })

  it('drops an Account data stream an Extended or API play already holds, gives ms played to an API-only play, keeps the rest', async () => {
    const extended = await exportEvents(EXAMPLE_FILES.audio, 'extended-audio')
    const music = await exportEvents(EXAMPLE_FILES.music, 'account-music')
    const podcasts = await exportEvents(EXAMPLE_FILES.podcast, 'account-podcast')
    const withBoth = mergePlays([...extended, ...music, ...podcasts])
    // music rows 1-4 and the first episode are the extended rows 1, 2, 3, 6 and 5; the second episode is new
    expect(withBoth).toHaveLength(extended.length + 1)
    expect(withBoth.filter((r) => r.platform === null)).toEqual([podcasts[1]!.row])

    const apiOnly = apiPlay(
      '2025-01-02T09:16:33.900Z',
      '6ExampleTrack00000000F',
      'Low Tide Radio',
      'Mira Okonkwo',
    )
    const rows = mergePlays([apiOnly, ...music])
    expect(rows).toHaveLength(4)
    expect(rows.find((r) => r.track_id === '6ExampleTrack00000000F')).toMatchObject({
      ms_played: 233506,
      source: 'export',
    })
  })
})
