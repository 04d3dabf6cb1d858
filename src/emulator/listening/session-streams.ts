import type { SyntheticCatalog } from '../catalog.js'
import { PLAYLIST_IDS } from '../playlist-defs.js'
import type { Random } from '../prng.js'
import type { ListenerProfile } from './listener-profile.js'
import { type Device, PLATFORMS, type SessionKind } from './sessions.js'
import { chapterOn, episodeOn } from './spoken-word.js'
import type { PlayContext, Stream, StreamItem } from './stream.js'
import type { Taste } from './taste.js'

const EPOCH_MS = Date.UTC(2026, 0, 1)
const DAY_MS = 86_400_000
/** Exports give every row `skipped: false` until this day (NOTES.md §5). */
const SKIPPED_FLAG_FROM = Date.UTC(2022, 9, 17)
/** Current exports name platforms by family for plays since about this day. */
const PLATFORM_FAMILIES_FROM = Date.UTC(2023, 0, 1)

/** Who, where and how a session is played. */
export interface SessionSetting {
  day: number
  kind: SessionKind
  device: Device
  country: string
  ip: string
  incognito: boolean
  offline: boolean
}

/** What a session draws on: the listener model's seed, catalog, profile and taste. */
export interface SessionSource {
  seed: number
  catalog: SyntheticCatalog
  profile: ListenerProfile
  taste: Taste
}

type Next = () => StreamItem

/**
 * One listening session from `start`: a podcast or an audiobook chapter, or music (a playlist,
 * an album in order, or a mix of known artists) with skips, rapid skips, repeats and short
 * pauses, ended by a stop, a logout or the last track. Streams follow each other gaplessly
 * (`reason_start` is the previous `reason_end`); none ends after `dayEnd`.
 */
export function sessionStreams(
  source: SessionSource,
  rng: Random,
  setting: SessionSetting,
  start: number,
  dayEnd: number,
): Stream[] {
  const { day, kind } = setting
  if (kind === 'commute' && rng.chance(0.35)) {
    const episode = episodeOn(source.seed, rng, day, start < EPOCH_MS + day * DAY_MS + 12 * 3_600_000)
    return spoken(rng, setting, start, dayEnd, { kind: 'episode', episode }, episode.durationMs)
  }
  if (kind === 'evening' && rng.chance(0.05)) {
    const chapter = chapterOn(source.seed, day)
    return spoken(rng, setting, start, dayEnd, { kind: 'audiobook', chapter }, chapter.durationMs)
  }
  const { next, context, shuffle, count } = music(source, rng, setting)
  const out: Stream[] = []
  let t = start
  let reasonStart = setting.device === 'speaker' ? 'remote' : rng.pick(['clickrow', 'playbtn', 'appload'])
  let current: StreamItem | undefined
  let again: StreamItem | undefined
  let burst = 0
  for (let n = 0; n < count; n++) {
    const item = again ?? next()
    again = undefined
    const duration = durationOf(source.catalog, item)
    const roll = rng.next()
    let msPlayed = duration
    let reasonEnd = 'trackdone'
    if (n === count - 1) {
      reasonEnd = rng.pick(['endplay', 'trackdone', 'logout', 'endplay'])
      if (reasonEnd !== 'trackdone') msPlayed = rng.int(Math.min(40_000, duration), duration)
    } else if (burst > 0 || roll < 0.04) {
      burst = burst > 0 ? burst - 1 : rng.int(1, 3)
      reasonEnd = 'fwdbtn'
      msPlayed = rng.int(150, 1900)
    } else if (roll < 0.17) {
      reasonEnd = 'fwdbtn'
      msPlayed = rng.int(1500, 29_000)
    } else if (roll < 0.25) {
      reasonEnd = 'fwdbtn'
      msPlayed = rng.int(30_000, duration - 5000)
    } else if (roll < 0.27) {
      reasonEnd = 'backbtn'
      msPlayed = rng.int(2000, 25_000)
      again = current // the previous button: the track before plays again
    } else if (roll < 0.29) {
      again = item // repeat one: the same track again, one duration later
    }
    const endMs = t + msPlayed
    // After a logout Spotify writes `ts` late, paused time included (NOTES.md §2.3).
    const tsMs = reasonEnd === 'logout' ? endMs + rng.int(40_000, Math.max(40_000, msPlayed)) : endMs
    if (tsMs > dayEnd) break
    out.push(
      stream(setting, { startMs: t, endMs, tsMs, msPlayed, item, reasonStart, reasonEnd, shuffle, context }),
    )
    current = item
    t = endMs + (rng.chance(0.03) ? rng.int(60_000, 600_000) : 0)
    reasonStart = reasonEnd
  }
  return out
}

function music(
  source: SessionSource,
  rng: Random,
  setting: SessionSetting,
): { next: Next; context: PlayContext; shuffle: boolean; count: number } {
  const { taste, catalog, profile } = source
  const { day, kind } = setting
  const count = rng.int(profile.items[0], profile.items[1])
  const roll = rng.next()
  const playlist =
    kind === 'focus'
      ? PLAYLIST_IDS.focusFlow
      : kind === 'commute' && roll < 0.5
        ? PLAYLIST_IDS.dailyMirror
        : kind === 'evening' && roll < 0.35
          ? PLAYLIST_IDS.nightDrive
          : kind === 'weekend' && roll < 0.45
            ? PLAYLIST_IDS.weekendMix
            : undefined
  const tracks = playlist ? taste.playlistTracks(playlist, day) : undefined
  if (playlist && tracks) {
    const shuffle = rng.chance(0.7)
    let position = rng.int(0, tracks.length - 1)
    const next: Next = () => ({
      kind: 'track',
      trackId: shuffle ? rng.pick(tracks) : tracks[position++ % tracks.length]!,
    })
    return { next, context: { type: 'playlist', id: playlist }, shuffle, count }
  }
  const album = (kind === 'evening' || kind === 'weekend') && roll > 0.7 ? taste.album(rng, day) : undefined
  if (album) {
    let position = 0
    const next: Next = () => ({ kind: 'track', trackId: album.trackIds[position++ % album.trackIds.length]! })
    return {
      next,
      context: { type: 'album', id: album.id },
      shuffle: false,
      count: Math.min(count, album.trackIds.length),
    }
  }
  const next: Next = () =>
    rng.chance(0.015)
      ? { kind: 'local', local: rng.pick(catalog.localTracks) }
      : { kind: 'track', trackId: taste.track(rng, day) }
  return { next, context: null, shuffle: rng.chance(0.5), count }
}

/** A podcast episode or an audiobook chapter, partly or wholly heard, and once in a while a second one. */
function spoken(
  rng: Random,
  setting: SessionSetting,
  start: number,
  dayEnd: number,
  item: StreamItem,
  duration: number,
): Stream[] {
  const whole = rng.chance(0.35)
  const msPlayed = whole ? duration : rng.int(Math.min(240_000, duration), duration)
  const endMs = start + msPlayed
  if (endMs > dayEnd) return []
  return [
    stream(setting, {
      startMs: start,
      endMs,
      tsMs: endMs,
      msPlayed,
      item,
      reasonStart: rng.pick(['clickrow', 'playbtn']),
      reasonEnd: whole ? 'trackdone' : 'endplay',
      shuffle: false,
      context: null,
    }),
  ]
}

type Timing = Pick<
  Stream,
  'startMs' | 'endMs' | 'tsMs' | 'msPlayed' | 'item' | 'reasonStart' | 'reasonEnd' | 'shuffle' | 'context'
>

function stream(setting: SessionSetting, timing: Timing): Stream {
  return {
    startMs: timing.startMs,
    endMs: timing.endMs,
    tsMs: Math.floor(timing.tsMs / 1000) * 1000,
    msPlayed: timing.msPlayed,
    item: timing.item,
    reasonStart: timing.reasonStart,
    reasonEnd: timing.reasonEnd,
    shuffle: timing.shuffle,
    skipped: skippedFlag(timing.reasonEnd, timing.startMs),
    offline: timing.item.kind === 'audiobook' ? null : setting.offline,
    incognito: setting.incognito,
    video: false,
    platform: platformOf(setting.device, timing.startMs),
    country: setting.country,
    ip: setting.ip,
    context: timing.context,
  }
}

/** Spotify's `skipped` flag: a stream ended by the next or previous button, since mid-October 2022. */
export function skippedFlag(reasonEnd: string, startMs: number): boolean {
  return (reasonEnd === 'fwdbtn' || reasonEnd === 'backbtn') && startMs >= SKIPPED_FLAG_FROM
}

/** The platform string of a device at a time: a family name now, a device description before 2023. */
export function platformOf(device: Device, atMs: number): string {
  return atMs >= PLATFORM_FAMILIES_FROM ? PLATFORMS[device].now : PLATFORMS[device].before2023
}

function durationOf(catalog: SyntheticCatalog, item: StreamItem): number {
  if (item.kind === 'track') return catalog.track(item.trackId)!.durationMs
  if (item.kind === 'local') return item.local.durationMs
  return item.kind === 'episode' ? item.episode.durationMs : item.chapter.durationMs
}
