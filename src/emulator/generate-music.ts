import { isBase62Id, randomBase62, randomHex } from './ids.js'
import type { AlbumModel, AlbumType, ArtistModel, ReleaseDatePrecision, TrackModel } from './model.js'
import {
  albumTitle,
  artistName,
  GENRES,
  ISRC_COUNTRIES,
  LABELS,
  MARKETS,
  REGIONAL_MARKETS,
  trackTitle,
} from './names.js'
import { hashInts, Random } from './prng.js'

/** Spotify's real id of the "Various Artists" pseudo-artist. */
export const VARIOUS_ARTISTS_ID = '0LyfQWJT6nXafLPZqxe9Of'

/** The generated artists, albums and tracks of one seed. */
export interface MusicData {
  artists: ArtistModel[]
  albums: AlbumModel[]
  tracks: TrackModel[]
}

const ARTIST_COUNT = 420
const MIN_ALBUMS = 820
/** The album (by index) whose release date is "0000", as real Spotify data sometimes has. */
const ZERO_DATE_ALBUM = 13

/** Generates the music part of the synthetic catalog; same seed, same data. */
export function generateMusic(seed: number): MusicData {
  const gen = new MusicGenerator(new Random(hashInts(seed, 1)))
  return gen.run()
}

class MusicGenerator {
  private readonly ids = new Set<string>([VARIOUS_ARTISTS_ID])
  private readonly artists: ArtistModel[] = []
  private readonly albums: AlbumModel[] = []
  private readonly tracks: TrackModel[] = []
  private readonly registrants = new Map<string, string>()

  constructor(private readonly rng: Random) {}

  run(): MusicData {
    const names = new Set<string>(['Various Artists'])
    for (let i = 0; i < ARTIST_COUNT; i++)
      this.artists.push(this.artist(this.newId(), artistName(this.rng, names)))
    const various = this.artist(VARIOUS_ARTISTS_ID, 'Various Artists')
    various.genres = []
    for (const artist of this.artists) {
      const releases = 1 + (this.rng.chance(0.6) ? 1 : 0) + (this.rng.chance(0.25) ? 1 : 0)
      for (let r = 0; r < releases; r++) this.album([artist.id], this.rng.chance(0.45) ? 'album' : 'single')
    }
    for (let i = 0; i < 30; i++) this.album([VARIOUS_ARTISTS_ID], 'compilation')
    for (let i = 0; i < 10; i++)
      this.album([this.rng.pick(this.artists).id, this.rng.pick(this.artists).id], 'compilation')
    while (this.albums.length < MIN_ALBUMS) this.album([this.rng.pick(this.artists).id], 'single')
    return { artists: [...this.artists, various], albums: this.albums, tracks: this.tracks }
  }

  private newId(): string {
    let id = randomBase62(this.rng)
    while (this.ids.has(id) || !isBase62Id(id)) id = randomBase62(this.rng)
    this.ids.add(id)
    return id
  }

  private artist(id: string, name: string): ArtistModel {
    const genreCount = this.rng.chance(0.1) ? 0 : this.rng.int(1, 3)
    const genres = new Set<string>()
    while (genres.size < genreCount) genres.add(this.rng.pick(GENRES))
    const followers = Math.round(10 ** (2 + 5.7 * this.rng.next() ** 1.7))
    const popularity = clamp(
      Math.round(((Math.log10(followers) - 2) / 5.7) * 88 + this.rng.normal(4, 7)),
      0,
      100,
    )
    this.registrants.set(id, randomBase62(this.rng, 3).toUpperCase())
    return { id, name, genres: [...genres], followers, popularity, imageHash: randomHex(this.rng, 24) }
  }

  private album(artistIds: string[], albumType: AlbumType): void {
    const index = this.albums.length
    const id = this.newId()
    const year = Math.min(2026, 1965 + Math.floor(62 * this.rng.next() ** 0.35))
    const { releaseDate, precision } = this.releaseDate(index, year)
    const trackCount =
      albumType === 'single'
        ? this.rng.int(1, 3)
        : albumType === 'album'
          ? this.rng.int(7, 16)
          : this.rng.int(10, 20)
    const lead = this.artists.find((a) => a.id === artistIds[0])
    const popularity = clamp(Math.round((lead?.popularity ?? 55) + this.rng.normal(-3, 9)), 0, 100)
    const name = albumTitle(this.rng)
    const album: AlbumModel = {
      id,
      name,
      albumType,
      artistIds,
      releaseDate,
      releaseDatePrecision: precision,
      label: this.rng.pick(LABELS),
      upc: upc(this.rng),
      popularity,
      trackIds: [],
      imageHash: randomHex(this.rng, 24),
      markets: this.rng.chance(0.9) ? MARKETS : REGIONAL_MARKETS,
    }
    const discs = trackCount >= 15 ? 2 : 1
    const perDisc = Math.ceil(trackCount / discs)
    for (let i = 0; i < trackCount; i++) {
      const trackName = albumType === 'single' && i === 0 ? name : trackTitle(this.rng)
      album.trackIds.push(this.track(album, trackName, Math.floor(i / perDisc) + 1, (i % perDisc) + 1, year))
    }
    this.albums.push(album)
  }

  private releaseDate(index: number, year: number): { releaseDate: string; precision: ReleaseDatePrecision } {
    if (index === ZERO_DATE_ALBUM) return { releaseDate: '0000', precision: 'year' }
    const roll = this.rng.next()
    const month = String(this.rng.int(1, 12)).padStart(2, '0')
    const day = String(this.rng.int(1, 28)).padStart(2, '0')
    if (roll < (year < 1990 ? 0.5 : 0.8)) return { releaseDate: `${year}-${month}-${day}`, precision: 'day' }
    if (roll < (year < 1990 ? 0.7 : 0.88)) return { releaseDate: `${year}-${month}`, precision: 'month' }
    return { releaseDate: String(year), precision: 'year' }
  }

  private track(
    album: AlbumModel,
    name: string,
    discNumber: number,
    trackNumber: number,
    year: number,
  ): string {
    const id = this.newId()
    const first =
      album.artistIds[0] === VARIOUS_ARTISTS_ID ? this.rng.pick(this.artists).id : album.artistIds[0]!
    const artistIds = [first, ...album.artistIds.slice(1).filter((a) => a !== first)]
    if (this.rng.chance(0.18)) {
      const featured = this.rng.pick(this.artists).id
      if (!artistIds.includes(featured)) artistIds.push(featured)
    }
    const registrant = this.registrants.get(first) ?? 'TLK'
    const country =
      ISRC_COUNTRIES[hashInts(first.charCodeAt(0), first.charCodeAt(1)) % ISRC_COUNTRIES.length]!
    const isrc = `${country}${registrant}${String(year % 100).padStart(2, '0')}${String(this.rng.int(0, 99999)).padStart(5, '0')}`
    this.tracks.push({
      id,
      name,
      albumId: album.id,
      artistIds,
      discNumber,
      trackNumber,
      durationMs: clamp(Math.round(this.rng.normal(205_000, 45_000)), 90_000, 420_000),
      explicit: this.rng.chance(0.15),
      isrc,
      popularity: clamp(Math.round(album.popularity + this.rng.normal(-2, 8)), 0, 100),
    })
    return id
  }
}

/** A 12-digit UPC-A with a valid check digit. */
function upc(rng: Random): string {
  const digits = Array.from({ length: 11 }, () => rng.int(0, 9))
  const sum = digits.reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 3 : 1), 0)
  return digits.join('') + String((10 - (sum % 10)) % 10)
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value))
}
