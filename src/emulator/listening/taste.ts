import type { SyntheticCatalog } from '../catalog.js'
import { dayNumber } from '../days.js'
import { VARIOUS_ARTISTS_ID } from '../generate-music.js'
import type { AlbumModel } from '../model.js'
import { hashInts, Random } from '../prng.js'

/** Artists the listener knows from the start; the rest are discovered one at a time. */
const ALWAYS_KNOWN = 40
/** The first discovery; one more artist every DISCOVERY_SPACING days after it (until mid-2028). */
const FIRST_DISCOVERY = dayNumber('2016-01-01')
const DISCOVERY_SPACING = 12
/** An artist counts as recently discovered, and is played more, for this many days. */
const RECENT_DAYS = 120
/** A playlist session needs this many tracks by artists the listener knows. */
const MIN_PLAYLIST_TRACKS = 8

/**
 * What the synthetic listener likes on a given day: the catalog's artists in the order they
 * discover them (40 known from the start, then one every 12 days from 2016 to 2028), played
 * more while newly discovered; their own playlists, holding only tracks by artists they know.
 *
 * @example
 * const taste = new Taste(2026, catalog)
 * taste.track(rng, dayNumber('2026-03-01')) // a track id by an artist known that day
 */
export class Taste {
  /** Artist ids, first discovered first. */
  private readonly order: readonly string[]
  private readonly rank = new Map<string, number>()
  private readonly tracksByArtist = new Map<string, string[]>()
  private readonly albumsByArtist = new Map<string, AlbumModel[]>()
  private readonly pools = new Map<string, readonly string[]>()

  constructor(
    seed: number,
    private readonly catalog: SyntheticCatalog,
    playlistIds: readonly string[],
  ) {
    const rng = new Random(hashInts(seed, 0x7a57e))
    const order = catalog.artists.map((a) => a.id).filter((id) => id !== VARIOUS_ARTISTS_ID)
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(0, i)
      ;[order[i], order[j]] = [order[j]!, order[i]!]
    }
    this.order = order
    for (const [i, id] of order.entries()) this.rank.set(id, i)
    for (const track of catalog.tracks) {
      const list = this.tracksByArtist.get(track.artistIds[0]!) ?? []
      list.push(track.id)
      this.tracksByArtist.set(track.artistIds[0]!, list)
    }
    for (const album of catalog.albums) {
      if (album.albumType !== 'album') continue
      const list = this.albumsByArtist.get(album.artistIds[0]!) ?? []
      list.push(album)
      this.albumsByArtist.set(album.artistIds[0]!, list)
    }
    for (const id of playlistIds) {
      const tracks = catalog
        .playlistItemsOn(id, '2026-01-01')
        .flatMap((e) => (e.ref.type === 'track' ? [e.ref.id] : []))
      this.pools.set(id, tracks)
    }
  }

  /** How many artists the listener knows by `day`. */
  known(day: number): number {
    const discovered = Math.floor((day - FIRST_DISCOVERY) / DISCOVERY_SPACING) + 1
    return ALWAYS_KNOWN + Math.max(0, Math.min(this.order.length - ALWAYS_KNOWN, discovered))
  }

  /** An artist known on `day`: a third of the time one discovered in the last 120 days. */
  artist(rng: Random, day: number): string {
    const known = this.known(day)
    const recent = this.known(day - RECENT_DAYS)
    const index = known > recent && rng.chance(0.35) ? rng.int(recent, known - 1) : rng.int(0, known - 1)
    return this.order[index]!
  }

  /** A track whose first artist is known on `day`. */
  track(rng: Random, day: number): string {
    return rng.pick(this.tracksByArtist.get(this.artist(rng, day))!)
  }

  /** A full album by an artist known on `day`, or undefined when the pick has none. */
  album(rng: Random, day: number): AlbumModel | undefined {
    const albums = this.albumsByArtist.get(this.artist(rng, day))
    return albums ? rng.pick(albums) : undefined
  }

  /** The playlist's tracks by artists known on `day`, or undefined when too few are. */
  playlistTracks(playlistId: string, day: number): readonly string[] | undefined {
    const known = this.known(day)
    const tracks = (this.pools.get(playlistId) ?? []).filter(
      (id) => (this.rank.get(this.catalog.track(id)!.artistIds[0]!) ?? known) < known,
    )
    return tracks.length >= MIN_PLAYLIST_TRACKS ? tracks : undefined
  }
}
