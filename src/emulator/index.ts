import type { AddressInfo } from 'node:net'
import { type ApiMode, isApiMode } from '../spotify/api-mode.js'
import { Accounts } from './accounts.js'
import { type SyntheticCatalog, syntheticCatalog } from './catalog.js'
import { isValidDay, utcDay } from './days.js'
import { EmulatorOptionError } from './errors.js'
import { FaultInjector, type FaultOptions } from './faults.js'
import { DEMO_USER } from './playlist-defs.js'
import { type QuotaOptions, RateLimiter, type RateLimitOptions } from './rate-limit.js'
import { type RequestCounts, RequestStats } from './request-stats.js'
import { createEmulatorServer } from './server.js'
import { EmulatorState } from './state.js'

export { USER_SCOPES } from './accounts.js'
export { SyntheticCatalog, syntheticCatalog } from './catalog.js'
export { CHART_SIZE } from './chart.js'
export {
  EXPORT_FOLDER,
  SYNTHETIC_MARKER,
  type SyntheticExportOptions,
  type SyntheticExportSummary,
  SyntheticExportWriteError,
  writeSyntheticExport,
} from './export/synthetic-export.js'
export type { FaultOptions } from './faults.js'
export { EVERYDAY_LISTENER, HEAVY_LISTENER, type ListenerProfile } from './listening/listener-profile.js'
export { LISTENER_TIME_ZONE } from './listening/local-time.js'
export { RECENT_PLAYS_WINDOW } from './listening-history.js'
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
export type { QuotaOptions, RateLimitOptions } from './rate-limit.js'
export { REFRESH_TOKEN_MAX_AGE_MS } from './refresh-tokens.js'
export type { RequestCounts } from './request-stats.js'

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
  /** Clock for token expiry, refresh-token age, the rate-limit window and the default day; default `Date.now`. */
  now?: () => number
  /** A rolling-window rate limit on Web API calls (429 + Retry-After); default none. */
  rateLimit?: RateLimitOptions
  /** An exhausted developer quota after N calls (429 QUOTA_EXCEEDED); default none. */
  quota?: QuotaOptions
  /** Injected faults (5xx share, resets, latency, tokens expiring mid-run); default none. */
  faults?: FaultOptions
  /** Strong ETags and 304 on If-None-Match; default true. */
  etags?: boolean
  /** Further playlists of the demo user (for benchmarks of large libraries); default 0. */
  extraPlaylists?: number
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
  /** The demo user's id and a refresh token for them (all read scopes, secret-based: it does not rotate). */
  demoUser: { id: string; refreshToken: string }
  setDay(day: string): void
  setMode(mode: ApiMode): void
  day(): string
  /** Requests answered so far, by route and status. */
  stats(): RequestCounts
  resetStats(): void
  setFaults(faults: FaultOptions): void
  setRateLimit(rateLimit: RateLimitOptions | undefined, quota?: QuotaOptions): void
  /** Every access token issued so far expires now. */
  expireAccessTokens(): void
  /** Revokes a refresh token (as a user removing the app's access). */
  revokeRefreshToken(token: string): boolean
  /** When false, `/authorize` redirects with `error=access_denied` (the user declined). */
  setAuthorizeApproves(approve: boolean): void
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
  const extraPlaylists = options.extraPlaylists ?? 0
  if (!Number.isInteger(extraPlaylists) || extraPlaylists < 0 || extraPlaylists > 5000) {
    throw new EmulatorOptionError(`extraPlaylists ${extraPlaylists} is not a whole number from 0 to 5000`)
  }
  const catalog = syntheticCatalog(seed)
  const state = new EmulatorState(catalog, mode, day, extraPlaylists)
  const accounts = new Accounts({ clientId, clientSecret, tokenTtlSeconds, now, user: DEMO_USER.id })
  const limiter = new RateLimiter(options.rateLimit, options.quota, now)
  const faults = new FaultInjector(options.faults)
  const stats = new RequestStats()
  const server = createEmulatorServer({
    state,
    accounts,
    limiter,
    faults,
    stats,
    etags: options.etags ?? true,
  })
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
    demoUser: { id: DEMO_USER.id, refreshToken: accounts.demoRefreshToken() },
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
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    setFaults: (next) => faults.set(next),
    setRateLimit(rateLimit, quota) {
      limiter.rate = rateLimit
      limiter.quota = quota
    },
    expireAccessTokens: () => accounts.accessTokens.expireAll(),
    revokeRefreshToken: (token) => accounts.refreshTokens.revoke(token),
    setAuthorizeApproves(approve) {
      accounts.authorizer.approve = approve
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}
