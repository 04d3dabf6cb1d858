import type { RequestStats } from '../emulator/request-stats.js'
import type { AgentRefusal, FaultDice, ListenBrainzWindow, MusicBrainzEdge, OpenMusicFaults } from './edge.js'
import { mbError } from './reply.js'

export interface OpenAdminTargets {
  edge: MusicBrainzEdge
  window: ListenBrainzWindow
  dice: FaultDice
  stats: RequestStats
}

/**
 * The open-music emulator's admin routes (never part of either service; for tests and scripts):
 * - `GET|DELETE /admin/stats`: request counters by route and status
 * - `GET|POST /admin/faults` `{mbSheddingRate, lbErrorRate, resetRate, seed}`
 * - `GET|POST /admin/limits` `{mbRequestsPerSecond, mbBurst, lbRequests, lbWindowSeconds}`
 * - `GET|POST /admin/user-agent` `{refusal: 403 | 503}`: what a missing or generic User-Agent gets
 */
export function openAdminRoute(
  targets: OpenAdminTargets,
  path: string,
  method: string,
  body: unknown,
): unknown {
  const input = (body ?? {}) as Record<string, unknown>
  const post = method === 'POST'
  if (!post && method !== 'GET' && !(method === 'DELETE' && path === '/admin/stats')) {
    throw mbError(405, 'Method not allowed')
  }
  switch (path) {
    case '/admin/stats':
      if (method === 'DELETE') targets.stats.reset()
      return targets.stats.snapshot()
    case '/admin/faults':
      if (post) targets.dice.set(openFaults(input))
      return targets.dice.faults
    case '/admin/limits':
      if (post) setLimits(targets, input)
      return { ...targets.edge.limits, ...targets.window.limits }
    case '/admin/user-agent':
      if (post) {
        if (input.refusal !== 403 && input.refusal !== 503) throw mbError(400, 'refusal must be 403 or 503')
        targets.edge.agentRefusal = input.refusal as AgentRefusal
      }
      return { refusal: targets.edge.agentRefusal }
    default:
      throw mbError(404, 'Not Found')
  }
}

/** Checks fault options (shares 0-1, a whole seed). */
export function openFaults(input: Record<string, unknown>): OpenMusicFaults {
  const out: OpenMusicFaults = {}
  for (const key of ['mbSheddingRate', 'lbErrorRate', 'resetRate'] as const) {
    const value = input[key]
    if (value === undefined) continue
    if (typeof value !== 'number' || value < 0 || value > 1) throw mbError(400, `${key} must be 0-1`)
    out[key] = value
  }
  if (input.seed !== undefined) {
    if (!Number.isInteger(input.seed)) throw mbError(400, 'seed must be a whole number')
    out.seed = input.seed as number
  }
  return out
}

function setLimits(targets: OpenAdminTargets, input: Record<string, unknown>): void {
  const positive = (key: string) => {
    const value = input[key]
    if (value === undefined) return undefined
    if (typeof value !== 'number' || !(value > 0)) throw mbError(400, `${key} must be a number above 0`)
    return value
  }
  const next = {
    mbRequestsPerSecond: positive('mbRequestsPerSecond') ?? targets.edge.limits.mbRequestsPerSecond,
    mbBurst: positive('mbBurst') ?? targets.edge.limits.mbBurst,
    lbRequests: positive('lbRequests') ?? targets.window.limits.lbRequests,
    lbWindowSeconds: positive('lbWindowSeconds') ?? targets.window.limits.lbWindowSeconds,
  }
  targets.edge.limits = { mbRequestsPerSecond: next.mbRequestsPerSecond, mbBurst: next.mbBurst }
  targets.window.limits = { lbRequests: next.lbRequests, lbWindowSeconds: next.lbWindowSeconds }
}
