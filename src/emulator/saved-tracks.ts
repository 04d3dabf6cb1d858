import type { SyntheticCatalog } from './catalog.js'
import { timestampOn } from './days.js'
import { PLAYLIST_IDS } from './playlist-defs.js'
import { hashInts, Random } from './prng.js'

/** One track in the demo user's library ("Liked Songs"). */
export interface SavedTrack {
  addedAt: string
  trackId: string
}

/** The day daily saves start; before it the library holds only its initial 140 tracks. */
const FIRST_DAILY_DAY = -60
const INITIAL_COUNT = 140

/**
 * The demo user's saved tracks as a function of the day: an initial library, then on about
 * half of the days one or two more tracks saved (never one already saved).
 *
 * @example
 * const saved = new SavedTracks(2026, catalog)
 * saved.on(dayNumber('2026-03-01')) // newest first, like GET /me/tracks
 */
export class SavedTracks {
  /** Every save in `added_at` order; `countAfterDay[i]` saves exist by the end of day FIRST_DAILY_DAY + i. */
  private readonly saves: SavedTrack[] = []
  private readonly countAfterDay: number[] = []
  private readonly saved = new Set<string>()
  private readonly pool: readonly string[]

  constructor(
    private readonly seed: number,
    catalog: SyntheticCatalog,
  ) {
    // People save what they listen to: the tracks of their own playlists and of the charts.
    const pool = new Set<string>(catalog.chartCandidates)
    for (const id of [PLAYLIST_IDS.nightDrive, PLAYLIST_IDS.focusFlow, PLAYLIST_IDS.weekendMix]) {
      for (const entry of catalog.playlistItemsOn(id, '2026-01-01')) {
        if (entry.ref.type === 'track') pool.add(entry.ref.id)
      }
    }
    this.pool = [...pool]
    const rng = new Random(hashInts(seed, 0x5a7e))
    const times: number[] = []
    for (let i = 0; i < INITIAL_COUNT; i++) times.push(rng.int(0, 400 * 86_400_000 - 1))
    times.sort((a, b) => a - b)
    for (const ms of times) this.add(rng, FIRST_DAILY_DAY - 401, ms)
  }

  /** The library by the end of `day`, newest first. */
  on(day: number): SavedTrack[] {
    const index = day - FIRST_DAILY_DAY
    const count = index < 0 ? INITIAL_COUNT : this.countBy(index)
    return this.saves.slice(0, count).reverse()
  }

  private countBy(index: number): number {
    while (this.countAfterDay.length <= index) {
      const day = FIRST_DAILY_DAY + this.countAfterDay.length
      const rng = new Random(hashInts(this.seed, 0x5a7f, day))
      if (rng.chance(0.5)) {
        let ms = rng.int(8 * 3_600_000, 12 * 3_600_000)
        for (let n = rng.int(1, 2); n > 0; n--) {
          this.add(rng, day, ms)
          ms += rng.int(60_000, 6 * 3_600_000)
        }
      }
      this.countAfterDay.push(this.saves.length)
    }
    return this.countAfterDay[index]!
  }

  private add(rng: Random, day: number, msIntoDay: number): void {
    let id = rng.pick(this.pool)
    while (this.saved.has(id)) id = rng.pick(this.pool)
    this.saved.add(id)
    // Spotify's added_at for saved tracks has second precision.
    this.saves.push({ addedAt: timestampOn(day, msIntoDay).replace(/\.\d{3}Z$/, 'Z'), trackId: id })
  }
}
