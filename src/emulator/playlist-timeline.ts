import { timestampOn } from './days.js'
import type { PlaylistEntry, PlaylistItemRef } from './model.js'
import { hashInts, Random } from './prng.js'

/** How a user playlist starts and evolves. Days are day numbers (days since 2026-01-01). */
export interface TimelineSpec {
  /** Distinguishes the random streams of different playlists. */
  key: number
  ownerId: string
  /** The day the playlist got its initial items (their `added_at` lie in the ~2 years before). */
  createdDay: number
  initialCount: number
  /** Per day: chance that 1-3 tracks are appended, and that one track is removed. */
  addChance: number
  removeChance: number
  /** Track ids this playlist draws from. */
  pool: readonly string[]
  /** Track ids shared with other playlists; a few are always in the initial items. */
  shared: readonly string[]
  /** Items placed at fixed positions of the initial list (null items, local files, episodes). */
  specials: readonly { at: number; ref: PlaylistItemRef }[]
}

const MS_PER_DAY = 86_400_000

/**
 * The items of one user playlist on any day: an initial list, then a deterministic stream of daily
 * events (a few tracks appended on some days, occasionally one removed). Days are computed once and
 * kept; a day without events shares the previous day's array, so identity means "unchanged".
 */
export class PlaylistTimeline {
  private readonly states: (readonly PlaylistEntry[])[] = []

  constructor(
    private readonly seed: number,
    private readonly spec: TimelineSpec,
  ) {}

  /** The ordered items on day `day`; empty before the playlist was created. */
  on(day: number): readonly PlaylistEntry[] {
    const index = day - this.spec.createdDay
    if (index < 0) return []
    if (this.states.length === 0) this.states.push(this.initial())
    while (this.states.length <= index) {
      const previous = this.states[this.states.length - 1]!
      this.states.push(this.evolve(previous, this.spec.createdDay + this.states.length))
    }
    return this.states[index]!
  }

  private initial(): readonly PlaylistEntry[] {
    const { spec } = this
    const rng = new Random(hashInts(this.seed, spec.key, 0x1417))
    const sharedSlots = new Map([
      [5, spec.shared[0]],
      [60, spec.shared[1]],
      [150, spec.shared[2]],
    ])
    const chosen = new Set<string>([...sharedSlots.values()].filter((id) => id !== undefined))
    const refs: PlaylistItemRef[] = []
    for (let i = 0; i < spec.initialCount; i++) {
      const special = spec.specials.find((s) => s.at === i)
      if (special) {
        refs.push(special.ref)
        continue
      }
      const id = sharedSlots.get(i) ?? this.draw(rng, chosen)
      chosen.add(id)
      refs.push({ type: 'track', id })
    }
    const start = (spec.createdDay - 700) * MS_PER_DAY
    const times = refs.map(() => start + Math.floor(rng.next() * 700 * MS_PER_DAY)).sort((a, b) => a - b)
    return refs.map((ref, i) => ({ addedAt: timestampOn(0, times[i]!), addedBy: spec.ownerId, ref }))
  }

  private evolve(previous: readonly PlaylistEntry[], day: number): readonly PlaylistEntry[] {
    const rng = new Random(hashInts(this.seed, this.spec.key, day))
    let next: PlaylistEntry[] | undefined
    if (rng.chance(this.spec.removeChance) && previous.length > 0) {
      const victim = rng.int(0, previous.length - 1)
      if (previous[victim]?.ref.type === 'track') next = previous.filter((_, i) => i !== victim)
    }
    if (rng.chance(this.spec.addChance)) {
      next ??= [...previous]
      const present = new Set(next.flatMap((e) => (e.ref.type === 'track' ? [e.ref.id] : [])))
      const count = rng.int(1, 3)
      let ms = rng.int(7 * 3_600_000, 20 * 3_600_000)
      for (let i = 0; i < count; i++) {
        const id = this.draw(rng, present)
        present.add(id)
        ms += rng.int(20_000, 900_000)
        next.push({ addedAt: timestampOn(day, ms), addedBy: this.spec.ownerId, ref: { type: 'track', id } })
      }
    }
    return next ?? previous
  }

  /** A track not yet in the playlist: usually from the pool, sometimes a shared favourite. */
  private draw(rng: Random, present: Set<string>): string {
    for (let attempt = 0; attempt < 20; attempt++) {
      const source = rng.chance(0.08) ? this.spec.shared : this.spec.pool
      const id = rng.pick(source)
      if (!present.has(id)) return id
    }
    return rng.pick(this.spec.pool)
  }
}
