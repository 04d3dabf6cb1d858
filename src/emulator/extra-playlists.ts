import type { SyntheticCatalog } from './catalog.js'
import { dayNumber } from './days.js'
import { randomBase62 } from './ids.js'
import type { PlaylistEntry, PlaylistInfo } from './model.js'
import { DEMO_USER } from './playlist-defs.js'
import { PlaylistTimeline } from './playlist-timeline.js'
import { hashInts, Random } from './prng.js'

const NAMES = ['Crate', 'Rotation', 'Shelf', 'Stash', 'Tape', 'Batch', 'Side', 'Reel']

/**
 * Further playlists of the demo user (option `extraPlaylists`), so benchmarks can measure a
 * library of 100+ playlists: 20 to 120 tracks each, evolving slowly like the others.
 *
 * @example
 * const extra = new ExtraPlaylists(2026, catalog, 100)
 * extra.infos[0] // { id, name: 'Crate 1', owner: DEMO_USER, kind: 'user', ... }
 */
export class ExtraPlaylists {
  readonly infos: readonly PlaylistInfo[]
  private readonly timelines = new Map<string, PlaylistTimeline>()

  constructor(seed: number, catalog: SyntheticCatalog, count: number) {
    const infos: PlaylistInfo[] = []
    const pool = catalog.tracks.map((t) => t.id)
    for (let i = 0; i < count; i++) {
      const rng = new Random(hashInts(seed, 0xe7a, i))
      const id = randomBase62(rng)
      infos.push({
        id,
        name: `${NAMES[i % NAMES.length]} ${i + 1}`,
        description: null,
        owner: DEMO_USER,
        kind: 'user',
        followers: rng.int(0, 20),
        public: rng.chance(0.7),
      })
      const timeline = new PlaylistTimeline(seed, {
        key: 100 + i,
        ownerId: DEMO_USER.id,
        createdDay: -200 + rng.int(0, 100),
        initialCount: rng.int(20, 120),
        addChance: 0.03,
        removeChance: 0.02,
        pool,
        shared: catalog.chartCandidates,
        specials: [],
      })
      this.timelines.set(id, timeline)
    }
    this.infos = infos
  }

  has(id: string): boolean {
    return this.timelines.has(id)
  }

  itemsOn(id: string, day: string): readonly PlaylistEntry[] {
    const timeline = this.timelines.get(id)
    if (!timeline) throw new RangeError(`unknown playlist id: ${id}`)
    return timeline.on(dayNumber(day))
  }
}
