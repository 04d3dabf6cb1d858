import { apiError, type EmulatorRequestError } from './errors.js'
import { hashInts, Random } from './prng.js'

/** Faults the emulator injects into Web API calls; all off by default. */
export interface FaultOptions {
  /** Share of calls answered 500, 502 or 503 (0-1). */
  errorRate?: number
  /** Share of calls whose connection is reset before any answer (0-1). */
  resetRate?: number
  /** Added latency per call, in ms. */
  latencyMs?: number
  /** Every N-th call first expires every access token issued so far (a token expiring mid-run). */
  expireTokensEvery?: number
  /** Seed of the fault dice (default 1): the same seed injects the same faults into the same calls. */
  seed?: number
}

/** What to do with one call. */
export type FaultDecision =
  | { kind: 'pass'; latencyMs: number; expireTokens: boolean }
  | { kind: 'reset'; latencyMs: number }
  | { kind: 'error'; latencyMs: number; error: EmulatorRequestError }

const SERVER_ERRORS: readonly [number, string][] = [
  [500, 'Server error.'],
  [502, 'Something went wrong'],
  [503, 'Service unavailable'],
]

/**
 * Rolls the dice for each Web API call: a reset connection, a 5xx with Spotify's error body, or
 * a pass (with the latency, and whether the access tokens expire just now).
 *
 * @example
 * const faults = new FaultInjector({ errorRate: 0.2, seed: 7 })
 * faults.decide() // { kind: 'error', error: 503 ... } about one call in five
 */
export class FaultInjector {
  private rng: Random
  private calls = 0

  constructor(private options: FaultOptions = {}) {
    this.rng = new Random(hashInts(options.seed ?? 1, 0xfa17))
  }

  get current(): FaultOptions {
    return { ...this.options }
  }

  set(options: FaultOptions): void {
    this.options = { ...options }
    this.rng = new Random(hashInts(options.seed ?? 1, 0xfa17))
    this.calls = 0
  }

  decide(): FaultDecision {
    const { errorRate = 0, resetRate = 0, latencyMs = 0, expireTokensEvery } = this.options
    this.calls++
    const roll = this.rng.next()
    if (roll < resetRate) return { kind: 'reset', latencyMs }
    if (roll < resetRate + errorRate) {
      const [status, message] = SERVER_ERRORS[this.rng.int(0, SERVER_ERRORS.length - 1)]!
      return { kind: 'error', latencyMs, error: apiError(status, message) }
    }
    const expireTokens = expireTokensEvery !== undefined && this.calls % expireTokensEvery === 0
    return { kind: 'pass', latencyMs, expireTokens }
  }
}
