import { describe, expect, it } from 'vitest'
import {
  build,
  extendedPlaylist,
  PLAYLIST_ID,
  pagedRun,
  RUN_1,
} from '../../test/support/build-tables-fixtures.js'
import { envelope, example, setIn } from '../../test/support/spotify-examples.js'

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
