import { EmulatorRequestError } from './errors.js'

/** The short-window rate limit: at most `requests` in any rolling window of `windowMs` (default 30 s). */
export interface RateLimitOptions {
  requests: number
  windowMs?: number
}

/** The developer-account quota (Dev Mode, July 2026): after `requests`, every call is QUOTA_EXCEEDED. */
export interface QuotaOptions {
  requests: number
  /** Default 48925 s, a value observed in the field. */
  retryAfterSeconds?: number
}

/**
 * Spotify's limits as the emulator applies them to Web API calls: a rolling window (429 with a
 * `Retry-After` in whole seconds, every third one with a plain-text body as Spotify has been seen
 * to send), and optionally an exhausted quota (429 `{"reason":"QUOTA_EXCEEDED"}`, long Retry-After).
 * Answers that are refused do not count against the window.
 *
 * @example
 * const limiter = new RateLimiter({ requests: 100 }, undefined, Date.now)
 * limiter.admit() // throws EmulatorRequestError(429) once 100 calls fell into the last 30 s
 */
export class RateLimiter {
  private readonly times: number[] = []
  private head = 0
  private refused = 0
  private admitted = 0

  constructor(
    public rate: RateLimitOptions | undefined,
    public quota: QuotaOptions | undefined,
    private readonly now: () => number,
  ) {}

  /** Counts one call, or throws the 429 Spotify would answer. */
  admit(): void {
    if (this.quota && this.admitted >= this.quota.requests) {
      const seconds = this.quota.retryAfterSeconds ?? 48_925
      throw new EmulatorRequestError(
        429,
        { error: { status: 429, message: 'Too many requests', reason: 'QUOTA_EXCEEDED' } },
        { 'retry-after': String(seconds) },
      )
    }
    if (this.rate) {
      const now = this.now()
      const windowMs = this.rate.windowMs ?? 30_000
      while (this.head < this.times.length && this.times[this.head]! <= now - windowMs) this.head++
      if (this.head > 1024) {
        this.times.splice(0, this.head)
        this.head = 0
      }
      if (this.times.length - this.head >= this.rate.requests) {
        const oldest = this.times[this.head]!
        const seconds = Math.max(1, Math.ceil((oldest + windowMs - now) / 1000))
        const plain = this.refused++ % 3 === 2
        throw new EmulatorRequestError(
          429,
          plain ? 'Too many requests' : { error: { status: 429, message: 'API rate limit exceeded' } },
          { 'retry-after': String(seconds) },
          plain ? 'text/plain; charset=utf-8' : undefined,
        )
      }
      this.times.push(now)
    }
    this.admitted++
  }
}
