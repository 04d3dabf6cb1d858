import { describe, expect, it } from 'vitest'
import { EXAMPLE_FILES, exampleRows } from '../../test/support/spotify-export-files.js'
import { exportPlayEvent } from './export-play-rows.js'

const rowsOf = async (file: string, stream: Parameters<typeof exportPlayEvent>[1]) =>
  (await exampleRows(file)).map((row, i) => exportPlayEvent(row, stream, `rows[${i}]`).row)

describe('exportPlayEvent', () => {
  it('reads every kind of stream of a 2025 export into the plays columns (NOTES.md section 8)', async () => {
    const rows = await rowsOf(EXAMPLE_FILES.audio, 'extended-audio')
    expect(rows[0]).toEqual({
      played_at: '2024-12-30T18:04:12.000Z',
      played_date: '2024-12-30',
      played_month: '2024-12',
      track_id: '1ExampleTrack00000000A',
      track_name: 'Glasshouse Morning',
      album_id: null,
      album_name: 'Harbour Lights',
      artist_id: null,
      artist_name: 'Nordlicht Kollektiv',
      duration_ms: null,
      ms_played: 201349,
      item_type: 'track',
      episode_name: null,
      show_name: null,
      reason_start: 'trackdone',
      reason_end: 'trackdone',
      skipped: false,
      shuffle: true,
      offline: false,
      incognito_mode: false,
      platform: 'android',
      conn_country: 'DE',
      context_type: null,
      context_uri: null,
      source: 'export',
    })
    const summary = rows.map((r) => [
      r.item_type,
      r.track_id,
      r.track_name ?? r.episode_name,
      r.ms_played,
      r.skipped,
    ])
    expect(summary).toEqual([
      ['track', '1ExampleTrack00000000A', 'Glasshouse Morning', 201349, false],
      ['track', '2ExampleTrack00000000B', 'Paper Satellites', 48211, true], // a skip after 48 s
      ['track', '3ExampleTrack00000000C', 'Überall Rauschen', 6120, true], // a play under 30 s, kept
      ['local', null, 'Demo Tape 03', 187034, false], // a local file: names, no URI
      ['episode', null, 'Episode 112: Why Trains Are Late', 1534870, true], // ended with endplay, flagged skipped
      ['track', '6ExampleTrack00000000F', 'Low Tide Radio', 233506, false],
      ['audiobook', null, 'Chapter 3: The Second Lamp', 1802214, false],
      ['track', '8ExampleTrack00000000J', 'Quiet Engines', 254000, false],
      ['track', '1ExampleTrack00000000A', 'Glasshouse Morning', 95120, false],
    ])
    expect(rows[4]).toMatchObject({ show_name: 'The Synthetic Commute' })
    expect(rows[5]).toMatchObject({ offline: true, platform: 'ios' })
    expect(rows[6]).toMatchObject({ show_name: 'The Lighthouse Ledger', offline: null })
    expect(rows[7]).toMatchObject({ incognito_mode: true })
    expect(rows[8]).toMatchObject({ reason_end: 'logout', played_at: '2025-01-05T11:47:31.000Z' })
  })

  it('counts an end by the next button as a skip where the old flag said false, and leaves an unknown flag null', async () => {
    const rows = await rowsOf(EXAMPLE_FILES.endsong, 'extended-audio')
    expect(rows.map((r) => [r.played_at, r.reason_end, r.skipped, r.item_type])).toEqual([
      ['2021-11-15T13:41:43.000Z', 'fwdbtn', true, 'track'],
      ['2019-06-02T21:17:39.000Z', 'trackdone', null, 'track'],
      ['2020-03-08T07:09:50.000Z', 'endplay', null, 'episode'],
    ])
  })

  it('reads the Account data package: minutes, names and ms played, no ids', async () => {
    const music = await rowsOf(EXAMPLE_FILES.music, 'account-music')
    expect(music[0]).toMatchObject({
      played_at: '2024-12-30T18:04:00.000Z',
      track_id: null,
      track_name: 'Glasshouse Morning',
      artist_name: 'Nordlicht Kollektiv',
      ms_played: 201349,
      item_type: 'track',
      platform: null,
      source: 'export',
    })
    const podcasts = await rowsOf(EXAMPLE_FILES.podcast, 'account-podcast')
    expect(podcasts[0]).toMatchObject({
      item_type: 'episode',
      episode_name: 'Episode 112: Why Trains Are Late',
      show_name: 'The Synthetic Commute',
      track_name: null,
    })
  })

  it('names the row that is not a stream', () => {
    expect(() => exportPlayEvent({ ts: 'yesterday', ms_played: 1 }, 'extended-audio', 'rows[3]')).toThrow(
      'rows[3] is an entry whose ts is not a UTC time ("yesterday")',
    )
  })
})
