import { describe, expect, it } from 'vitest'
import { build, extendedPlaylist, OTHER_ID, RUN_2 } from '../../test/support/build-tables-fixtures.js'
import { envelope, example, setIn } from '../../test/support/spotify-examples.js'
import { TABLE_SPECS } from './table-specs.js'

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

  it('takes the tracks the back-fill fetched (Get Several Tracks, Get Track) with their albums and artists', () => {
    const several = example<{ tracks: ({ id: string; album: { id: string } } | null)[] }>(
      'responses/get-several-tracks.json',
    )
    const one = setIn(
      example<{ id: string }>('objects/track.devmode-2026.json'),
      ['id'],
      '7ouMYWpwJ422jRcDASZB7P',
    )
    const { tables, stats } = build([
      envelope('tracks', several, { source_id: 'backfill' }),
      envelope('tracks', one, { source_id: `backfill-${one.id}`, api_mode: 'development' }),
    ])
    expect(tables.tracks.map((row) => row.track_id).sort()).toEqual([several.tracks[0]!.id, one.id].sort())
    expect(tables.albums.map((row) => row.album_id)).toContain(several.tracks[0]!.album.id)
    expect(tables.track_artists.filter((row) => row.track_id === one.id).length).toBeGreaterThan(0)
    expect(tables.artists.length).toBeGreaterThan(0)
    expect(stats.nullEntities).toBe(1) // the unknown id of the batch
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
