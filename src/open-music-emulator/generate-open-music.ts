import type { SyntheticCatalog } from '../emulator/catalog.js'
import type { AlbumModel, ArtistModel, TrackModel } from '../emulator/model.js'
import { GENRES } from '../emulator/names.js'
import { hashString, unitHash } from '../emulator/prng.js'
import { mbidOf } from './mbid.js'
import type { CountsModel, MbArtistModel, MbRecordingModel, TagModel, TrackScenario } from './open-model.js'

/** Genres MusicBrainz lists besides the synthetic catalog's own (a sample of its real list). */
const MORE_GENRES = [
  'alternative rock',
  'blues',
  'classical',
  'country',
  'disco',
  'electronic',
  'folk',
  'funk',
  'jazz',
  'metal',
  'pop',
  'punk',
  'r&b',
  'reggae',
  'rock',
  'soul',
  'trip hop',
]
/** Tags that are not genres: moods, eras, descriptions. */
const OTHER_TAGS = [
  'summer',
  'melancholic',
  'female vocalist',
  'seen live',
  '2010s',
  'catchy',
  'night',
  'love',
]

/** Every genre name of the emulated MusicBrainz, alphabetical (as `/genre/all?fmt=txt` lists them). */
export const GENRE_NAMES: readonly string[] = [...new Set([...GENRES, ...MORE_GENRES])].sort()

export interface OpenMusicData {
  artists: Map<string, MbArtistModel>
  recordings: Map<string, MbRecordingModel>
  byIsrc: Map<string, MbRecordingModel[]>
  /** Old MBID -> the MBID it was merged into (recordings and artists). */
  merged: Map<string, string>
  /** Recording lookups by name: normalised `artist credit|title` -> the MBID ListenBrainz answers. */
  byName: Map<string, string>
  releaseGroupTags: Map<string, TagModel[]>
  scenarios: Map<string, TrackScenario>
}

/**
 * What MusicBrainz and ListenBrainz know about a synthetic catalog: every Spotify artist is a
 * MusicBrainz artist, every track a recording with the track's ISRC, and a deterministic share of
 * tracks exercise the hard cases (NOTES.md 4.3): duplicate recordings of one ISRC, music videos,
 * live takes, covers sharing the ISRC, ISRCs MusicBrainz does not know (found by name through
 * ListenBrainz, sometimes under a merged MBID), and tracks neither service knows.
 */
export function generateOpenMusic(catalog: SyntheticCatalog): OpenMusicData {
  const seed = catalog.seed
  const data: OpenMusicData = {
    artists: new Map(),
    recordings: new Map(),
    byIsrc: new Map(),
    merged: new Map(),
    byName: new Map(),
    releaseGroupTags: new Map(),
    scenarios: new Map(),
  }
  const dice = (id: string, salt: number) => unitHash(seed, hashString(id), salt)
  const artistOf = new Map<string, MbArtistModel>()
  for (const artist of catalog.artists) {
    const model = mbArtist(artist, dice)
    artistOf.set(artist.id, model)
    data.artists.set(model.mbid, model)
    if (dice(artist.id, 9) < 0.03) data.merged.set(mbidOf(`artist-old:${artist.id}`), model.mbid)
  }
  for (const album of catalog.albums) {
    const lead = catalog.artist(album.artistIds[0]!)
    if (lead && dice(album.id, 1) < 0.6) {
      data.releaseGroupTags.set(mbidOf(`release-group:${album.id}`), genreTags(lead, dice, album.id, 2, 6))
    }
  }
  for (const track of catalog.tracks) {
    const album = catalog.album(track.albumId)!
    const credit = track.artistIds.map((id, i) => ({
      artistMbid: artistOf.get(id)!.mbid,
      name: artistOf.get(id)!.name,
      joinphrase: i === track.artistIds.length - 1 ? '' : i === track.artistIds.length - 2 ? ' & ' : ', ',
    }))
    const first = catalog.artist(track.artistIds[0]!)!
    const main = recording(track, album, credit, `recording:${track.id}`, dice)
    main.tags = dice(track.id, 2) < 0.55 ? recordingTags(first, dice, track.id) : []
    main.counts = trackCounts(track, dice)
    const scenario = scenarioOf(dice(track.id, 3))
    data.scenarios.set(track.id, scenario)
    const extras = extraRecordings(scenario, main, track, album, dice, catalog, artistOf)
    for (const r of [main, ...extras]) data.recordings.set(r.mbid, r)
    const known =
      scenario.startsWith('isrc-unknown') || scenario === 'not-in-musicbrainz' ? [] : [main, ...extras]
    if (known.length > 0) data.byIsrc.set(track.isrc, [...(data.byIsrc.get(track.isrc) ?? []), ...known])
    if (scenario === 'not-in-musicbrainz') {
      data.recordings.delete(main.mbid)
      continue
    }
    const answer = scenario === 'isrc-unknown-merged-lookup' ? mbidOf(`recording-old:${track.id}`) : main.mbid
    if (answer !== main.mbid) data.merged.set(answer, main.mbid)
    data.byName.set(nameKey(creditName(credit), main.title), answer)
  }
  return data
}

function scenarioOf(roll: number): TrackScenario {
  if (roll < 0.015) return 'not-in-musicbrainz'
  if (roll < 0.035) return 'isrc-unknown-merged-lookup'
  if (roll < 0.06) return 'isrc-unknown'
  if (roll < 0.16) return 'duplicate'
  if (roll < 0.19) return 'video'
  if (roll < 0.22) return 'live'
  if (roll < 0.24) return 'cover'
  return 'single'
}

type Dice = (id: string, salt: number) => number

function mbArtist(artist: ArtistModel, dice: Dice): MbArtistModel {
  const roll = dice(artist.id, 4)
  // A few names differ from Spotify's: case and punctuation, full-width letters (NFKC folds
  // both back), or another name altogether (no match: a low-confidence choice).
  const name =
    roll < 0.03
      ? `${artist.name.toUpperCase()}.`
      : roll < 0.04
        ? fullWidth(artist.name)
        : roll < 0.05
          ? `${artist.name} Ensemble`
          : artist.name
  const users =
    dice(artist.id, 5) < 0.03
      ? null
      : Math.max(1, Math.round((artist.followers / 20) * (0.5 + dice(artist.id, 6))))
  const tags: TagModel[] = artist.genres.map((name, i) => ({
    name,
    count: 2 + Math.floor(dice(artist.id, 20 + i) * 15),
  }))
  // Half the artists Spotify gives no genre have one in MusicBrainz: open data fills gaps.
  if (artist.genres.length === 0 && dice(artist.id, 7) < 0.5) {
    tags.push({ name: pick(MORE_GENRES, dice(artist.id, 8)), count: 1 + Math.floor(dice(artist.id, 10) * 4) })
  }
  if (dice(artist.id, 11) < 0.3) {
    const extra = pick(GENRE_NAMES, dice(artist.id, 12))
    if (!tags.some((t) => t.name === extra))
      tags.push({ name: extra, count: 1 + Math.floor(dice(artist.id, 13) * 3) })
  }
  if (dice(artist.id, 14) < 0.6) {
    tags.push({ name: pick(OTHER_TAGS, dice(artist.id, 15)), count: 1 + Math.floor(dice(artist.id, 16) * 4) })
  }
  return {
    mbid: mbidOf(`artist:${artist.id}`),
    name,
    sortName: sortName(name),
    type: name.includes(' ') && dice(artist.id, 17) < 0.5 ? 'Group' : 'Person',
    country:
      dice(artist.id, 18) < 0.2
        ? null
        : pick(['US', 'GB', 'SE', 'DE', 'FR', 'JP', 'KR', 'NG', 'BR'], dice(artist.id, 19)),
    tags: byName(tags),
    counts:
      users === null
        ? { listens: null, users: null }
        : { listens: Math.round(users * (10 + 40 * dice(artist.id, 30))), users },
    spotifyId: artist.id,
  }
}

function recording(
  track: TrackModel,
  album: AlbumModel,
  credit: MbRecordingModel['credit'],
  key: string,
  dice: Dice,
): MbRecordingModel {
  const year =
    /^\d{4}/.test(album.releaseDate) && album.releaseDate !== '0000' ? album.releaseDate : undefined
  return {
    mbid: mbidOf(key),
    title: track.name,
    length: dice(key, 40) < 0.03 ? null : track.durationMs + Math.round((dice(key, 41) - 0.5) * 1500),
    disambiguation: '',
    video: false,
    ...(year && { firstReleaseDate: year }),
    credit,
    tags: [],
    isrcs: [track.isrc],
    release: {
      mbid: mbidOf(`release:${album.id}`),
      name: album.name,
      year: year ? Number(year.slice(0, 4)) : null,
      releaseGroupMbid: mbidOf(`release-group:${album.id}`),
    },
    counts: { listens: null, users: null },
    inListenBrainz: dice(key, 42) >= 0.02,
    spotifyTrackId: track.id,
  }
}

/** The other recordings an ISRC lookup returns besides the track's own. */
function extraRecordings(
  scenario: TrackScenario,
  main: MbRecordingModel,
  track: TrackModel,
  album: AlbumModel,
  dice: Dice,
  catalog: SyntheticCatalog,
  artistOf: Map<string, MbArtistModel>,
): MbRecordingModel[] {
  const other = (suffix: string, changes: Partial<MbRecordingModel>): MbRecordingModel => ({
    ...recording(track, album, main.credit, `recording-${suffix}:${track.id}`, dice),
    ...changes,
  })
  switch (scenario) {
    case 'duplicate': {
      // One performance entered twice: listens split across both, tags on either.
      const { listens, users } = main.counts
      const share = (n: number | null, part: number) => (n === null ? null : Math.round(n * part))
      const dup = other('dup', {
        title: main.title.replace(/\b\w/g, (c) => c.toLowerCase()).replace(/^./, (c) => c.toUpperCase()),
        length: main.length === null ? null : main.length + 93,
        firstReleaseDate: String(1990 + Math.floor(dice(track.id, 43) * 30)),
        tags: main.tags.length > 0 ? [main.tags[0]!] : [],
        counts: { listens: share(listens, 0.25), users: share(users, 0.25) },
      })
      main.counts = { listens: share(listens, 0.75), users: share(users, 0.75) }
      return [dup]
    }
    case 'video':
      return [other('video', { video: true, counts: scaled(main.counts, 0.1) })]
    case 'live':
      // Half of the live takes last about as long as the studio one: the disambiguation decides.
      return [
        other('live', {
          disambiguation: `live, ${1995 + Math.floor(dice(track.id, 44) * 30)}: Roskilde Festival`,
          length: main.length === null ? null : main.length + (dice(track.id, 45) < 0.5 ? 1_200 : 35_000),
          counts: scaled(main.counts, 0.05),
        }),
      ]
    case 'cover': {
      const coverer = catalog.artists[Math.floor(dice(track.id, 46) * (catalog.artists.length - 1))]!
      const mb = artistOf.get(coverer.id)!
      return [
        other('cover', {
          credit: [{ artistMbid: mb.mbid, name: mb.name, joinphrase: '' }],
          counts: scaled(main.counts, 0.2),
        }),
      ]
    }
    default:
      return []
  }
}

function trackCounts(track: TrackModel, dice: Dice): CountsModel {
  if (dice(track.id, 47) < 0.04) return { listens: null, users: null }
  const users = Math.max(1, Math.round(3 * 10 ** (track.popularity / 25) * (0.6 + 0.8 * dice(track.id, 48))))
  return { listens: users * (3 + Math.floor(dice(track.id, 49) * 25)), users }
}

function scaled(counts: CountsModel, part: number): CountsModel {
  if (counts.users === null || counts.listens === null) return { listens: null, users: null }
  return {
    listens: Math.max(1, Math.round(counts.listens * part)),
    users: Math.max(1, Math.round(counts.users * part)),
  }
}

function recordingTags(artist: ArtistModel, dice: Dice, id: string): TagModel[] {
  const tags = genreTags(artist, dice, id, 1, 3).slice(0, 2)
  if (dice(id, 50) < 0.4)
    tags.push({ name: pick(OTHER_TAGS, dice(id, 51)), count: 1 + Math.floor(dice(id, 52) * 3) })
  return byName(dedupe(tags))
}

function genreTags(artist: ArtistModel, dice: Dice, id: string, min: number, max: number): TagModel[] {
  return byName(
    artist.genres.map((name, i) => ({ name, count: min + Math.floor(dice(id, 60 + i) * (max - min + 1)) })),
  )
}

/** How MusicBrainz writes an artist credit: each name, then its join phrase. */
export function creditName(credit: readonly { name: string; joinphrase: string }[]): string {
  return credit.map((c) => c.name + c.joinphrase).join('')
}

/**
 * ListenBrainz's exact lookups compare names without case, accents' width, spaces or punctuation
 * (its "combined lookup" key); `A & B` and `A, B` are the same credit.
 */
export function nameKey(artistCredit: string, recording: string): string {
  const fold = (text: string) =>
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '')
  return `${fold(artistCredit)}|${fold(recording)}`
}

function fullWidth(text: string): string {
  return text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
}

function sortName(name: string): string {
  const words = name.split(' ')
  return words.length === 2 && !name.startsWith('The ') ? `${words[1]}, ${words[0]}` : name
}

function pick<T>(items: readonly T[], roll: number): T {
  return items[Math.min(items.length - 1, Math.floor(roll * items.length))]!
}

function dedupe(tags: TagModel[]): TagModel[] {
  return [...new Map(tags.map((t) => [t.name, t])).values()]
}

function byName(tags: TagModel[]): TagModel[] {
  return dedupe(tags).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}
