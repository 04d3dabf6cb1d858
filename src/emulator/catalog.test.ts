import { describe, expect, it } from 'vitest'
import { SyntheticCatalog, syntheticCatalog } from './catalog.js'
import { dayNumber, dayString } from './days.js'
import { PLAYLIST_IDS } from './playlist-defs.js'

const catalog = syntheticCatalog(2026)
const USER_PLAYLISTS = [PLAYLIST_IDS.nightDrive, PLAYLIST_IDS.focusFlow, PLAYLIST_IDS.weekendMix]

describe('SyntheticCatalog', () => {
  it('generates identically for the same seed', () => {
    const fresh = SyntheticCatalog.generate(2026)
    expect(fresh.tracks.map((t) => t.isrc)).toEqual(catalog.tracks.map((t) => t.isrc))
    expect(fresh.chartOn('2026-02-01')).toEqual(catalog.chartOn('2026-02-01'))
  })

  it('has at least 400 artists, 800 albums (all three date precisions, one "0000") and 3000 tracks', () => {
    expect(catalog.artists.length).toBeGreaterThanOrEqual(400)
    expect(catalog.albums.length).toBeGreaterThanOrEqual(800)
    expect(catalog.tracks.length).toBeGreaterThanOrEqual(3000)
    expect(new Set(catalog.albums.map((a) => a.releaseDatePrecision))).toEqual(
      new Set(['day', 'month', 'year']),
    )
    expect(new Set(catalog.albums.map((a) => a.albumType))).toEqual(
      new Set(['album', 'single', 'compilation']),
    )
    expect(catalog.albums.some((a) => a.releaseDate === '0000' && a.releaseDatePrecision === 'year')).toBe(
      true,
    )
    expect(catalog.artists.some((a) => a.genres.length === 0)).toBe(true)
    expect(catalog.artists.some((a) => /[^\x20-\x7e]/.test(a.name))).toBe(true)
  })

  it('keeps albums and tracks consistent, with realistic ids and values', () => {
    const inconsistent = catalog.albums.filter((album) => {
      const tracks = album.trackIds.map((id) => catalog.track(id))
      const positions = new Set(tracks.map((t) => `${t?.discNumber}/${t?.trackNumber}`))
      return (
        !/^\d{12}$/.test(album.upc) ||
        positions.size !== tracks.length ||
        tracks.some((t) => t?.albumId !== album.id)
      )
    })
    expect(inconsistent).toEqual([])
    const unrealistic = catalog.tracks.filter(
      (t) =>
        !/^[A-Z]{2}[A-Z0-9]{3}\d{7}$/.test(t.isrc) ||
        !/^[0-9A-Za-z]{22}$/.test(t.id) ||
        t.durationMs < 90_000 ||
        t.durationMs > 420_000 ||
        t.artistIds.length === 0,
    )
    expect(unrealistic).toEqual([])
    const explicit = catalog.tracks.filter((t) => t.explicit).length / catalog.tracks.length
    expect(explicit).toBeGreaterThan(0.1)
    expect(explicit).toBeLessThan(0.2)
  })
})

describe('the daily chart', () => {
  it('lists exactly 50 distinct known tracks every day, any day', () => {
    for (const day of ['2019-12-31', '2026-01-01', '2026-11-23', '2031-07-04']) {
      const chart = catalog.chartOn(day)
      expect(chart).toHaveLength(50)
      expect(new Set(chart).size).toBe(50)
      expect(chart.every((id) => catalog.track(id) !== undefined)).toBe(true)
    }
  })

  it('changes a little every day over a week: most tracks stay, some enter and leave, positions move', () => {
    const start = dayNumber('2026-11-20')
    const days = Array.from({ length: 8 }, (_, i) => catalog.chartOn(dayString(start + i)))
    for (let i = 1; i < days.length; i++) {
      const previous = new Set(days[i - 1])
      const shared = days[i]!.filter((id) => previous.has(id)).length
      expect(shared).toBeGreaterThanOrEqual(40)
      expect(shared).toBeLessThan(50)
    }
    const survivors = days[0]!.filter((id) => days[7]!.includes(id))
    expect(survivors.length).toBeGreaterThan(25)
    expect(survivors.some((id) => days[0]!.indexOf(id) !== days[7]!.indexOf(id))).toBe(true)
  })

  it('is mirrored by the demo user every day', () => {
    const mirror = catalog.playlistItemsOn(PLAYLIST_IDS.dailyMirror, '2026-05-05')
    expect(mirror.map((e) => (e.ref.type === 'track' ? e.ref.id : null))).toEqual(
      catalog.chartOn('2026-05-05'),
    )
  })
})

describe('user playlists', () => {
  const day = '2026-11-23'

  it('have 250+ items, among them a null item, a local file and an episode, and shared tracks', () => {
    const all = USER_PLAYLISTS.map((id) => catalog.playlistItemsOn(id, day))
    for (const items of all) expect(items.length).toBeGreaterThanOrEqual(250)
    const types = new Set(all.flat().map((e) => e.ref.type))
    expect(types).toEqual(new Set(['track', 'null', 'local', 'episode']))
    const trackSets = all.map(
      (items) => new Set(items.flatMap((e) => (e.ref.type === 'track' ? [e.ref.id] : []))),
    )
    const shared = [...trackSets[0]!].filter((id) => trackSets[1]!.has(id) && trackSets[2]!.has(id))
    expect(shared.length).toBeGreaterThan(0)
    expect(all[0]![0]!.addedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
  })

  it('grow slowly; snapshot_id changes exactly when the items do', () => {
    const id = PLAYLIST_IDS.nightDrive
    let changes = 0
    for (let n = dayNumber('2026-01-01'); n < dayNumber('2026-07-01'); n++) {
      const before = catalog.playlistItemsOn(id, dayString(n))
      const after = catalog.playlistItemsOn(id, dayString(n + 1))
      const same = JSON.stringify(before) === JSON.stringify(after)
      const sameSnapshot =
        catalog.snapshotIdOn(id, dayString(n)) === catalog.snapshotIdOn(id, dayString(n + 1))
      expect(sameSnapshot).toBe(same)
      if (!same) changes++
    }
    expect(changes).toBeGreaterThan(5)
    expect(changes).toBeLessThan(60)
  })
})
