import { describe, expect, it } from 'vitest'
import {
  build,
  extendedPlaylist,
  OTHER_ID,
  PLAYLIST_ID,
  pagedRun,
  RUN_1,
  RUN_2,
} from '../../test/support/build-tables-fixtures.js'
import { envelope, example, setIn } from '../../test/support/spotify-examples.js'
import { buildTables } from './build-tables.js'
import { SnapshotDateMixedError } from './errors.js'
import { TABLE_SPECS } from './table-specs.js'

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
