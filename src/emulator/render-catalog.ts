import type { ApiMode } from '../spotify/api-mode.js'
import type { SyntheticCatalog } from './catalog.js'
import type { AlbumModel, ArtistModel, TrackModel } from './model.js'
import { pagingObject } from './paging.js'

/** Entity `href`s use the real API base (stable across runs); paging URLs use the emulator's own. */
export const CANONICAL_API_BASE = 'https://api.spotify.com/v1'
export const OPEN_BASE = 'https://open.spotify.com'

export type Json = Record<string, unknown>

const ARTIST_IMAGES: readonly [string, number][] = [
  ['ab6761610000e5eb', 640],
  ['ab67616100005174', 320],
  ['ab6761610000f178', 160],
]
const ALBUM_IMAGES: readonly [string, number][] = [
  ['ab67616d0000b273', 640],
  ['ab67616d00001e02', 300],
  ['ab67616d00004851', 64],
]

/** `images` array of three sizes for an image hash. */
export function images(hash: string, sizes: readonly [string, number][]): Json[] {
  return sizes.map(([prefix, size]) => ({
    height: size,
    url: `https://i.scdn.co/image/${prefix}${hash}`,
    width: size,
  }))
}

/** The common `external_urls`, `href`, `id`, `type`, `uri` quintet. */
export function links(type: string, path: string, id: string) {
  return {
    external_urls: { spotify: `${OPEN_BASE}/${type}/${id}` },
    href: `${CANONICAL_API_BASE}/${path}/${id}`,
    id,
  }
}

/**
 * Renders catalog objects as the Web API does in one mode: `extended` gives the `*.full.json`
 * shapes, `development` drops popularity, followers, genres (artists), label, available_markets and
 * album_group (keys absent, not null), as in the `*.devmode-2026.json` examples. Keys are in
 * alphabetical order like the examples. Track objects are cached (they never change).
 */
export class CatalogRenderer {
  private readonly trackCache = new Map<string, Json>()
  private readonly albumCache = new Map<string, Json>()
  private readonly extended: boolean
  /** `available_markets` is sent only to app tokens without a market (a user token implies one). */
  private readonly markets: boolean

  constructor(
    private readonly catalog: SyntheticCatalog,
    readonly mode: ApiMode,
    private readonly apiBaseUrl: string,
    /** True when rendering for a user token: no `available_markets`, `is_playable: true` instead. */
    readonly forUser = false,
  ) {
    this.extended = mode === 'extended'
    this.markets = this.extended && !forUser
  }

  simplifiedArtist(artist: ArtistModel): Json {
    return {
      ...links('artist', 'artists', artist.id),
      name: artist.name,
      type: 'artist',
      uri: `spotify:artist:${artist.id}`,
    }
  }

  artist(artist: ArtistModel): Json {
    const { external_urls, href, id } = links('artist', 'artists', artist.id)
    return {
      external_urls,
      ...(this.extended && { followers: { href: null, total: artist.followers }, genres: artist.genres }),
      href,
      id,
      images: images(artist.imageHash, ARTIST_IMAGES),
      name: artist.name,
      ...(this.extended && { popularity: artist.popularity }),
      type: 'artist',
      uri: `spotify:artist:${artist.id}`,
    }
  }

  simplifiedAlbum(album: AlbumModel): Json {
    const { external_urls, href, id } = links('album', 'albums', album.id)
    return {
      ...(this.extended && { album_group: album.albumType }),
      album_type: album.albumType,
      artists: this.artistsOf(album.artistIds),
      ...(this.markets && { available_markets: album.markets }),
      external_urls,
      href,
      id,
      images: images(album.imageHash, ALBUM_IMAGES),
      ...(this.forUser && { is_playable: true }),
      name: album.name,
      release_date: album.releaseDate,
      release_date_precision: album.releaseDatePrecision,
      total_tracks: album.trackIds.length,
      type: 'album',
      uri: `spotify:album:${album.id}`,
    }
  }

  /** Full album with its first tracks page (limit 50), as Get Album returns it. */
  album(album: AlbumModel): Json {
    const cached = this.albumCache.get(album.id)
    if (cached) return cached
    const rendered = this.renderAlbum(album)
    this.albumCache.set(album.id, rendered)
    return rendered
  }

  private renderAlbum(album: AlbumModel): Json {
    const { external_urls, href, id } = links('album', 'albums', album.id)
    const year = album.releaseDate === '0000' ? '' : `${album.releaseDate.slice(0, 4)} `
    return {
      ...(this.extended && { album_group: album.albumType }),
      album_type: album.albumType,
      artists: this.artistsOf(album.artistIds),
      ...(this.markets && { available_markets: album.markets }),
      copyrights: [
        { text: `(C) ${year}${album.label}`, type: 'C' },
        { text: `(P) ${year}${album.label}`, type: 'P' },
      ],
      external_ids: { upc: album.upc },
      external_urls,
      genres: [],
      href,
      id,
      images: images(album.imageHash, ALBUM_IMAGES),
      ...(this.extended && { label: album.label }),
      name: album.name,
      ...(this.extended && { popularity: album.popularity }),
      release_date: album.releaseDate,
      release_date_precision: album.releaseDatePrecision,
      total_tracks: album.trackIds.length,
      tracks: this.albumTracks(album, 0, 50, [['locale', '*']]),
      type: 'album',
      uri: `spotify:album:${album.id}`,
    }
  }

  /** A page of an album's simplified tracks (Get Album Tracks, and the page inside Get Album). */
  albumTracks(album: AlbumModel, offset: number, limit: number, extra: [string, string][] = []): Json {
    const ids = album.trackIds.slice(offset, offset + limit)
    const items = ids.map((trackId) => this.simplifiedTrack(this.catalog.track(trackId)!, album))
    const base = `${this.apiBaseUrl}/albums/${album.id}/tracks`
    return pagingObject({ base, extra, offset, limit, total: album.trackIds.length, items })
  }

  simplifiedTrack(track: TrackModel, album: AlbumModel): Json {
    const { external_urls, href, id } = links('track', 'tracks', track.id)
    return {
      artists: this.artistsOf(track.artistIds),
      ...(this.markets && { available_markets: album.markets }),
      disc_number: track.discNumber,
      duration_ms: track.durationMs,
      explicit: track.explicit,
      external_urls,
      href,
      id,
      is_local: false,
      ...(this.forUser && { is_playable: true }),
      name: track.name,
      preview_url: null,
      track_number: track.trackNumber,
      type: 'track',
      uri: `spotify:track:${track.id}`,
    }
  }

  /** Full track; inside playlist items the real API adds `episode: false, track: true`. */
  track(track: TrackModel, inPlaylist = false): Json {
    const key = `${track.id}:${inPlaylist}`
    const cached = this.trackCache.get(key)
    if (cached) return cached
    const album = this.catalog.album(track.albumId)!
    const { external_urls, href, id } = links('track', 'tracks', track.id)
    const rendered: Json = {
      album: this.simplifiedAlbum(album),
      artists: this.artistsOf(track.artistIds),
      ...(this.markets && { available_markets: album.markets }),
      disc_number: track.discNumber,
      duration_ms: track.durationMs,
      ...(inPlaylist && { episode: false }),
      explicit: track.explicit,
      external_ids: { isrc: track.isrc },
      external_urls,
      href,
      id,
      is_local: false,
      ...(this.forUser && { is_playable: true }),
      name: track.name,
      ...(this.extended && { popularity: track.popularity }),
      preview_url: null,
      ...(inPlaylist && { track: true }),
      track_number: track.trackNumber,
      type: 'track',
      uri: `spotify:track:${track.id}`,
    }
    this.trackCache.set(key, rendered)
    return rendered
  }

  private artistsOf(ids: readonly string[]): Json[] {
    return ids.map((artistId) => this.simplifiedArtist(this.catalog.artist(artistId)!))
  }
}
