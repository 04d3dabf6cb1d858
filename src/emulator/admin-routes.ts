import { isApiMode } from '../spotify/api-mode.js'
import type { Accounts } from './accounts.js'
import { isValidDay } from './days.js'
import { apiError } from './errors.js'
import type { FaultInjector, FaultOptions } from './faults.js'
import type { RateLimiter } from './rate-limit.js'
import type { RequestStats } from './request-stats.js'
import type { EmulatorState } from './state.js'

/** What the admin routes act on. */
export interface AdminTargets {
  state: EmulatorState
  accounts: Accounts
  limiter: RateLimiter
  faults: FaultInjector
  stats: RequestStats
}

/**
 * The emulator's admin routes (never part of Spotify's API; for tests, benchmarks and scripts):
 * - `GET|POST /admin/clock` `{day, mode}`: the simulated day and API mode
 * - `GET|DELETE /admin/stats`: request counters by route and status
 * - `GET|POST /admin/faults` `{errorRate, resetRate, latencyMs, expireTokensEvery, seed}`
 * - `GET|POST /admin/limits` `{rateLimit: {requests, windowMs} | null, quota: {requests, retryAfterSeconds} | null}`
 * - `POST /admin/expire-tokens`: every access token issued so far expires
 * - `POST /admin/revoke` `{refresh_token}`: revokes a refresh token
 */
export function adminRoute(targets: AdminTargets, path: string, method: string, body: unknown): unknown {
  const input = (body ?? {}) as Record<string, unknown>
  const post = method === 'POST'
  if (!post && method !== 'GET' && !(method === 'DELETE' && path === '/admin/stats')) {
    throw apiError(405, 'Method not allowed')
  }
  switch (path) {
    case '/admin/clock': {
      if (post) setClock(targets.state, input)
      return { day: targets.state.day, mode: targets.state.mode }
    }
    case '/admin/stats':
      if (method === 'DELETE') targets.stats.reset()
      return targets.stats.snapshot()
    case '/admin/faults':
      if (post) targets.faults.set(faultOptions(input))
      return targets.faults.current
    case '/admin/limits':
      if (post) {
        if ('rateLimit' in input) targets.limiter.rate = limit(input.rateLimit, 'rateLimit') as never
        if ('quota' in input) targets.limiter.quota = limit(input.quota, 'quota') as never
      }
      return { rateLimit: targets.limiter.rate ?? null, quota: targets.limiter.quota ?? null }
    case '/admin/expire-tokens':
      if (!post) throw apiError(405, 'Method not allowed')
      targets.accounts.accessTokens.expireAll()
      return { expired: true }
    case '/admin/revoke': {
      if (!post) throw apiError(405, 'Method not allowed')
      const token = input.refresh_token
      if (typeof token !== 'string') throw apiError(400, 'refresh_token must be a string')
      return { revoked: targets.accounts.refreshTokens.revoke(token) }
    }
    default:
      throw apiError(404, 'Service not found')
  }
}

function setClock(state: EmulatorState, input: Record<string, unknown>): void {
  const { day, mode } = input
  if (typeof day !== 'string' || !isValidDay(day)) throw apiError(400, 'day must be a YYYY-MM-DD date')
  if (mode !== undefined && !isApiMode(mode)) throw apiError(400, 'mode must be extended or development')
  state.day = day
  if (mode !== undefined) state.mode = mode
}

function faultOptions(input: Record<string, unknown>): FaultOptions {
  const out: FaultOptions = {}
  for (const key of ['errorRate', 'resetRate'] as const) {
    const value = input[key]
    if (value === undefined) continue
    if (typeof value !== 'number' || value < 0 || value > 1) throw apiError(400, `${key} must be 0-1`)
    out[key] = value
  }
  for (const key of ['latencyMs', 'expireTokensEvery', 'seed'] as const) {
    const value = input[key]
    if (value === undefined) continue
    if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < (key === 'expireTokensEvery' ? 1 : 0)
    ) {
      throw apiError(400, `${key} must be a whole number`)
    }
    out[key] = value
  }
  return out
}

function limit(value: unknown, name: string): Record<string, number> | undefined {
  if (value === null) return undefined
  const o = (value ?? {}) as Record<string, unknown>
  if (typeof o.requests !== 'number' || !Number.isInteger(o.requests) || o.requests < 1) {
    throw apiError(400, `${name}.requests must be a whole number >= 1`)
  }
  const out: Record<string, number> = { requests: o.requests }
  for (const key of ['windowMs', 'retryAfterSeconds']) {
    const v = o[key]
    if (v === undefined) continue
    if (typeof v !== 'number' || v < 1) throw apiError(400, `${name}.${key} must be >= 1`)
    out[key] = v
  }
  return out
}
