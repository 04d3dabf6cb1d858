import { describe, expect, it } from 'vitest'
import { envelope, example, setIn } from '../../test/support/spotify-examples.js'
import type { RawEnvelope } from '../extract/raw-envelope.js'
import { buildTables } from './build-tables.js'
import { ResponseShapeError } from './errors.js'
import { readEnvelope } from './read-envelope.js'

const build = (envelopes: RawEnvelope[]) => buildTables(envelopes.map(readEnvelope)).tables
const recent = example('responses/get-recently-played.cursor.json')
const saved = example('responses/get-saved-tracks.json')
const top = example('responses/get-top-artists.json')

describe('plays', () => {
  it('one row per listening event with its UTC day and context; a play landed twice counts once', () => {
    const withContext = setIn(recent, ['items', 0, 'context'], {
      type: 'playlist',
      uri: 'spotify:playlist:3cEYpjA9oz9GiPac4AsH4n',
      href: 'https://api.spotify.com/v1/playlists/3cEYpjA9oz9GiPac4AsH4n',
      external_urls: {},
    })
    const tables = build([
      envelope('recently_played', withContext, { source_id: 'me' }),
      envelope('recently_played', recent, { source_id: 'me', run_id: '20261123T180000Z-bbbb' }),
    ])
    expect(tables.plays).toEqual([
      {
        played_at: '2023-09-22T15:23:14.294Z',
        played_date: '2023-09-22',
        played_month: '2023-09',
        track_id: '4rERaNiKlILD603GJvdEvm',
        track_name: 'Cappadocia',
        album_id: '0reS9m5prtXtDFetcKIr9C',
        album_name: 'Cappadocia',
        artist_id: '5tDjiBYUsTqzd0RkTZxK7u',
        artist_name: 'Ben Böhmer',
        duration_ms: 282063,
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
        context_type: null,
        context_uri: null,
        source: 'api',
      },
      expect.objectContaining({
        played_at: '2023-09-22T15:43:33.750Z',
        track_id: '7vqcDtNvoJn5pXhktc8qe8',
        context_type: 'playlist',
        context_uri: 'spotify:playlist:3cEYpjA9oz9GiPac4AsH4n',
      }),
    ])
  })

  it('keeps a local file the API lists, by name, with no track id', () => {
    const local = setIn(
      setIn(recent, ['items', 0, 'track', 'is_local'], true),
      ['items', 0, 'track', 'id'],
      null,
    )
    const tables = build([envelope('recently_played', local, { source_id: 'me' })])
    expect(tables.plays.map((p) => [p.item_type, p.track_id, p.track_name])).toEqual([
      ['track', '4rERaNiKlILD603GJvdEvm', 'Cappadocia'],
      ['local', null, expect.any(String)],
    ])
  })

  it('an unreadable played_at sends the object to quarantine with the path', () => {
    const bad = envelope('recently_played', setIn(recent, ['items', 1, 'played_at'], 'yesterday'))
    expect(() => readEnvelope(bad)).toThrow(ResponseShapeError)
    expect(() => readEnvelope(bad)).toThrow('body.items[1].played_at must be an ISO-8601 instant')
  })
})

describe('saved_tracks', () => {
  it('keeps only the saves newer than the boundary in the source id', () => {
    const first = build([envelope('saved_tracks', saved, { source_id: 'all' })])
    expect(first.saved_tracks).toEqual([
      expect.objectContaining({
        added_at: '2026-03-01T12:34:56.000Z',
        track_id: '2RM5Lx7VIp6GrLRsg2yXwW',
        explicit: expect.any(Boolean),
      }),
    ])
    const boundary = Date.parse('2026-03-01T12:34:56Z')
    expect(build([envelope('saved_tracks', saved, { source_id: `after-${boundary}` })]).saved_tracks).toEqual(
      [],
    )
    expect(
      build([envelope('saved_tracks', saved, { source_id: `after-${boundary - 1}` })]).saved_tracks,
    ).toHaveLength(1)
  })
})

describe('user_top', () => {
  it('ranks from the page offset; for each time range the latest run of the day wins', () => {
    const later = setIn(setIn(top, ['offset'], 10), ['items', 0, 'name'], 'Katatonia (later run)')
    const tables = build([
      envelope('top_artists', top, { source_id: 'short_term', run_id: '20261123T060000Z-aaaa' }),
      envelope('top_artists', later, { source_id: 'short_term', run_id: '20261123T180000Z-bbbb' }),
      envelope('top_artists', top, { source_id: 'long_term', run_id: '20261123T060000Z-aaaa' }),
    ])
    expect(tables.user_top).toEqual([
      {
        item_type: 'artist',
        time_range: 'long_term',
        rank: 1,
        item_id: '2CWWgbxApjbyByxBBCvGTm',
        name: 'Katatonia',
        popularity: 57,
      },
      {
        item_type: 'artist',
        time_range: 'short_term',
        rank: 11,
        item_id: '2CWWgbxApjbyByxBBCvGTm',
        name: 'Katatonia (later run)',
        popularity: 57,
      },
    ])
  })

  it('development-mode artists have no popularity: NULL, not 0', () => {
    const dev = example('responses/get-top-artists.devmode-2026.json')
    const tables = build([
      envelope('top_artists', dev, { source_id: 'medium_term', api_mode: 'development' }),
    ])
    expect(tables.user_top.length).toBeGreaterThan(0)
    expect(tables.user_top.every((row) => row.popularity === null)).toBe(true)
  })
})

describe('listings that feed no table', () => {
  it('are read (shape-checked) without adding rows', () => {
    const listing = example('responses/get-me-playlists.devmode-2026.json')
    const { tables, stats } = buildTables([
      readEnvelope(envelope('my_playlists', listing, { source_id: 'me' })),
    ])
    expect(Object.values(tables).every((rows) => rows.length === 0)).toBe(true)
    expect(stats.envelopesUsed).toBe(1)
    expect(() => readEnvelope(envelope('artist_albums', { items: 'none' }))).toThrow(/body\.items/)
  })
})
