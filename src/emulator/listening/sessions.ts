/** The listener's week: when sessions may start (Stockholm time) and what they tend to be. */

export type SessionKind = 'commute' | 'focus' | 'mix' | 'evening' | 'weekend'

export interface Slot {
  /** Earliest and latest start, minutes after local midnight. */
  from: number
  to: number
  /** Chance of a session in this slot on a given day (times the profile's activity, at most 1). */
  chance: number
  kind: SessionKind
}

const at = (hours: number, minutes = 0) => hours * 60 + minutes

export const WEEKDAY_SLOTS: readonly Slot[] = [
  { from: at(7, 5), to: at(7, 40), chance: 0.7, kind: 'commute' },
  { from: at(9, 15), to: at(10, 30), chance: 0.35, kind: 'focus' },
  { from: at(12, 0), to: at(12, 40), chance: 0.2, kind: 'mix' },
  { from: at(14, 0), to: at(15, 30), chance: 0.3, kind: 'focus' },
  { from: at(17, 5), to: at(17, 40), chance: 0.55, kind: 'commute' },
  { from: at(19, 30), to: at(21, 30), chance: 0.6, kind: 'evening' },
  { from: at(22, 30), to: at(23, 10), chance: 0.2, kind: 'evening' },
]

export const WEEKEND_SLOTS: readonly Slot[] = [
  { from: at(9, 30), to: at(11, 30), chance: 0.5, kind: 'weekend' },
  { from: at(13, 30), to: at(16, 0), chance: 0.45, kind: 'weekend' },
  { from: at(19, 0), to: at(21, 0), chance: 0.55, kind: 'evening' },
  { from: at(22, 30), to: at(23, 30), chance: 0.35, kind: 'evening' },
]

/** The order in which slots are added on a day with too few plays: evenings first. */
export const FILL_ORDER: Readonly<Record<'weekday' | 'weekend', readonly number[]>> = {
  weekday: [5, 0, 4, 3, 1, 2, 6],
  weekend: [2, 0, 1, 3],
}

/** Platforms by device, as current exports name them and as exports named them before 2023. */
export const PLATFORMS = {
  phone: { now: 'android', before2023: 'Android OS 11 API 30 (OnePlus, GM1913)' },
  desk: { now: 'windows', before2023: 'Windows 10 (10.0.19042; x64)' },
  laptop: { now: 'osx', before2023: 'OS X 10.15.7 [x86 8]' },
  speaker: { now: 'cast', before2023: 'Partner google cast_tv;Chromecast;;' },
} as const

export type Device = keyof typeof PLATFORMS

/** Addresses from the documentation ranges (RFC 5737, RFC 3849): clearly not anyone's. */
export const ADDRESSES = {
  home: '192.0.2.10',
  homeV6: '2001:db8:4a1:7c00::1f',
  work: '192.0.2.77',
  mobile: '198.51.100.',
} as const
