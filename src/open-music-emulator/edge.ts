import { hashInts, Random } from '../emulator/prng.js'
import { lbError, ReplyError } from './reply.js'

/** The open-music emulator's limits; every field has a default (the production values). */
export interface OpenMusicLimits {
  /** MusicBrainz's per-IP average rate (default 1 request/s). */
  mbRequestsPerSecond?: number
  /** Requests over the average a client may send at once before the limit refuses (default 3). */
  mbBurst?: number
  /** ListenBrainz's fixed window: requests per window per IP (default 30) ... */
  lbRequests?: number
  /** ... and the window in seconds, aligned to multiples of it in Unix time (default 10). */
  lbWindowSeconds?: number
}

/** Faults on top of the limits; all off by default. */
export interface OpenMusicFaults {
  /** Share of MusicBrainz requests answered with the global load-shedding 503 (0-1). */
  mbSheddingRate?: number
  /** Share of ListenBrainz requests answered 500 or 503 (0-1). */
  lbErrorRate?: number
  /** Share of requests to either service whose connection is reset (0-1). */
  resetRate?: number
  /** Seed of the fault dice (default 1). */
  seed?: number
}

/** What a missing or library-default User-Agent gets: MusicBrainz answers 503 or 403 (unverified which). */
export type AgentRefusal = 403 | 503

const MB_RATE_TEXT =
  'Your requests are exceeding the allowable rate limit. Please see http://wiki.musicbrainz.org/XMLWebService for more information.'
const MB_BUSY_TEXT = 'The MusicBrainz web server is currently busy. Please try again later.'
/**
 * Library defaults: those MusicBrainz pools as "anonymous" (NOTES.md 1.7), plus Node's own
 * `fetch` and other common defaults ListenBrainz blocks since August 2026.
 */
const ANONYMOUS_AGENTS =
  /^(java|python-urllib|python-requests|jakarta commons-httpclient|apache-httpclient|node$|undici|curl|axios|go-http-client)/i

/** True when a request does not say which application sends it. */
export function isAnonymousAgent(userAgent: string | undefined): boolean {
  return userAgent === undefined || userAgent.trim() === '' || ANONYMOUS_AGENTS.test(userAgent.trim())
}

/**
 * The openresty edge in front of musicbrainz.org, in its order: the User-Agent class, the per-IP
 * average rate (a leaky bucket: while a client is over it, *every* request is refused, and
 * refused requests count too, so only slowing down helps), then global load shedding. Its 503s
 * carry the edge's own hand-written JSON (a space after the colon, no `help`).
 */
export class MusicBrainzEdge {
  private readonly buckets = new Map<string, { level: number; at: number }>()

  constructor(
    public limits: Required<Pick<OpenMusicLimits, 'mbRequestsPerSecond' | 'mbBurst'>>,
    private readonly dice: FaultDice,
    public agentRefusal: AgentRefusal,
    private readonly now: () => number,
  ) {}

  /** Throws the edge's refusal, or returns when the request may reach the server. */
  admit(ip: string, userAgent: string | undefined): void {
    if (isAnonymousAgent(userAgent)) {
      if (this.agentRefusal === 403) {
        throw new ReplyError({
          status: 403,
          text: '{"error": "Your requests are missing a meaningful User-Agent. Please see https://musicbrainz.org/doc/MusicBrainz_API/Rate_Limiting for more information."}',
          headers: { 'content-type': 'application/json', server: 'openresty' },
        })
      }
      throw edge503(MB_RATE_TEXT, { 'retry-after': '1', 'x-ratelimit-zone': 'ws ua=anonymous' })
    }
    const now = this.now()
    const bucket = this.buckets.get(ip) ?? { level: 0, at: now }
    const rate = this.limits.mbRequestsPerSecond
    bucket.level = Math.max(0, bucket.level - ((now - bucket.at) / 1000) * rate) + 1
    bucket.at = now
    // A client that keeps hammering stays refused, but never for more than a minute's worth.
    bucket.level = Math.min(bucket.level, this.limits.mbBurst + rate * 60)
    this.buckets.set(ip, bucket)
    if (bucket.level > this.limits.mbBurst) {
      throw edge503(MB_RATE_TEXT, {
        'retry-after': '1',
        'x-ratelimit-zone': `ws ip=${ip}`,
        'x-ratelimit-limit': String(this.limits.mbBurst),
        'x-ratelimit-remaining': '0',
      })
    }
    if (this.dice.shed()) {
      throw edge503(MB_BUSY_TEXT, {
        'retry-after': '0',
        'x-ratelimit-zone': 'global',
        'x-ratelimit-limit': '15',
        'x-ratelimit-remaining': '12',
      })
    }
  }
}

function edge503(text: string, headers: Record<string, string>): ReplyError {
  return new ReplyError({
    status: 503,
    text: `{"error": "${text}"}`,
    headers: { 'content-type': 'application/json', server: 'openresty', ...headers },
  })
}

const LB_429_TEXT =
  'You have exceeded your rate limit. See the X-RateLimit-* response headers for more information on your current rate limit.'

/**
 * ListenBrainz's rate limit (brainzutils): one counter per IP in fixed windows aligned to
 * multiples of the window in Unix time; every answer carries the X-RateLimit-* headers, the 429
 * included (and no Retry-After).
 */
export class ListenBrainzWindow {
  private readonly counts = new Map<string, { window: number; count: number }>()

  constructor(
    public limits: Required<Pick<OpenMusicLimits, 'lbRequests' | 'lbWindowSeconds'>>,
    private readonly now: () => number,
  ) {}

  /** Counts one request; returns the headers to send, or throws the 429 (with them). */
  take(ip: string): Record<string, string> {
    const seconds = this.now() / 1000
    const size = this.limits.lbWindowSeconds
    const window = Math.floor(seconds / size) * size
    const entry = this.counts.get(ip)
    const count = entry?.window === window ? entry.count + 1 : 1
    this.counts.set(ip, { window, count })
    const limit = this.limits.lbRequests
    const headers = {
      'x-ratelimit-remaining': String(Math.max(0, limit - count)),
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-reset': String(window + size),
      'x-ratelimit-reset-in': String(Math.max(1, Math.ceil(window + size - seconds))),
      'access-control-expose-headers':
        'X-RateLimit-Remaining,X-RateLimit-Limit,X-RateLimit-Reset,X-RateLimit-Reset-In',
    }
    if (count > limit) throw lbError(429, LB_429_TEXT, headers)
    return headers
  }
}

/** Rolls the ListenBrainz and reset faults (one seeded die per request). */
export class FaultDice {
  private rng: Random

  constructor(public faults: OpenMusicFaults) {
    this.rng = new Random(hashInts(faults.seed ?? 1, 0x1b))
  }

  set(faults: OpenMusicFaults): void {
    this.faults = { ...faults }
    this.rng = new Random(hashInts(faults.seed ?? 1, 0x1b))
  }

  reset(): boolean {
    return this.rng.next() < (this.faults.resetRate ?? 0)
  }

  /** True when MusicBrainz sheds this request (global load: not the client's fault). */
  shed(): boolean {
    return this.rng.next() < (this.faults.mbSheddingRate ?? 0)
  }

  /** A ListenBrainz server error to answer, or undefined. */
  lbFailure(): ReplyError | undefined {
    if (this.rng.next() >= (this.faults.lbErrorRate ?? 0)) return undefined
    return this.rng.next() < 0.5
      ? lbError(500, 'An unknown error occured.')
      : lbError(
          503,
          'The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later.',
        )
  }
}
