import type { AddressInfo } from 'node:net'
import { type ApiMode, isApiMode } from '../spotify/api-mode.js'
import { Accounts } from './accounts.js'
import { type SyntheticCatalog, syntheticCatalog } from './catalog.js'
import { isValidDay, utcDay } from './days.js'
import { EmulatorOptionError } from './errors.js'
import { createEmulatorServer } from './server.js'
import { EmulatorState } from './state.js'

export { SyntheticCatalog, syntheticCatalog } from './catalog.js'
export { CHART_SIZE } from './chart.js'
export type {
  AlbumModel,
  ArtistModel,
  EpisodeModel,
  LocalTrackModel,
  PlaylistEntry,
  PlaylistInfo,
  PlaylistItemRef,
  TrackModel,
} from './model.js'
export { DEMO_USER, OTHER_USER, PLAYLIST_IDS, SPOTIFY_USER } from './playlist-defs.js'

/** How to start the emulator; every field has a default. */
export interface EmulatorOptions {
  /** Default 0: any free port. */
  port?: number
  /** Default '127.0.0.1' (never binds elsewhere unless asked). */
  host?: string
  /** Default 'extended'. */
  mode?: ApiMode
  /** The `YYYY-MM-DD` day the playlists show; default today (UTC, from `now`). */
  day?: string
  /** Catalog seed; default 2026. Same seed, identical catalog and responses. */
  seed?: number
  /** Default 'tunelake-demo-client'. */
  clientId?: string
  /** Default 'tunelake-demo-secret'. */
  clientSecret?: string
  /** Default 3600. */
  tokenTtlSeconds?: number
  /** Clock for token expiry and the default day; default `Date.now` (inject one in tests). */
  now?: () => number
}

/** A playlist the emulator serves; `mirror` is the demo user's copy of the chart. */
export interface EmulatorPlaylist {
  id: string
  name: string
  ownerId: string
  kind: 'chart' | 'mirror' | 'user'
}

/** A started emulator. */
export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:PORT/v1`. */
  apiBaseUrl: string
  /** e.g. `http://127.0.0.1:PORT` (token endpoint at `/api/token`). */
  accountsBaseUrl: string
  clientId: string
  clientSecret: string
  /** Read access to the synthetic catalog, to know the expected data without HTTP. */
  catalog: SyntheticCatalog
  playlists: EmulatorPlaylist[]
  /** The API mode served now (a live getter: `setMode` and the admin clock change it). */
  readonly mode: ApiMode
  setDay(day: string): void
  setMode(mode: ApiMode): void
  day(): string
  close(): Promise<void>
}

/**
 * Starts the built-in Spotify Web API emulator: the accounts token endpoint and the Web API (in
 * extended or development shape) over a deterministic synthetic catalog whose playlists change
 * with the simulated day.
 *
 * @example
 * const emulator = await startEmulator({ mode: 'development', day: '2026-03-01' })
 * // POST `${emulator.accountsBaseUrl}/api/token`, then GET `${emulator.apiBaseUrl}/playlists/{id}`
 * await emulator.close()
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const now = options.now ?? Date.now
  const mode = options.mode ?? 'extended'
  const day = options.day ?? utcDay(now())
  const seed = options.seed ?? 2026
  if (!isApiMode(mode)) throw new EmulatorOptionError(`mode ${String(mode)} is not extended or development`)
  if (!isValidDay(day)) throw new EmulatorOptionError(`day ${day} is not a YYYY-MM-DD date`)
  if (!Number.isSafeInteger(seed)) throw new EmulatorOptionError(`seed ${seed} is not an integer`)
  const clientId = options.clientId ?? 'tunelake-demo-client'
  const clientSecret = options.clientSecret ?? 'tunelake-demo-secret'
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 3600
  const catalog = syntheticCatalog(seed)
  const state = new EmulatorState(catalog, mode, day)
  const server = createEmulatorServer(state, new Accounts({ clientId, clientSecret, tokenTtlSeconds, now }))
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const accountsBaseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  state.apiBaseUrl = `${accountsBaseUrl}/v1`
  return {
    apiBaseUrl: state.apiBaseUrl,
    accountsBaseUrl,
    clientId,
    clientSecret,
    catalog,
    playlists: catalog.playlists.map((p) => ({ id: p.id, name: p.name, ownerId: p.owner.id, kind: p.kind })),
    get mode() {
      return state.mode
    },
    setDay(next: string) {
      if (!isValidDay(next)) throw new EmulatorOptionError(`day ${next} is not a YYYY-MM-DD date`)
      state.day = next
    },
    setMode(next: ApiMode) {
      if (!isApiMode(next))
        throw new EmulatorOptionError(`mode ${String(next)} is not extended or development`)
      state.mode = next
    },
    day: () => state.day,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}
