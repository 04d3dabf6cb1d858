import pLimit from 'p-limit'
import { SpotifyRateLimitError, SpotifyRequestError, SpotifyUnavailableError } from './errors.js'
import { type ClientRateLimit, RequestGate } from './request-gate.js'
import { causeCode, type TokenProvider } from './token-provider.js'

export interface SpotifyResponse {
  /** The absolute URL that was requested. */
  url: string
  /** 200/201, 304 (only when `ifNoneMatch` was sent; body `null`), or a 403/404 for the caller to judge. */
  status: number
  body: unknown
  /** True when tunelake's emulator answered (header `x-tunelake-synthetic`), not Spotify. */
  synthetic: boolean
  /** The response's ETag, when the API sent one. */
  etag?: string
}

/** The header tunelake's emulator sets on every response, so output can say its data is synthetic. */
export const SYNTHETIC_HEADER = 'x-tunelake-synthetic'

export interface SpotifyClientOptions {
  apiBaseUrl: string
  tokens: TokenProvider
  /** Parallel requests at most (default 4). */
  concurrency?: number
  /** Client-side rolling-window rate limit (default none). */
  rateLimit?: ClientRateLimit
  /** Longest Retry-After the client waits for; beyond it the run stops (default 60 s). */
  maxRetryAfterSeconds?: number
  /** Attempts for 5xx and network errors (default 5). */
  maxAttempts?: number
  fetchFn?: typeof fetch
  sleep?: (ms: number) => Promise<void>
  now?: () => number
  random?: () => number
}

export interface SpotifyClientStats {
  /** HTTP requests sent to the Web API (retries included). */
  requests: number
  retries: number
  rateLimited: number
  serverErrors: number
  networkErrors: number
  notModified: number
  tokenRefreshes: number
}

type Attempt =
  | { kind: 'done'; response: SpotifyResponse }
  | { kind: 'unauthorized' }
  | { kind: 'rate-limited'; waitMs: number }
  | { kind: 'transient'; error: SpotifyUnavailableError }

/**
 * GETs against the Spotify Web API with its HTTP policy: bounded concurrency and a client-side
 * rolling-window rate limit; 429 honours Retry-After up to a cap, holding back every request
 * (beyond the cap, or on QUOTA_EXCEEDED, a SpotifyRateLimitError that says when to resume); 5xx
 * and network errors retry with jittered backoff; 401 refreshes the token once; 400 is terminal;
 * 403 and 404 come back as responses so callers can act on them; 304 answers an `ifNoneMatch`.
 *
 * @example
 * const client = new SpotifyClient({ apiBaseUrl, tokens, rateLimit: { requests: 150 } })
 * const { body } = await client.get('/playlists/3cEYpjA9oz9GiPac4AsH4n')
 */
export class SpotifyClient {
  readonly apiBaseUrl: string
  readonly stats: SpotifyClientStats = {
    requests: 0,
    retries: 0,
    rateLimited: 0,
    serverErrors: 0,
    networkErrors: 0,
    notModified: 0,
    tokenRefreshes: 0,
  }
  readonly #limit: ReturnType<typeof pLimit>
  readonly #gate: RequestGate
  readonly #options: Required<
    Omit<SpotifyClientOptions, 'apiBaseUrl' | 'tokens' | 'concurrency' | 'rateLimit'>
  >

  constructor(private readonly options: SpotifyClientOptions) {
    this.apiBaseUrl = options.apiBaseUrl.replace(/\/$/, '')
    this.#limit = pLimit(options.concurrency ?? 4)
    this.#options = {
      maxRetryAfterSeconds: options.maxRetryAfterSeconds ?? 60,
      maxAttempts: options.maxAttempts ?? 5,
      fetchFn: options.fetchFn ?? fetch,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      now: options.now ?? Date.now,
      random: options.random ?? Math.random,
    }
    this.#gate = new RequestGate(options.rateLimit, this.#options.now, this.#options.sleep)
  }

  /** True when the token speaks for a user (their `/me` data is readable). */
  get userAuthorised(): boolean {
    return this.options.tokens.kind === 'user'
  }

  /** `pathOrUrl` is a path under the API base (`/playlists/x`) or an absolute `next` link. */
  get(pathOrUrl: string, options: { ifNoneMatch?: string } = {}): Promise<SpotifyResponse> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.apiBaseUrl}${pathOrUrl}`
    return this.#limit(() => this.#get(url, options.ifNoneMatch))
  }

  async #get(url: string, ifNoneMatch: string | undefined): Promise<SpotifyResponse> {
    const { maxAttempts, sleep } = this.#options
    let refreshedToken = false
    for (let attempt = 1; ; attempt++) {
      await this.#gate.acquire()
      const outcome = await this.#attempt(url, ifNoneMatch)
      if (outcome.kind === 'done') return outcome.response
      if (outcome.kind === 'unauthorized' && !refreshedToken) {
        refreshedToken = true
        this.stats.tokenRefreshes++
        this.options.tokens.invalidate()
        continue
      }
      if (outcome.kind === 'unauthorized') {
        throw new SpotifyRequestError(
          `Spotify refused the access token for ${url} (401) even after a refresh; check the credentials`,
          401,
        )
      }
      // A 401 right after a refresh means the credentials are refused; a later one is a new expiry.
      refreshedToken = false
      if (outcome.kind === 'rate-limited') {
        this.stats.rateLimited++
        this.stats.retries++
        this.#gate.pause(outcome.waitMs)
        continue
      }
      if (attempt >= maxAttempts) throw outcome.error
      this.stats.retries++
      await sleep(this.#backoff(attempt))
    }
  }

  async #attempt(url: string, ifNoneMatch: string | undefined): Promise<Attempt> {
    let token: string
    try {
      token = await this.options.tokens.token()
    } catch (error) {
      if (error instanceof SpotifyUnavailableError) return { kind: 'transient', error }
      throw error
    }
    this.stats.requests++
    let response: Response
    try {
      response = await this.#options.fetchFn(url, {
        headers: {
          authorization: `Bearer ${token}`,
          ...(ifNoneMatch !== undefined && { 'if-none-match': ifNoneMatch }),
        },
      })
    } catch (error) {
      this.stats.networkErrors++
      const host = new URL(url).origin
      return {
        kind: 'transient',
        error: new SpotifyUnavailableError(
          `cannot reach the Spotify API at ${host} (${causeCode(error)}): check the network or SPOTIFY_API_BASE_URL`,
          { cause: error },
        ),
      }
    }
    let text: string
    try {
      text = await response.text()
    } catch (error) {
      this.stats.networkErrors++
      return {
        kind: 'transient',
        error: new SpotifyUnavailableError(
          `the connection to the Spotify API broke while reading ${url} (${causeCode(error)}); try again later`,
          { cause: error },
        ),
      }
    }
    const body = parseBody(text)
    const status = response.status
    const etag = response.headers.get('etag') ?? undefined
    const synthetic = response.headers.get(SYNTHETIC_HEADER) === 'true'
    if (status === 304) this.stats.notModified++
    if (status === 200 || status === 201 || status === 304 || status === 403 || status === 404) {
      return { kind: 'done', response: { url, status, body, synthetic, ...(etag && { etag }) } }
    }
    if (status === 401) return { kind: 'unauthorized' }
    if (status === 429) return { kind: 'rate-limited', waitMs: this.#retryAfter(response, body) }
    if (status >= 500) {
      this.stats.serverErrors++
      return {
        kind: 'transient',
        error: new SpotifyUnavailableError(
          `the Spotify API kept answering ${status} for ${url}; try again later`,
        ),
      }
    }
    throw new SpotifyRequestError(`Spotify rejected ${url}: ${status} ${errorMessage(body)}`, status)
  }

  #retryAfter(response: Response, body: unknown): number {
    const seconds = Number(response.headers.get('retry-after'))
    const waitSeconds = Number.isFinite(seconds) && seconds >= 0 ? seconds : 5
    const resumeAt = new Date(this.#options.now() + waitSeconds * 1000)
    const quota = (body as { error?: { reason?: string } } | undefined)?.error?.reason === 'QUOTA_EXCEEDED'
    if (quota) {
      throw new SpotifyRateLimitError(
        `the Spotify API quota of this developer account is exhausted (QUOTA_EXCEEDED); run again after ${resumeAt.toISOString()}`,
        resumeAt,
        { reason: 'QUOTA_EXCEEDED' },
      )
    }
    if (waitSeconds > this.#options.maxRetryAfterSeconds) {
      throw new SpotifyRateLimitError(
        `Spotify asks to wait ${waitSeconds} s (rate limited), more than the ${this.#options.maxRetryAfterSeconds} s cap; run again after ${resumeAt.toISOString()}`,
        resumeAt,
      )
    }
    return waitSeconds * 1000
  }

  #backoff(attempt: number): number {
    const base = Math.min(8_000, 250 * 2 ** (attempt - 1))
    return base / 2 + this.#options.random() * (base / 2)
  }
}

function parseBody(text: string): unknown {
  if (text === '') return null
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

export function errorMessage(body: unknown): string {
  const error = (body as { error?: unknown } | null)?.error
  if (error && typeof error === 'object' && 'message' in error) return String(error.message)
  if (typeof error === 'string') return error
  return typeof body === 'string' ? body.slice(0, 200) : ''
}
