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

export interface MusicBrainzClientOptions extends Partial<ClientRuntime> {
  /** The WS/2 root, e.g. `https://musicbrainz.org/ws/2`. */
  baseUrl: string
  /** `tunelake/<version> ( contact )`: MusicBrainz refuses anonymous clients. */
  userAgent: string
  /** Requests per second at most (default 0.8: one every 1.25 s, under MusicBrainz's 1/s per IP). */
  requestsPerSecond?: number
  /** Tries of a request the server is too busy for, or that fails with a 5xx or a reset (default 5). */
  maxAttempts?: number
  /** Consecutive answers of the per-IP limit before giving up for now (default 8). */
  maxRateLimited?: number
}

/** The ISRC lookup tunelake makes: recordings, their artist credits, and both's tags (NOTES.md 4.1). */
export const ISRC_INC = 'artist-credits+tags'

/**
 * MusicBrainz WS/2 with its rules (NOTES.md 1.7, 4.7): one request at a time, paced under the
 * per-IP average, a meaningful User-Agent on every request. A 503 of the per-IP limit pauses the
 * whole queue for max(Retry-After, 1 s), doubling up to 60 s; a load-shedding 503, another 5xx
 * or a reset backs off with jitter from 2 s to 30 s; after the caps an OpenMusicUnavailableError
 * (retryable, with when to resume). 200, 404 (no match) and 301 (a merged MBID) are answers;
 * 400/401/403/405/406 are OpenMusicRequestErrors (a bug, or the User-Agent to fix). Every other
 * answer goes to the call's `onRefused` before the client waits or throws.
 *
 * @example
 * const mb = new MusicBrainzClient({ baseUrl: 'https://musicbrainz.org/ws/2', userAgent: userAgent('me@example.com') })
 * const answer = await mb.isrc('USSM15900118') // answer.status 200, answer.body.recordings
 */
export class MusicBrainzClient {
  readonly baseUrl: string
  readonly stats: OpenMusicClientStats = emptyStats()
  readonly #gate: RequestGate
  readonly #run: ClientRuntime
  readonly #options: Required<Pick<MusicBrainzClientOptions, 'maxAttempts' | 'maxRateLimited' | 'userAgent'>>
  #queue: Promise<unknown> = Promise.resolve()

  constructor(options: MusicBrainzClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '')
    this.#run = clientRuntime(options)
    const perSecond = options.requestsPerSecond ?? 0.8
    if (!(perSecond > 0)) throw new RangeError(`requestsPerSecond must be above 0, got ${perSecond}`)
    this.#gate = new RequestGate(
      { requests: 1, windowMs: Math.ceil(1000 / perSecond) },
      this.#run.now,
      this.#run.sleep,
    )
    this.#options = {
      maxAttempts: options.maxAttempts ?? 5,
      maxRateLimited: options.maxRateLimited ?? 8,
      userAgent: options.userAgent,
    }
  }

  /** `GET /isrc/{isrc}?inc=artist-credits+tags`: every recording holding the ISRC (404: none). */
  isrc(isrc: string, onRefused?: RefusedAnswers): Promise<OpenAnswer> {
    return this.#get(`/isrc/${encodeURIComponent(isrc)}?inc=${ISRC_INC}&fmt=json`, onRefused)
  }

  /** `GET /recording/{mbid}`: a 301 answer names the MBID a merged one now is. */
  recording(mbid: string, onRefused?: RefusedAnswers): Promise<OpenAnswer> {
    return this.#get(`/recording/${encodeURIComponent(mbid)}?inc=${ISRC_INC}&fmt=json`, onRefused)
  }

  /** `GET /genre/all?fmt=txt`: every genre name, one a line. */
  genres(onRefused?: RefusedAnswers): Promise<OpenAnswer> {
    return this.#get('/genre/all?fmt=txt', onRefused)
  }

  /** Requests run one after another, whoever calls. */
  #get(path: string, onRefused: RefusedAnswers | undefined): Promise<OpenAnswer> {
    const next = this.#queue.then(() =>
      this.#send({ method: 'GET', url: `${this.baseUrl}${path}` }, onRefused),
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
        answer = await exchange(
          run.fetchFn,
          request,
          { 'user-agent': this.#options.userAgent },
          run.now,
          run.signal,
        )
      } catch (error) {
        if (!(error instanceof OpenMusicUnavailableError)) throw error
        this.stats.networkErrors++
        await this.#backOff(++failures, error.message, error)
        continue
      }
      const { status } = answer
      if (status === 200 || status === 404 || status === 301) return answer
      await onRefused?.(answer)
      if (status === 503 || status >= 500) {
        run.log?.warn('musicbrainz refused a request', {
          status,
          error: errorText(answer.body),
          headers: answer.headers,
        })
        if (status === 503 && isRateLimit(answer)) {
          this.stats.rateLimited++
          this.stats.retries++
          rateLimited++
          const retryAfter = Math.max(1, Number(answer.headers['retry-after']) || 1) * 1000
          const pause = Math.min(60_000, retryAfter * 2 ** (rateLimited - 1))
          if (rateLimited > this.#options.maxRateLimited) {
            throw new OpenMusicUnavailableError(
              `MusicBrainz kept refusing requests over its per-IP rate limit (${rateLimited} times in a row); another client on this IP may be using it, try again after ${iso(run.now() + pause)}`,
              new Date(run.now() + pause),
            )
          }
          this.#gate.pause(pause)
          continue
        }
        if (status === 503) this.stats.shed++
        else this.stats.serverErrors++
        await this.#backOff(++failures, `MusicBrainz kept answering ${status} (${errorText(answer.body)})`)
        continue
      }
      throw refused(answer)
    }
  }

  /** Waits before the next try, holding back the whole queue; after the last try, throws. */
  async #backOff(attempt: number, problem: string, cause?: unknown): Promise<void> {
    const wait = backoffMs(attempt, 2_000, 30_000, this.#run.random)
    if (attempt >= this.#options.maxAttempts) {
      throw new OpenMusicUnavailableError(
        `${problem} after ${attempt} tries; try again after ${iso(this.#run.now() + wait)}`,
        new Date(this.#run.now() + wait),
        { cause },
      )
    }
    this.stats.retries++
    this.#gate.pause(wait)
  }
}

/** The per-IP limit's 503 (slow down), told apart from load shedding (not our fault). */
function isRateLimit(answer: OpenAnswer): boolean {
  const zone = answer.headers['x-ratelimit-zone'] ?? ''
  return zone.startsWith('ws ') || errorText(answer.body).includes('exceeding the allowable rate limit')
}

function refused(answer: OpenAnswer): OpenMusicRequestError {
  const { status, request } = answer
  const text = errorText(answer.body)
  if (status === 403) {
    return new OpenMusicRequestError(
      `MusicBrainz refused ${request.url} (403 ${text}): it wants a User-Agent that names you; set enrich.contact in the config to your e-mail or a URL`,
      status,
    )
  }
  return new OpenMusicRequestError(
    `MusicBrainz refused ${request.url}: ${status} ${text}; this is a bug in tunelake, please report it`,
    status,
  )
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}
