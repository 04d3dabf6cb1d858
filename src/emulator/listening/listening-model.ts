import type { SyntheticCatalog } from '../catalog.js'
import { PLAYLIST_IDS } from '../playlist-defs.js'
import { hashInts, Random, unitHash } from '../prng.js'
import { EVERYDAY_LISTENER, type ListenerProfile } from './listener-profile.js'
import { stockholmOffsetMs } from './local-time.js'
import { platformOf, type SessionSetting, sessionStreams, skippedFlag } from './session-streams.js'
import {
  ADDRESSES,
  type Device,
  FILL_ORDER,
  type SessionKind,
  type Slot,
  WEEKDAY_SLOTS,
  WEEKEND_SLOTS,
} from './sessions.js'
import { apiVisible, type Stream } from './stream.js'
import { Taste } from './taste.js'

const MINUTE_MS = 60_000
const DAY_MS = 86_400_000
const EPOCH_MS = Date.UTC(2026, 0, 1)
/** Two sessions are at least this far apart (a gap of 30 minutes or more ends a session). */
const SESSION_GAP_MS = 31 * MINUTE_MS
/** The share of days without any listening. */
const DAYS_OFF = 0.05
const TRIP_COUNTRIES = ['ES', 'DE', 'IT', 'PT', 'FR']
/** The device a session of each kind is played on: the usual one, another, and the usual one's share. */
const DEVICES: Readonly<Record<SessionKind, readonly [Device, Device, number]>> = {
  commute: ['phone', 'phone', 1],
  mix: ['phone', 'phone', 1],
  focus: ['desk', 'desk', 1],
  evening: ['speaker', 'laptop', 0.5],
  weekend: ['phone', 'speaker', 0.6],
}

/**
 * The synthetic listener's every stream, as a pure function of the day: sessions at the times of
 * their week (Stockholm time: commutes, focus at the desk, evenings, weekends), each of music
 * from their playlists, an album or a mix of the artists they know, with skips, rapid skips,
 * repeats, pauses and a stop at the end; podcasts on some commutes, audiobook chapters on some
 * evenings, the odd local file, private and offline sessions, a few music videos. The API's
 * recently-played lists the streams `apiVisible` accepts; the Extended streaming history export
 * holds them all.
 *
 * @example
 * const model = new ListeningModel(2026, catalog)
 * model.streamsOn(dayNumber('2026-03-01')) // oldest first; none crosses midnight UTC
 */
export class ListeningModel {
  readonly taste: Taste

  constructor(
    readonly seed: number,
    readonly catalog: SyntheticCatalog,
    readonly profile: ListenerProfile = EVERYDAY_LISTENER,
  ) {
    this.taste = new Taste(seed, catalog, [
      PLAYLIST_IDS.nightDrive,
      PLAYLIST_IDS.focusFlow,
      PLAYLIST_IDS.weekendMix,
      PLAYLIST_IDS.dailyMirror,
    ])
  }

  /** Every stream of day `day` (days since 2026-01-01), by start time; none on one day in twenty. */
  streamsOn(day: number): Stream[] {
    if (unitHash(this.seed, 0x0ff, day) < DAYS_OFF) return []
    const weekend = [0, 6].includes(new Date(EPOCH_MS + day * DAY_MS).getUTCDay())
    const slots = weekend ? WEEKEND_SLOTS : WEEKDAY_SLOTS
    const rng = new Random(hashInts(this.seed, 0x57e4, day))
    const active = slots.map((s) => rng.chance(Math.min(1, s.chance * this.profile.activity)))
    let streams = this.build(day, slots, active)
    const bounds = this.profile.apiPlays
    if (!bounds) return streams
    for (const index of FILL_ORDER[weekend ? 'weekend' : 'weekday']) {
      if (streams.filter(apiVisible).length >= bounds[0]) break
      if (active[index]) continue
      active[index] = true
      streams = this.build(day, slots, active)
    }
    return capApiPlays(streams, bounds[1])
  }

  private build(day: number, slots: readonly Slot[], active: readonly boolean[]): Stream[] {
    const dayStart = EPOCH_MS + day * DAY_MS
    const dayEnd = dayStart + DAY_MS - 1000
    const localMidnight = dayStart - stockholmOffsetMs(dayStart + DAY_MS / 2)
    const country = this.countryOn(day)
    const out: Stream[] = []
    let free = dayStart
    slots.forEach((slot, index) => {
      if (!active[index]) return
      const rng = new Random(hashInts(this.seed, 0x5e55, day, index))
      const planned = localMidnight + slot.from * MINUTE_MS + rng.int(0, (slot.to - slot.from) * MINUTE_MS)
      const start = Math.max(planned, free)
      if (start >= dayEnd) return
      const session = sessionStreams(this, rng, this.setting(rng, day, slot.kind, country), start, dayEnd)
      out.push(...session)
      const last = session.at(-1)
      if (last) free = Math.max(last.endMs, last.tsMs) + SESSION_GAP_MS
    })
    out.push(...this.videos(day, out.at(-1), dayEnd, country))
    return out
  }

  private setting(rng: Random, day: number, kind: SessionKind, country: string): SessionSetting {
    const [usual, other, share] = DEVICES[kind]
    const device = rng.chance(share) ? usual : other
    const away = country !== 'SE' || (device === 'phone' && kind !== 'weekend')
    const home = rng.chance(0.3) ? ADDRESSES.homeV6 : ADDRESSES.home
    return {
      day,
      kind,
      device,
      country,
      ip: away
        ? `${ADDRESSES.mobile}${20 + (((day % 200) + 200) % 200)}`
        : device === 'desk'
          ? ADDRESSES.work
          : home,
      incognito: rng.chance(0.03),
      offline: device === 'phone' && kind === 'commute' && rng.chance(0.15),
    }
  }

  /** A summer trip of nine days each year, somewhere in Europe; at home in Sweden otherwise. */
  private countryOn(day: number): string {
    const year = new Date(EPOCH_MS + day * DAY_MS).getUTCFullYear()
    const tripStart =
      Math.round((Date.UTC(year, 6, 1) - EPOCH_MS) / DAY_MS) + (hashInts(this.seed, year) % 40)
    if (day < tripStart || day >= tripStart + 9) return 'SE'
    return TRIP_COUNTRIES[hashInts(this.seed, year, 1) % TRIP_COUNTRIES.length]!
  }

  /** On some days one or two music videos watched briefly after the last session (the export's Video file). */
  private videos(day: number, last: Stream | undefined, dayEnd: number, country: string): Stream[] {
    const rng = new Random(hashInts(this.seed, 0x71de0, day))
    if (!last || !rng.chance(0.08)) return []
    const out: Stream[] = []
    let start = Math.max(last.endMs, last.tsMs) + rng.int(MINUTE_MS, 5 * MINUTE_MS)
    for (let n = rng.int(1, 2); n > 0; n--) {
      const msPlayed = rng.int(3000, 25_000)
      const endMs = start + msPlayed
      if (endMs > dayEnd) break
      const reasonEnd = n > 1 ? 'fwdbtn' : 'endplay'
      out.push({
        startMs: start,
        endMs,
        tsMs: Math.floor(endMs / 1000) * 1000,
        msPlayed,
        item: { kind: 'track', trackId: this.taste.track(rng, day) },
        reasonStart: 'clickrow',
        reasonEnd,
        shuffle: false,
        skipped: skippedFlag(reasonEnd, start),
        offline: false,
        incognito: false,
        video: true,
        platform: platformOf('phone', start),
        country,
        ip: '198.51.100.20',
        context: null,
      })
      start = endMs
    }
    return out
  }
}

/** The day's streams up to its `max`-th the API lists (a lighter listener keeps the 50-play window). */
function capApiPlays(streams: Stream[], max: number): Stream[] {
  let seen = 0
  const index = streams.findIndex((s) => apiVisible(s) && ++seen > max)
  return index < 0 ? streams : streams.slice(0, index)
}
