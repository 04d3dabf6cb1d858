/** A client-side limit: at most `requests` sent in any rolling window of `windowMs` (default 30 s). */
export interface ClientRateLimit {
  requests: number
  windowMs?: number
}

/**
 * Where every request waits its turn: a rolling-window limiter (Spotify counts calls over a
 * rolling 30 s window) plus a shared pause, so one 429's Retry-After holds back every request,
 * not just the one that got it. The window is widened a little (5%, at most 250 ms) so requests
 * that arrive later than they left do not overrun the server's window.
 *
 * @example
 * const gate = new RequestGate({ requests: 150 }, Date.now, sleep)
 * await gate.acquire() // resolves when a request may be sent
 * gate.pause(3000)     // after a 429 with Retry-After: 3
 */
export class RequestGate {
  private readonly sent: number[] = []
  private head = 0
  private pausedUntil = 0

  constructor(
    private readonly limit: ClientRateLimit | undefined,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    if (limit && (!Number.isInteger(limit.requests) || limit.requests < 1)) {
      throw new RangeError(`a rate limit needs at least 1 request per window, got ${limit.requests}`)
    }
  }

  async acquire(): Promise<void> {
    const start = this.now()
    if (start < this.pausedUntil) await this.sleep(this.pausedUntil - start)
    if (!this.limit) return
    for (;;) {
      const now = this.now()
      const base = this.limit.windowMs ?? 30_000
      const windowMs = base + Math.min(250, base * 0.05)
      while (this.head < this.sent.length && this.sent[this.head]! <= now - windowMs) this.head++
      if (this.head > 4096) {
        this.sent.splice(0, this.head)
        this.head = 0
      }
      if (this.sent.length - this.head < this.limit.requests) {
        this.sent.push(now)
        return
      }
      await this.sleep(Math.max(1, this.sent[this.head]! + windowMs - now + 1))
    }
  }

  /** Holds every request back for `ms` from now (longer pauses win). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms)
  }
}
