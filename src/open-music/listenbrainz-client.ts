import { RequestGate } from '../spotify/request-gate.js'
import { OpenMusicRequestError, OpenMusicUnavailableError } from './errors.js'
import { errorText, exchange, type OpenAnswer, type OpenRequest, type RefusedAnswers } from './exchange.js'
import {
  backoffMs,
  type ClientRuntime,
  clientRuntime,
  emptyStats,
  type OpenMusicClientStats,
} from './pacing.js'

export interface ListenBrainzClientOptions extends Partial<ClientRuntime> {
  /** The API root with its version, e.g. `https://api.listenbrainz.org/1`. */
  baseUrl: string
  userAgent: string
  /** A ListenBrainz user token (a secret: sent only in the Authorization header, never logged or landed). */
  token?: string
  /** Requests per 10 s at most before the headers say otherwise (default 25, under the default 30). */
  requestsPer10s?: number
  /** Tries of a request answered 5xx or reset (default 4). */
  maxAttempts?: number
  /** Consecutive 429s before giving up for now (default 6). */
  maxRateLimited?: number
}

/** Most MBIDs one popularity or metadata request takes (the server's `MAX_ITEMS_PER_GET`). */
export const LB_BATCH = 1000
/** Most names one lookup request takes. */
export const LB_LOOKUP_BATCH = 50

/** One name lookup: the artists as Spotify credits them (joined with ", "), the title, the album. */
export interface LookupItem {
  artist_name: string
  recording_name: string
  release_name?: string
}

/**
 * ListenBrainz with its rules (NOTES.md 2.6, 4.7): requests paced under a client-side window,
 * then by the X-RateLimit-* headers of each answer (when `Remaining` reaches 0, every request
 * waits for `Reset-In`); a 429 waits `Reset-In` plus jitter and tries again; 5xx and resets back
 * off from 5 s to 60 s (the endpoint may be disabled under load); 400 and 401 are
 * OpenMusicRequestErrors (a bug, or the token to fix). Every answer but a 200 goes to the call's
 * `onRefused` before the client waits or throws. The token goes only into the header.
 *
 * @example
 * const lb = new ListenBrainzClient({ baseUrl: 'https://api.listenbrainz.org/1', userAgent })
 * const answer = await lb.popularity('recording', mbids) // answer.body: [{recording_mbid, total_listen_count, ...}]
 */
export class ListenBrainzClient {
  readonly baseUrl: string
  readonly stats: OpenMusicClientStats = emptyStats()
  readonly #gate: RequestGate
  readonly #run: ClientRuntime
  readonly #headers: Record<string, string>
  readonly #maxAttempts: number
  readonly #maxRateLimited: number
  #queue: Promise<unknown> = Promise.resolve()

  constructor(options: ListenBrainzClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '')
    this.#run = clientRuntime(options)
    this.#gate = new RequestGate(
      { requests: options.requestsPer10s ?? 25, windowMs: 10_000 },
      this.#run.now,
      this.#run.sleep,
    )
    this.#headers = {
      'user-agent': options.userAgent,
      ...(options.token && { authorization: `Token ${options.token}` }),
    }
    this.#maxAttempts = options.maxAttempts ?? 4
    this.#maxRateLimited = options.maxRateLimited ?? 6
  }

  /** True when a token was given: the name lookup needs one. */
  get hasToken(): boolean {
    return 'authorization' in this.#headers
  }

  /** `POST /popularity/{entity}`: counts in request order, nulls for MBIDs it does not know. */
  popularity(
    entity: 'recording' | 'artist',
    mbids: readonly string[],
    onRefused?: RefusedAnswers,
  ): Promise<OpenAnswer> {
    checkBatch(mbids.length, LB_BATCH)
    return this.#post(`/popularity/${entity}`, { [`${entity}_mbids`]: mbids }, onRefused)
  }

  /** `POST /metadata/recording/` with artist, tag and release data, keyed by MBID. */
  metadata(mbids: readonly string[], onRefused?: RefusedAnswers): Promise<OpenAnswer> {
    checkBatch(mbids.length, LB_BATCH)
    return this.#post(
      '/metadata/recording/',
      { recording_mbids: mbids, inc: 'artist tag release' },
      onRefused,
    )
  }

  /** `POST /metadata/lookup/`: exact name matches, in input order (a token is required). */
  lookup(items: readonly LookupItem[], onRefused?: RefusedAnswers): Promise<OpenAnswer> {
    if (!this.hasToken) throw new RangeError('the ListenBrainz name lookup needs a token')
    checkBatch(items.length, LB_LOOKUP_BATCH)
    return this.#post('/metadata/lookup/', { recordings: items }, onRefused)
  }

  #post(path: string, body: unknown, onRefused: RefusedAnswers | undefined): Promise<OpenAnswer> {
    const next = this.#queue.then(() =>
      this.#send({ method: 'POST', url: `${this.baseUrl}${path}`, body }, onRefused),
    )
    this.#queue = next.catch(() => {})
    return next
  }

  async #send(request: OpenRequest, onRefused: RefusedAnswers | undefined): Promise<OpenAnswer> {
    const run = this.#run
    let failures = 0
    let rateLimited = 0
    for (;;) {
      await this.#gate.acquire()
      this.stats.requests++
      let answer: OpenAnswer
      try {
        answer = await exchange(run.fetchFn, request, this.#headers, run.now, run.signal)
      } catch (error) {
        if (!(error instanceof OpenMusicUnavailableError)) throw error
        this.stats.networkErrors++
        this.#backOff(++failures, error.message, error)
        continue
      }
      const resetMs = this.#observe(answer)
      if (answer.status === 200) return answer
      await onRefused?.(answer)
      if (answer.status === 429) {
        run.log?.warn('listenbrainz refused a request', {
          status: 429,
          error: errorText(answer.body),
          headers: answer.headers,
        })
        this.stats.rateLimited++
        this.stats.retries++
        if (++rateLimited > this.#maxRateLimited) {
          throw new OpenMusicUnavailableError(
            `ListenBrainz kept answering 429 (${rateLimited} times in a row); try again after ${new Date(run.now() + resetMs).toISOString()}`,
            new Date(run.now() + resetMs),
          )
        }
        this.#gate.pause(resetMs + run.random() * 1000)
        continue
      }
      if (answer.status >= 500) {
        run.log?.warn('listenbrainz failed a request', {
          status: answer.status,
          error: errorText(answer.body),
          headers: answer.headers,
        })
        this.stats.serverErrors++
        this.#backOff(++failures, `ListenBrainz kept answering ${answer.status} (${errorText(answer.body)})`)
        continue
      }
      throw refused(answer)
    }
  }

  /** Reads the rate-limit headers: when none is left in this window, everything waits for the next. */
  #observe(answer: OpenAnswer): number {
    const resetIn = Number(answer.headers['x-ratelimit-reset-in'])
    const resetMs = (Number.isFinite(resetIn) && resetIn >= 0 ? resetIn : 10) * 1000
    if (answer.headers['x-ratelimit-remaining'] === '0') this.#gate.pause(resetMs + this.#run.random() * 500)
    return resetMs
  }

  #backOff(attempt: number, problem: string, cause?: unknown): void {
    const wait = backoffMs(attempt, 5_000, 60_000, this.#run.random)
    if (attempt >= this.#maxAttempts) {
      throw new OpenMusicUnavailableError(
        `${problem} after ${attempt} tries; try again after ${new Date(this.#run.now() + wait).toISOString()}`,
        new Date(this.#run.now() + wait),
        { cause },
      )
    }
    this.stats.retries++
    this.#gate.pause(wait)
  }
}

function checkBatch(size: number, max: number): void {
  if (size < 1 || size > max)
    throw new RangeError(`a ListenBrainz batch holds 1 to ${max} items, got ${size}`)
}

function refused(answer: OpenAnswer): OpenMusicRequestError {
  const { status, request } = answer
  const text = errorText(answer.body)
  if (status === 401) {
    return new OpenMusicRequestError(
      `ListenBrainz refused the token (401 ${text}); check LISTENBRAINZ_TOKEN (your token at listenbrainz.org/settings)`,
      status,
    )
  }
  return new OpenMusicRequestError(
    `ListenBrainz refused ${request.method} ${request.url}: ${status} ${text}; this is a bug in tunelake, please report it`,
    status,
  )
}
