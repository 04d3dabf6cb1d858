import type { ApiMode } from '../spotify/api-mode.js'
import type { SyntheticCatalog } from './catalog.js'
import { dayNumber } from './days.js'
import { ExtraPlaylists } from './extra-playlists.js'
import { ListeningHistory } from './listening-history.js'
import type { PlaylistEntry, PlaylistInfo } from './model.js'
import { PLAYLIST_IDS } from './playlist-defs.js'
import { CatalogRenderer } from './render-catalog.js'
import { SavedTracks } from './saved-tracks.js'
import { snapshotIdOf } from './snapshot-id.js'

/**
 * The mutable state one running emulator serves from: the catalog, the demo user's library and
 * listening history, the API mode and the simulated day (both changeable while running), and
 * the base URL its paging links point at.
 */
export class EmulatorState {
  private readonly renderers = new Map<string, CatalogRenderer>()
  apiBaseUrl = ''
  /** Whether the request being answered carries a user token (set by the server per request). */
  forUser = false
  readonly history: ListeningHistory
  readonly saved: SavedTracks
  readonly extras: ExtraPlaylists

  constructor(
    readonly catalog: SyntheticCatalog,
    public mode: ApiMode,
    public day: string,
    extraPlaylists = 0,
  ) {
    this.history = new ListeningHistory(catalog.seed, catalog)
    this.saved = new SavedTracks(catalog.seed, catalog)
    this.extras = new ExtraPlaylists(catalog.seed, catalog, extraPlaylists)
  }

  get extended(): boolean {
    return this.mode === 'extended'
  }

  /** The simulated day as a day number (days since 2026-01-01). */
  get dayNumber(): number {
    return dayNumber(this.day)
  }

  /**
   * The renderer of the current mode and token kind (cached, so rendered objects are reused): a
   * user token implies a market, so `available_markets` is left out, as Spotify does.
   */
  renderer(): CatalogRenderer {
    const key = `${this.mode}/${this.forUser}`
    let renderer = this.renderers.get(key)
    if (!renderer) {
      renderer = new CatalogRenderer(this.catalog, this.mode, this.apiBaseUrl, this.forUser)
      this.renderers.set(key, renderer)
    }
    return renderer
  }

  playlist(id: string): PlaylistInfo | undefined {
    return this.catalog.playlist(id) ?? this.extras.infos.find((p) => p.id === id)
  }

  /** The playlist's items on the simulated day. */
  playlistItems(id: string): readonly PlaylistEntry[] {
    return this.extras.has(id)
      ? this.extras.itemsOn(id, this.day)
      : this.catalog.playlistItemsOn(id, this.day)
  }

  snapshotId(id: string): string {
    return snapshotIdOf(id, this.playlistItems(id))
  }

  /** What `GET /me/playlists` lists: the user's own playlists, then the ones they follow, then the extras. */
  libraryPlaylists(): readonly PlaylistInfo[] {
    const order = [
      PLAYLIST_IDS.nightDrive,
      PLAYLIST_IDS.focusFlow,
      PLAYLIST_IDS.weekendMix,
      PLAYLIST_IDS.dailyMirror,
      PLAYLIST_IDS.chart,
      PLAYLIST_IDS.indieFinds,
    ]
    return [...order.map((id) => this.catalog.playlist(id)!), ...this.extras.infos]
  }
}
