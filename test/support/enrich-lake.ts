import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { writeSyntheticTracks } from '../../src/bench/synthetic-tracks.js'
import { FsObjectStore } from '../../src/lake/stores/fs.js'
import type { OpenMusicCatalog, TrackScenario } from '../../src/open-music-emulator/index.js'

/**
 * The synthetic catalog's tracks a test enriches: `perScenario` of each hard case of the
 * open-music emulator (several recordings per ISRC, videos, live takes, covers, ISRCs MusicBrainz
 * does not know, merged MBIDs found by names, tracks no service knows) plus plain ones, and
 * `withoutIsrc` tracks whose ISRC the lake lacks.
 */
export function enrichTrackIds(
  open: OpenMusicCatalog,
  options: { perScenario?: number; plain?: number } = {},
): string[] {
  const want = options.perScenario ?? 2
  const picked = new Map<TrackScenario, string[]>()
  for (const track of open.spotify.tracks) {
    const scenario = open.scenario(track.id) ?? 'single'
    const list = picked.get(scenario) ?? []
    if (list.length < (scenario === 'single' ? (options.plain ?? want) : want)) list.push(track.id)
    picked.set(scenario, list)
  }
  return [...picked.values()].flat().sort()
}

/** A lake folder holding only the tracks tables of the given synthetic tracks (writeSyntheticTracks). */
export async function enrichLake(
  trackIds: readonly string[],
  options: { noIsrc?: readonly string[]; seed?: number; date?: string } = {},
): Promise<{ dir: string; store: FsObjectStore }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tunelake-enrich-'))
  const store = new FsObjectStore(dir)
  await writeSyntheticTracks(store, trackIds, options)
  return { dir, store }
}
