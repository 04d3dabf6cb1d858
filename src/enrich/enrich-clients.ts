import type { Logger } from '../observability/logger.js'
import { ListenBrainzClient } from '../open-music/listenbrainz-client.js'
import { MusicBrainzClient } from '../open-music/musicbrainz-client.js'
import { userAgent } from '../open-music/user-agent.js'

/** Where the services are and who asks them: the config's `enrich` settings and the environment's token. */
export interface EnrichClientSettings {
  musicbrainzUrl: string
  listenbrainzUrl: string
  /** The User-Agent's contact (an e-mail or URL). */
  contact: string
  /** A ListenBrainz user token (LISTENBRAINZ_TOKEN), for the lookup by names; never logged. */
  token?: string
  /** Pacing under the services' limits (defaults: 0.8 a second, 25 per 10 s). */
  mbRequestsPerSecond?: number
  lbRequestsPer10s?: number
  signal?: AbortSignal
  log?: Logger
  now?: () => number
}

/** The two clients of the enrichment, sharing the User-Agent, the stop signal and the logger. */
export function enrichClients(settings: EnrichClientSettings): {
  musicbrainz: MusicBrainzClient
  listenbrainz: ListenBrainzClient
} {
  const agent = userAgent(settings.contact)
  const runtime = {
    ...(settings.signal && { signal: settings.signal }),
    ...(settings.log && { log: settings.log }),
    ...(settings.now && { now: settings.now }),
  }
  return {
    musicbrainz: new MusicBrainzClient({
      baseUrl: settings.musicbrainzUrl,
      userAgent: agent,
      ...(settings.mbRequestsPerSecond && { requestsPerSecond: settings.mbRequestsPerSecond }),
      ...runtime,
    }),
    listenbrainz: new ListenBrainzClient({
      baseUrl: settings.listenbrainzUrl,
      userAgent: agent,
      ...(settings.token && { token: settings.token }),
      ...(settings.lbRequestsPer10s && { requestsPer10s: settings.lbRequestsPer10s }),
      ...runtime,
    }),
  }
}
