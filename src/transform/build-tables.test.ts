import { describe, expect, it } from 'vitest'
import { EXAMPLE_PLAYLIST_ID, envelope, example, setIn } from '../../test/support/spotify-examples.js'
import type { RawEnvelope } from '../extract/raw-envelope.js'
import { buildTables } from './build-tables.js'
import { SnapshotDateMixedError } from './errors.js'
import { readEnvelope } from './read-envelope.js'
import { TABLE_SPECS } from './table-specs.js'

const PLAYLIST_ID = EXAMPLE_PLAYLIST_ID
const OTHER_ID = '5ZCExampleOtherPlaylist'
const RUN_1 = '20261123T060000Z-aaaa'
const RUN_2 = '20261123T180000Z-bbbb'

type Json = Record<string, unknown>

function build(envelopes: readonly RawEnvelope[]) {
  return buildTables(envelopes.map(readEnvelope))
}

const devItems = example('responses/get-playlist-items.devmode-2026.json').items as Json[]

/**
 * The development-mode playlist read in three pages of two (the real page-2 example in the
 * middle): Get Playlist with items 0-1, then items 2-3, then items 4-5 (a local file, a null).
 */
function pagedRun(
  runId: string,
  extractedAt: string,
  options: { skipLastPage?: boolean; snapshotId?: string } = {},
) {
  const base = example('objects/playlist.devmode-2026.owned.json')
  const page0 = {
    ...(base.items as Json),
    items: devItems.slice(0, 2),
    limit: 2,
    next: `https://api.spotify.com/v1/playlists/${PLAYLIST_ID}/items?offset=2&limit=2`,
  }
  let playlist: Json = { ...base, items: page0 }
  if (options.snapshotId) playlist = { ...playlist, snapshot_id: options.snapshotId }
  const page2 = {
    href: `https://api.spotify.com/v1/playlists/${PLAYLIST_ID}/items?offset=4&limit=2`,
    items: devItems.slice(4, 6),
    limit: 2,
    next: null,
    offset: 4,
    previous: `https://api.spotify.com/v1/playlists/${PLAYLIST_ID}/items?offset=2&limit=2`,
    total: 6,
  }
  const common = { run_id: runId, extracted_at: extractedAt, api_mode: 'development' as const }
  const envelopes = [
    envelope('playlists', playlist, { ...common, page: 0 }),
    envelope('playlist_items', example('responses/get-playlist-items.page2-limit2.devmode-2026.json'), {
      ...common,
      page: 1,
    }),
  ]
  if (!options.skipLastPage) envelopes.push(envelope('playlist_items', page2, { ...common, page: 2 }))
  return envelopes
}

const extendedPlaylist = envelope('playlists', example('objects/playlist.full-extended.json'))

describe('buildTables: playlist_tracks', () => {
  it('gives the same rows for the extended and the development shape', () => {
    const extended = build([extendedPlaylist]).tables.playlist_tracks
    const development = build(pagedRun(RUN_1, '2026-11-23T06:00:01.250Z')).tables.playlist_tracks
    expect(development).toEqual(extended)
    expect(extended.map((row) => [row.position, row.item_name, row.item_type])).toEqual([
      [1, 'Left Behind', 'track'],
      [2, 'There’s Fear In Letting Go', 'track'],
      [3, 'Remember Me', 'track'],
      [4, '20. Justin Theroux', 'episode'],
      [5, 'Heart of Stone', 'track'],
    ])
    expect(extended[0]).toEqual({
      playlist_id: PLAYLIST_ID,
      position: 1,
      track_id: '5G6jZFDAFlpAA9v5LTV4NI',
      item_uri: 'spotify:track:5G6jZFDAFlpAA9v5LTV4NI',
      item_name: 'Left Behind',
      added_at: '2025-11-02T18:21:40.000Z',
      added_by: 'wizzler',
      item_type: 'track',
      is_local: false,
      playlist_snapshot_id: 'AAAAB8sZ1F3mJ0z1dX2GQ0ZC1mVtE2pLZ0m0aG9sZGVy',
    })
  })

  it('skips a null item and counts it without shifting the positions after it', () => {
    const items = [
      example('objects/playlist-item.track.extended.json'),
      example('objects/playlist-item.null-track.json'),
      example('objects/playlist-item.local.json'),
      example('objects/playlist-item.episode.extended.json'),
    ]
    const body = setIn(example('objects/playlist.full-extended.json'), ['tracks', 'items'], items)
    const { tables, stats } = build([envelope('playlists', body)])
    expect(tables.playlist_tracks.map((row) => [row.position, row.item_name])).toEqual([
      [1, 'Left Behind'],
      [3, 'Heart of Stone'],
      [4, '20. Justin Theroux'],
    ])
    expect(stats.nullItems).toBe(1)
  })

  it('keeps a local file in the playlist with a null track_id, and out of tracks and songs', () => {
    const { tables, stats } = build([extendedPlaylist])
    const local = tables.playlist_tracks.find((row) => row.is_local === true)
    expect(local).toMatchObject({
      position: 5,
      track_id: null,
      item_name: 'Heart of Stone',
      item_type: 'track',
    })
    expect(tables.tracks.map((row) => row.name)).not.toContain('Heart of Stone')
    expect(tables.songs.map((row) => row.song_name)).not.toContain('Heart of Stone')
    expect(tables.artists.map((row) => row.name)).not.toContain('The Waymores')
    expect(stats.localFiles).toBe(1)
  })

  it('keeps an episode in the playlist as item_type episode, and out of tracks', () => {
    const { tables, stats } = build([extendedPlaylist])
    const episode = tables.playlist_tracks.find((row) => row.item_type === 'episode')
    expect(episode).toMatchObject({ position: 4, item_uri: 'spotify:episode:0I8z8uyoJ03X6SiLDo0h96' })
    expect(tables.tracks.map((row) => row.track_id)).not.toContain('0I8z8uyoJ03X6SiLDo0h96')
    expect(stats.episodes).toBe(1)
  })

  it('removes a row repeated by overlapping pages', () => {
    const again = envelope('playlist_items', example('responses/get-playlist-items.extended.json'), {
      page: 1,
    })
    const { tables, stats } = build([extendedPlaylist, again])
    expect(tables.playlist_tracks).toHaveLength(5)
    expect(stats.duplicateRowsRemoved).toBe(5)
  })
})

describe('buildTables: playlists', () => {
  it('gives one row per playlist with its metadata', () => {
    expect(build([extendedPlaylist]).tables.playlists).toEqual([
      {
        playlist_id: PLAYLIST_ID,
        name: 'Road Trip North',
        description: 'Songs for the long drive north. Updated whenever.',
        owner_id: 'wizzler',
        snapshot_id: 'AAAAB8sZ1F3mJ0z1dX2GQ0ZC1mVtE2pLZ0m0aG9sZGVy',
        followers: 12,
        total_items: 6,
        public: true,
        collaborative: false,
      },
    ])
  })

  it('gives a metadata-only playlist its row, no entries, and does not call it incomplete', () => {
    const body = example('objects/playlist.devmode-2026.not-owned-metadata-only.json')
    const { tables, stats } = build([envelope('playlists', body, { api_mode: 'development' })])
    expect(tables.playlists).toEqual([
      expect.objectContaining({ owner_id: 'someone', followers: 12, total_items: null }),
    ])
    expect(tables.playlist_tracks).toEqual([])
    expect(stats.incompletePlaylists).toEqual([])
  })
})

describe('buildTables: tracks, albums and artists', () => {
  it('gives one row per distinct track, with its album and artists', () => {
    const { tables } = build([extendedPlaylist])
    expect(tables.tracks.find((row) => row.track_id === '5G6jZFDAFlpAA9v5LTV4NI')).toEqual({
      track_id: '5G6jZFDAFlpAA9v5LTV4NI',
      name: 'Left Behind',
      duration_ms: 206924,
      explicit: false,
      popularity: 63,
      isrc: 'US5262325259',
      album_id: '2efABZ7jsJTkRkZALraqEM',
      disc_number: 1,
      track_number: 1,
    })
    expect(tables.track_artists).toContainEqual({
      track_id: '2OYtcqflvzQwh3cMPmTHs4',
      artist_id: '3Uobr6LgQpBbk6k4QGAb3V',
      artist_position: 1,
    })
    expect(tables.albums.find((row) => row.album_id === '6SjY4WK6VMFYEINGVOHzGa')).toEqual({
      album_id: '6SjY4WK6VMFYEINGVOHzGa',
      name: 'TRUE POWER',
      album_type: 'album',
      release_date: '2022-08-19',
      release_date_precision: 'day',
      release_year: 2022,
      total_tracks: 15,
      label: null,
      upc: null,
      popularity: null,
    })
  })

  it('dedupes tracks shared by two playlists and keeps the earliest added_at as song_added', () => {
    const other = setIn(
      setIn(example('objects/playlist.full-extended.json'), ['id'], OTHER_ID),
      ['tracks', 'items', 1, 'added_at'],
      '2024-03-05T10:00:00Z',
    )
    const { tables } = build([extendedPlaylist, envelope('playlists', other, { source_id: OTHER_ID })])
    expect(tables.playlists).toHaveLength(2)
    expect(tables.playlist_tracks).toHaveLength(10)
    expect(tables.tracks).toHaveLength(3)
    expect(tables.songs).toHaveLength(3)
    expect(tables.track_artists).toHaveLength(3)
    expect(tables.songs.find((row) => row.song_id === '2OYtcqflvzQwh3cMPmTHs4')?.song_added).toBe(
      '2024-03-05T10:00:00.000Z',
    )
  })

  it('prefers full artist and album objects, and leaves what development mode drops null', () => {
    const austerity = {
      added_at: '2026-03-01T12:00:00Z',
      added_by: { id: 'wizzler', type: 'user' },
      is_local: false,
      item: example('objects/track.devmode-2026.json'),
    }
    const playlist = setIn(
      example('objects/playlist.devmode-2026.owned.json'),
      ['items', 'items'],
      [austerity],
    )
    const { tables, stats } = build([
      envelope('playlists', playlist, { api_mode: 'development' }),
      envelope('artists', { artists: [example('objects/artist.full.json'), null] }),
      envelope('albums', example('objects/album.devmode-2026.json'), {
        source_id: 'single',
        api_mode: 'development',
      }),
    ])
    expect(tables.tracks).toEqual([
      {
        track_id: '2RM5Lx7VIp6GrLRsg2yXwW',
        name: 'Austerity',
        duration_ms: 221200,
        explicit: false,
        popularity: null,
        isrc: 'ATN262320801',
        album_id: '4EcfbzCtbJDk2wMwhT4D1h',
        disc_number: 1,
        track_number: 1,
      },
    ])
    expect(tables.albums).toEqual([
      {
        album_id: '4EcfbzCtbJDk2wMwhT4D1h',
        name: 'Sky Void of Stars',
        album_type: 'album',
        release_date: '2023-01-20',
        release_date_precision: 'day',
        release_year: 2023,
        total_tracks: 11,
        label: null,
        upc: '840588171736',
        popularity: null,
      },
    ])
    expect(tables.artists).toEqual([
      {
        artist_id: '2CWWgbxApjbyByxBBCvGTm',
        name: 'Katatonia',
        genres: expect.arrayContaining(['doom metal']),
        followers: 327891,
        popularity: 57,
      },
    ])
    expect(stats.nullEntities).toBe(1)
  })

  it('takes the artist from the latest extraction: a later development-mode read nulls what it lacks', () => {
    const { tables } = build([
      envelope('artists', { artists: [example('objects/artist.full.json')] }),
      envelope('artists', example('objects/artist.devmode-2026.json'), {
        source_id: 'single',
        run_id: RUN_2,
        extracted_at: '2026-11-23T18:00:00.000Z',
        api_mode: 'development',
      }),
    ])
    expect(tables.artists).toEqual([
      {
        artist_id: '2CWWgbxApjbyByxBBCvGTm',
        name: 'Katatonia',
        genres: null,
        followers: null,
        popularity: null,
      },
    ])
  })

  it('keeps an empty genres list as [] rather than null', () => {
    const artist = setIn(example('objects/artist.full.json'), ['genres'], [])
    expect(build([envelope('artists', artist)]).tables.artists[0]?.genres).toEqual([])
  })

  it('normalises year-only, month-only, 0000 and impossible release dates', () => {
    const album = example('objects/album.full.json')
    const variant = (id: string, date: string, precision: string) =>
      setIn(setIn(setIn(album, ['id'], id), ['release_date'], date), ['release_date_precision'], precision)
    const { tables } = build([
      envelope('albums', {
        albums: [
          variant('albumYear', '1976', 'year'),
          variant('albumMonth', '1998-07', 'month'),
          variant('albumZero', '0000', 'year'),
          variant('albumFeb30', '2019-02-30', 'day'),
          null,
        ],
      }),
    ])
    const dates = Object.fromEntries(
      tables.albums.map((row) => [
        row.album_id,
        [row.release_date, row.release_year, row.release_date_precision],
      ]),
    )
    expect(dates).toEqual({
      albumFeb30: [null, null, 'day'],
      albumMonth: ['1998-07-01', 1998, 'month'],
      albumYear: ['1976-01-01', 1976, 'year'],
      albumZero: [null, null, 'year'],
    })
    expect(tables.album.find((row) => row.album_id === 'albumMonth')?.release_date).toBe('1998-07-01')
  })
})

describe('buildTables: seed tables', () => {
  it('fills songs, album and artist with exactly the seed columns', () => {
    const { tables } = build([extendedPlaylist])
    expect(tables.songs.find((row) => row.song_id === '5G6jZFDAFlpAA9v5LTV4NI')).toEqual({
      song_id: '5G6jZFDAFlpAA9v5LTV4NI',
      song_name: 'Left Behind',
      duration_ms: 206924,
      url: 'https://open.spotify.com/track/5G6jZFDAFlpAA9v5LTV4NI',
      popularity: 63,
      song_added: '2025-11-02T18:21:40.000Z',
      album_id: '2efABZ7jsJTkRkZALraqEM',
      artist_id: '1cJ5tVoeAEFcZBAwSZ0CtF',
    })
    expect(tables.album.find((row) => row.album_id === '2efABZ7jsJTkRkZALraqEM')).toEqual({
      album_id: '2efABZ7jsJTkRkZALraqEM',
      name: 'Left Behind',
      release_date: '2023-02-08',
      total_tracks: 2,
      url: 'https://open.spotify.com/album/2efABZ7jsJTkRkZALraqEM',
    })
    expect(tables.artist.find((row) => row.artist_id === '1cJ5tVoeAEFcZBAwSZ0CtF')).toEqual({
      artist_id: '1cJ5tVoeAEFcZBAwSZ0CtF',
      artist_name: 'The Plot In You',
      external_url: 'https://open.spotify.com/artist/1cJ5tVoeAEFcZBAwSZ0CtF',
    })
  })

  it('gives every row exactly its table columns, in order, without the partition column', () => {
    const { tables } = build([
      extendedPlaylist,
      envelope('albums', example('responses/get-several-albums.json')),
      envelope('recently_played', example('responses/get-recently-played.cursor.json')),
      envelope('saved_tracks', example('responses/get-saved-tracks.json')),
      envelope('top_artists', example('responses/get-top-artists.json')),
    ])
    for (const spec of TABLE_SPECS) {
      expect(tables[spec.name].length, spec.name).toBeGreaterThan(0)
      for (const row of tables[spec.name]) expect(Object.keys(row)).toEqual(spec.columns.map((c) => c.name))
    }
  })
})

describe('buildTables: run selection', () => {
  it('uses the latest complete run of the day', () => {
    const run1 = pagedRun(RUN_1, '2026-11-23T06:00:01.250Z')
    const run2 = pagedRun(RUN_2, '2026-11-23T18:00:01.250Z', { snapshotId: 'snapshot-of-run-2' })
    const { tables, stats } = build([...run1, ...run2])
    expect(tables.playlists[0]?.snapshot_id).toBe('snapshot-of-run-2')
    expect(new Set(tables.playlist_tracks.map((row) => row.playlist_snapshot_id))).toEqual(
      new Set(['snapshot-of-run-2']),
    )
    expect(tables.playlist_tracks).toHaveLength(5)
    expect(stats).toMatchObject({ envelopesUsed: 3, envelopesIgnored: 3, duplicateRowsRemoved: 0 })
  })

  it('falls back to the earlier complete run when the latest one is missing a page', () => {
    const run1 = pagedRun(RUN_1, '2026-11-23T06:00:01.250Z')
    const run2 = pagedRun(RUN_2, '2026-11-23T18:00:01.250Z', {
      snapshotId: 'snapshot-of-run-2',
      skipLastPage: true,
    })
    const { tables, stats } = build([...run2, ...run1])
    expect(tables.playlists[0]?.snapshot_id).toBe('AAAAB8sZ1F3mJ0z1dX2GQ0ZC1mVtE2pLZ0m0aG9sZGVy')
    expect(tables.playlist_tracks.map((row) => row.position)).toEqual([1, 2, 3, 4, 5])
    expect(stats).toMatchObject({ envelopesUsed: 3, envelopesIgnored: 2, incompletePlaylists: [] })
  })

  it('uses the latest run anyway when no run is complete, and says so', () => {
    const run2 = pagedRun(RUN_2, '2026-11-23T18:00:01.250Z', { skipLastPage: true })
    const { tables, stats } = build(run2)
    expect(tables.playlist_tracks.map((row) => row.position)).toEqual([1, 2, 3, 4])
    expect(stats.incompletePlaylists).toEqual([PLAYLIST_ID])
  })

  it('treats a run without its Get Playlist envelope as incomplete', () => {
    const run1 = pagedRun(RUN_1, '2026-11-23T06:00:01.250Z')
    const run2 = pagedRun(RUN_2, '2026-11-23T18:00:01.250Z').slice(1)
    const { tables, stats } = build([...run1, ...run2])
    expect(tables.playlists).toHaveLength(1)
    expect(stats).toMatchObject({ envelopesUsed: 3, envelopesIgnored: 2, incompletePlaylists: [] })
  })
})

describe('buildTables: the partition', () => {
  it('gives the same output whatever the order of its input', () => {
    const envelopes = [
      ...pagedRun(RUN_1, '2026-11-23T06:00:01.250Z'),
      ...pagedRun(RUN_2, '2026-11-23T18:00:01.250Z', { skipLastPage: true }),
      envelope('playlists', setIn(example('objects/playlist.full-extended.json'), ['id'], OTHER_ID), {
        source_id: OTHER_ID,
      }),
      envelope('artists', { artists: [example('objects/artist.full.json'), null] }),
      envelope('artists', example('objects/artist.devmode-2026.json'), {
        source_id: 'single',
        run_id: RUN_2,
      }),
      envelope('albums', example('responses/get-several-albums.json')),
    ]
    const expected = JSON.stringify(build(envelopes))
    const shuffled = [...envelopes.slice(5), ...envelopes.slice(0, 5).reverse()]
    expect(JSON.stringify(build(shuffled))).toBe(expected)
    expect(JSON.stringify(build([...envelopes].reverse()))).toBe(expected)
  })

  it('gives empty tables for no input', () => {
    const { tables, stats } = buildTables([])
    for (const spec of TABLE_SPECS) expect(tables[spec.name]).toEqual([])
    expect(stats.envelopes).toBe(0)
  })

  it('refuses contents of more than one snapshot_date', () => {
    const other = envelope('artists', example('objects/artist.full.json'), { snapshot_date: '2026-11-24' })
    expect(() => build([extendedPlaylist, other])).toThrow(SnapshotDateMixedError)
    expect(() => build([extendedPlaylist, other])).toThrow(
      'buildTables takes the contents of one snapshot_date partition, got 2026-11-23, 2026-11-24',
    )
  })

  it('says when the data came from the emulator', () => {
    expect(build([extendedPlaylist]).stats.synthetic).toBe(false)
    expect(build([{ ...extendedPlaylist, synthetic: true }]).stats.synthetic).toBe(true)
  })
})
