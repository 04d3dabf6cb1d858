import { describe, expect, it } from 'vitest'
import { syntheticCatalog } from '../emulator/catalog.js'
import { mbidOf } from './mbid.js'
import { OpenMusicCatalog, openMusicCatalog } from './open-catalog.js'

const open = openMusicCatalog(2026)
const tracks = open.spotify.tracks

describe('the open-music view of the synthetic catalog', () => {
  it('knows the ISRC of every track MusicBrainz is meant to know, with the track among its recordings', () => {
    for (const track of tracks) {
      const scenario = open.scenario(track.id)!
      const found = open.recordingsByIsrc(track.isrc) ?? []
      const own = found.find((r) => r.mbid === mbidOf(`recording:${track.id}`))
      if (scenario.startsWith('isrc-unknown') || scenario === 'not-in-musicbrainz')
        expect(own).toBeUndefined()
      else expect(own, track.id).toBeDefined()
    }
  })

  it('exercises each hard case on a share of the tracks', () => {
    const counts = new Map<string, number>()
    for (const track of tracks)
      counts.set(open.scenario(track.id)!, (counts.get(open.scenario(track.id)!) ?? 0) + 1)
    const share = (scenario: string) => (counts.get(scenario) ?? 0) / tracks.length
    expect(share('single')).toBeGreaterThan(0.7)
    for (const scenario of [
      'duplicate',
      'video',
      'live',
      'cover',
      'isrc-unknown',
      'isrc-unknown-merged-lookup',
    ]) {
      expect(share(scenario), scenario).toBeGreaterThan(0.01)
    }
    expect(share('not-in-musicbrainz')).toBeGreaterThan(0.005)
  })

  it('is the same for the same seed, and MBIDs are well-formed version-4 UUIDs', () => {
    const again = new OpenMusicCatalog(syntheticCatalog(2026))
    const sample = tracks.slice(0, 200).map((t) => JSON.stringify(again.recordingsByIsrc(t.isrc)))
    expect(sample).toEqual(tracks.slice(0, 200).map((t) => JSON.stringify(open.recordingsByIsrc(t.isrc))))
    expect(mbidOf('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('gives genres where Spotify gives none for some artists (open data fills gaps)', () => {
    const filled = open.spotify.artists.filter(
      (a) =>
        a.genres.length === 0 &&
        open.artist(open.artistMbidOf(a.id))!.tags.some((t) => open.genreMbid(t.name)),
    )
    expect(filled.length).toBeGreaterThan(5)
  })
})
