import type { Logger } from '../observability/logger.js'

/** What both clients share: how they wait, tell time and roll jitter, and where they log. */
export interface ClientRuntime {
  fetchFn: typeof fetch
  now: () => number
  /** Resolves after `ms`; rejects with the signal's reason when it aborts. */
  sleep: (ms: number) => Promise<void>
  random: () => number
  log: Logger | undefined
  signal: AbortSignal | undefined
}

/** Requests, retries and waits of one client, for the run record and the benchmark. */
export interface OpenMusicClientStats {
  /** HTTP requests sent (retries included). */
  requests: number
  retries: number
  /** Answers of the service's own rate limit (MusicBrainz's per-IP 503, ListenBrainz's 429). */
  rateLimited: number
  /** MusicBrainz's global load-shedding 503s. */
  shed: number
  serverErrors: number
  networkErrors: number
}

export function emptyStats(): OpenMusicClientStats {
  return { requests: 0, retries: 0, rateLimited: 0, shed: 0, serverErrors: 0, networkErrors: 0 }
}

/** `options` with defaults: real fetch, clock and timers; the sleep ends early when `signal` aborts. */
export function clientRuntime(options: Partial<ClientRuntime>): ClientRuntime {
  const signal = options.signal
  return {
    fetchFn: options.fetchFn ?? fetch,
    now: options.now ?? Date.now,
    sleep: options.sleep ?? ((ms) => abortableSleep(ms, signal)),
    random: options.random ?? Math.random,
    log: options.log,
    signal,
  }
}

function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** Exponential backoff with full jitter in [base/2, base], `base` doubling from `firstMs` to `maxMs`. */
export function backoffMs(attempt: number, firstMs: number, maxMs: number, random: () => number): number {
  const base = Math.min(maxMs, firstMs * 2 ** (attempt - 1))
  return base / 2 + random() * (base / 2)
}
