import { DailyChart } from './chart.js'
import { dayNumber } from './days.js'
import { generateExtras } from './generate-extras.js'
import { generateMusic } from './generate-music.js'
import type {
  AlbumModel,
  ArtistModel,
  EpisodeModel,
  LocalTrackModel,
  PlaylistEntry,
  PlaylistInfo,
  TrackModel,
} from './model.js'
import { PLAYLISTS } from './playlist-defs.js'
import { createPlaylistSources, type PlaylistSource } from './playlist-sources.js'
import { hashInts, Random } from './prng.js'
import { snapshotIdOf } from './snapshot-id.js'

const CHART_CANDIDATES = 400
const SHARED_FAVOURITES = 30

/**
 * The emulator's deterministic synthetic catalog: artists, albums, tracks, episodes, local files
 * and playlists whose items depend on the day. The same seed gives the same catalog on every start.
 * Tests and the demo use it to know the expected data without HTTP.
 *
 * @example
 * const catalog = SyntheticCatalog.generate(2026)
 * catalog.chartOn('2026-03-01') // 50 track ids, position 1 first
 * catalog.playlistItemsOn(PLAYLIST_IDS.nightDrive, '2026-03-01') // items incl. null/local/episode refs
 */
export class SyntheticCatalog {
  readonly artists: readonly ArtistModel[]
  readonly albums: readonly AlbumModel[]
  readonly tracks: readonly TrackModel[]
  readonly episodes: readonly EpisodeModel[]
  readonly localTracks: readonly LocalTrackModel[]
  readonly playlists: readonly PlaylistInfo[] = PLAYLISTS
  /** The ~400 tracks that can chart; the first 30 also appear across the user playlists. */
  readonly chartCandidates: readonly string[]
  private readonly artistsById: Map<string, ArtistModel>
  private readonly albumsById: Map<string, AlbumModel>
  private readonly tracksById: Map<string, TrackModel>
  private readonly chart: DailyChart
  private readonly sources: Map<string, PlaylistSource>

  private constructor(readonly seed: number) {
    const music = generateMusic(seed)
    const extras = generateExtras(seed)
    this.artists = music.artists
    this.albums = music.albums
    this.tracks = music.tracks
    this.episodes = extras.episodes
    this.localTracks = extras.localTracks
    this.artistsById = new Map(music.artists.map((a) => [a.id, a]))
    this.albumsById = new Map(music.albums.map((a) => [a.id, a]))
    this.tracksById = new Map(music.tracks.map((t) => [t.id, t]))
    this.chartCandidates = pickCandidates(seed, music.tracks)
    this.chart = new DailyChart(seed, this.chartCandidates)
    const shared = this.chartCandidates.slice(0, SHARED_FAVOURITES)
    this.sources = createPlaylistSources(seed, music, extras, this.chart, shared)
  }

  /** Generates the catalog of `seed` (default 2026). Prefer {@link syntheticCatalog}, which caches. */
  static generate(seed = 2026): SyntheticCatalog {
    return new SyntheticCatalog(seed)
  }

  artist(id: string): ArtistModel | undefined {
    return this.artistsById.get(id)
  }

  album(id: string): AlbumModel | undefined {
    return this.albumsById.get(id)
  }

  track(id: string): TrackModel | undefined {
    return this.tracksById.get(id)
  }

  episode(id: string): EpisodeModel | undefined {
    return this.episodes.find((e) => e.id === id)
  }

  localTrack(uri: string): LocalTrackModel | undefined {
    return this.localTracks.find((l) => l.uri === uri)
  }

  playlist(id: string): PlaylistInfo | undefined {
    return this.playlists.find((p) => p.id === id)
  }

  /** The Top 50 of `day` (`YYYY-MM-DD`): 50 distinct track ids, position 1 first. */
  chartOn(day: string): string[] {
    return [...this.chart.on(dayNumber(day))]
  }

  /** The ordered items of a playlist on `day`; throws for an unknown playlist id. */
  playlistItemsOn(playlistId: string, day: string): readonly PlaylistEntry[] {
    return this.source(playlistId)(dayNumber(day))
  }

  /** The playlist's `snapshot_id` on `day`: a hash of its items, so it changes exactly when they do. */
  snapshotIdOn(playlistId: string, day: string): string {
    return snapshotIdOf(playlistId, this.playlistItemsOn(playlistId, day))
  }

  private source(playlistId: string): PlaylistSource {
    const source = this.sources.get(playlistId)
    if (!source) throw new RangeError(`unknown playlist id: ${playlistId}`)
    return source
  }
}

const catalogs = new Map<number, SyntheticCatalog>()

/** The (cached) catalog of `seed`; generation runs once per seed per process. */
export function syntheticCatalog(seed = 2026): SyntheticCatalog {
  let catalog = catalogs.get(seed)
  if (!catalog) {
    catalog = SyntheticCatalog.generate(seed)
    catalogs.set(seed, catalog)
  }
  return catalog
}

/** 400 reasonably popular tracks, shuffled deterministically. */
function pickCandidates(seed: number, tracks: readonly TrackModel[]): string[] {
  const rng = new Random(hashInts(seed, 3))
  const popular = tracks.filter((t) => t.popularity >= 45)
  const pool = (popular.length >= CHART_CANDIDATES ? popular : tracks).map((t) => t.id)
  for (let i = pool.length - 1; i > 0; i--) {
    const j = rng.int(0, i)
    ;[pool[i], pool[j]] = [pool[j]!, pool[i]!]
  }
  return pool.slice(0, CHART_CANDIDATES)
}
