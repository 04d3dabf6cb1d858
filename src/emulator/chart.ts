import { hashInts, Random, unitHash } from './prng.js'

/** How many tracks a chart day lists. */
export const CHART_SIZE = 50
/** New chart contenders released per day. */
const ENTRIES_PER_DAY = 3

/**
 * The daily Top 50 as a pure function of the day number: every day a few contenders are
 * "released"; each has a peak height, a rise time and a lifetime, and its score follows a smooth
 * rise-and-decay curve with a little per-day noise. The 50 best scores form the chart, so tracks
 * climb, fall, enter and drop out, and big hits stay for weeks. Works for any day, past or future.
 *
 * @example
 * const chart = new DailyChart(2026, candidateTrackIds)
 * chart.on(0) // 50 track ids for 2026-01-01, best first
 */
export class DailyChart {
  private readonly cache = new Map<number, readonly string[]>()
  private readonly order: readonly string[]
  /** A contender's run ends before its track comes round again, so a track never runs twice at once. */
  private readonly maxAge: number

  constructor(
    private readonly seed: number,
    candidates: readonly string[],
  ) {
    if (candidates.length < CHART_SIZE * 4)
      throw new RangeError('the chart needs at least 200 candidate tracks')
    const rng = new Random(hashInts(seed, 0xc4a7))
    const order = [...candidates]
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(0, i)
      ;[order[i], order[j]] = [order[j]!, order[i]!]
    }
    this.order = order
    this.maxAge = Math.floor(order.length / ENTRIES_PER_DAY) - 1
  }

  /** The chart of day `day` (days since 2026-01-01): 50 distinct track ids, position 1 first. */
  on(day: number): readonly string[] {
    const cached = this.cache.get(day)
    if (cached) return cached
    const best = new Map<string, number>()
    for (let release = day - this.maxAge; release <= day; release++) {
      for (let slot = 0; slot < ENTRIES_PER_DAY; slot++) {
        const trackId = this.contender(release * ENTRIES_PER_DAY + slot)
        const score = this.score(release, slot, day - release) * this.noise(release, slot, day)
        if (score > (best.get(trackId) ?? 0)) best.set(trackId, score)
      }
    }
    const chart = [...best.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, CHART_SIZE)
      .map(([trackId]) => trackId)
    this.cache.set(day, chart)
    return chart
  }

  /**
   * The track of contender number `n`: contenders walk round a fixed shuffle of the candidates, so
   * a track comes back (a re-entry) exactly one round later, after its previous run has ended.
   */
  private contender(n: number): string {
    const size = this.order.length
    return this.order[((n % size) + size) % size]!
  }

  /** Smooth rise-and-decay curve of one contender, `age` days after its release. */
  private score(release: number, slot: number, age: number): number {
    // Slot 0 is the day's big debut: it enters high and fast, so the chart changes every day.
    const debut = slot === 0
    const peak = debut
      ? 45 + 30 * unitHash(this.seed, release, slot, 1)
      : 10 + 90 * unitHash(this.seed, release, slot, 1) ** 3
    const riseDays = debut ? 0.5 : 1 + 8 * unitHash(this.seed, release, slot, 2)
    const lifetimeDays = 10 + 80 * unitHash(this.seed, release, slot, 3) ** 1.5
    return peak * (1 - Math.exp(-(age + 1) / riseDays)) * Math.exp(-age / lifetimeDays)
  }

  /** ±5% day-to-day wobble, so positions move even between quiet days. */
  private noise(release: number, slot: number, day: number): number {
    return 0.95 + 0.1 * unitHash(this.seed, release, slot, day + 1_000_000)
  }
}
