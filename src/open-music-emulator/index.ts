import type { AddressInfo } from 'node:net'
import { type RequestCounts, RequestStats } from '../emulator/request-stats.js'
import { openFaults } from './admin-routes.js'
import {
  type AgentRefusal,
  FaultDice,
  ListenBrainzWindow,
  MusicBrainzEdge,
  type OpenMusicFaults,
  type OpenMusicLimits,
} from './edge.js'
import { DEMO_LISTENBRAINZ_TOKEN } from './lb-routes.js'
import { type OpenMusicCatalog, openMusicCatalog } from './open-catalog.js'
import { ReplyError } from './reply.js'
import { createOpenMusicServer } from './server.js'

export type { AgentRefusal, OpenMusicFaults, OpenMusicLimits } from './edge.js'
export { isMbid, mbidOf } from './mbid.js'
export { OpenMusicCatalog, openMusicCatalog } from './open-catalog.js'
export type { MbArtistModel, MbRecordingModel, TagModel, TrackScenario } from './open-model.js'
export { DEMO_LISTENBRAINZ_TOKEN }

/** How to start the open-music emulator; every field has a default. */
export interface OpenMusicEmulatorOptions {
  /** Default 0: any free port. */
  port?: number
  /** Default '127.0.0.1'. */
  host?: string
  /** The synthetic catalog's seed (default 2026): the same as the Spotify emulator's gives the same ISRCs. */
  seed?: number
  /** Default: production's (MusicBrainz 1 request/s per IP, burst 3; ListenBrainz 30 per 10 s). */
  limits?: OpenMusicLimits
  faults?: OpenMusicFaults
  /** What a missing or library-default User-Agent gets (default 403). */
  agentRefusal?: AgentRefusal
  /** ListenBrainz user tokens accepted (default the demo token). */
  tokens?: readonly string[]
  /** Clock of the limits (default `Date.now`). */
  now?: () => number
}

/** A started open-music emulator. */
export interface RunningOpenMusicEmulator {
  /** e.g. `http://127.0.0.1:PORT/ws/2` (as `https://musicbrainz.org/ws/2`). */
  musicbrainzBaseUrl: string
  /** e.g. `http://127.0.0.1:PORT/1` (as `https://api.listenbrainz.org/1`). */
  listenbrainzBaseUrl: string
  /** A ListenBrainz token the emulator accepts. */
  listenbrainzToken: string
  catalog: OpenMusicCatalog
  stats(): RequestCounts
  resetStats(): void
  /** When each request to the service arrived (ms), refused ones included. */
  requestTimes(service: 'musicbrainz' | 'listenbrainz'): readonly number[]
  setFaults(faults: OpenMusicFaults): void
  setLimits(limits: OpenMusicLimits): void
  setAgentRefusal(refusal: AgentRefusal): void
  close(): Promise<void>
}

/**
 * Starts the MusicBrainz + ListenBrainz emulator over the synthetic catalog the Spotify emulator
 * serves (same seed, same ISRCs), with the behaviours of NOTES.md 4.8.
 *
 * @example
 * const open = await startOpenMusicEmulator({ limits: { mbRequestsPerSecond: 50 } })
 * // GET `${open.musicbrainzBaseUrl}/isrc/${isrc}?inc=artist-credits+tags&fmt=json`
 * await open.close()
 */
export async function startOpenMusicEmulator(
  options: OpenMusicEmulatorOptions = {},
): Promise<RunningOpenMusicEmulator> {
  const now = options.now ?? Date.now
  const catalog = openMusicCatalog(options.seed ?? 2026)
  const limits = {
    mbRequestsPerSecond: options.limits?.mbRequestsPerSecond ?? 1,
    mbBurst: options.limits?.mbBurst ?? 3,
    lbRequests: options.limits?.lbRequests ?? 30,
    lbWindowSeconds: options.limits?.lbWindowSeconds ?? 10,
  }
  let faults: OpenMusicFaults
  try {
    faults = openFaults({ ...options.faults })
  } catch (error) {
    throw error instanceof ReplyError ? new RangeError(`faults: ${error.reply.text}`) : error
  }
  const dice = new FaultDice(faults)
  const edge = new MusicBrainzEdge(limits, dice, options.agentRefusal ?? 403, now)
  const window = new ListenBrainzWindow(limits, now)
  const stats = new RequestStats()
  const times = { musicbrainz: [] as number[], listenbrainz: [] as number[] }
  const server = createOpenMusicServer({
    open: catalog,
    edge,
    window,
    dice,
    stats,
    tokens: options.tokens ?? [DEMO_LISTENBRAINZ_TOKEN],
    times,
    now,
  })
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  return {
    musicbrainzBaseUrl: `${origin}/ws/2`,
    listenbrainzBaseUrl: `${origin}/1`,
    listenbrainzToken: (options.tokens ?? [DEMO_LISTENBRAINZ_TOKEN])[0]!,
    catalog,
    stats: () => stats.snapshot(),
    resetStats: () => {
      stats.reset()
      times.musicbrainz.length = 0
      times.listenbrainz.length = 0
    },
    requestTimes: (service) => [...times[service]],
    setFaults: (next) => dice.set(next),
    setLimits(next) {
      edge.limits = {
        mbRequestsPerSecond: next.mbRequestsPerSecond ?? edge.limits.mbRequestsPerSecond,
        mbBurst: next.mbBurst ?? edge.limits.mbBurst,
      }
      window.limits = {
        lbRequests: next.lbRequests ?? window.limits.lbRequests,
        lbWindowSeconds: next.lbWindowSeconds ?? window.limits.lbWindowSeconds,
      }
    },
    setAgentRefusal(refusal) {
      edge.agentRefusal = refusal
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}
