import type { EnrichClientSettings } from '../enrich/enrich-clients.js'
import type { EnrichOptions } from '../pipeline/run-enrich.js'
import { ConfigError, type TunelakeConfig } from './config.js'

/** The variable holding a ListenBrainz user token (listenbrainz.org/settings); never logged or landed. */
export const LISTENBRAINZ_TOKEN_ENV = 'LISTENBRAINZ_TOKEN'

/** Why the enrichment cannot ask anything with these settings, or undefined when it can. */
export function enrichBlocker(config: Pick<TunelakeConfig, 'enrich'>): string | undefined {
  if (config.enrich.contact) return undefined
  return 'MusicBrainz and ListenBrainz want to know who asks: set enrich.contact in the config to your e-mail address or a URL (or enrich.enabled to false)'
}

/** How a run enriches with this config and environment (`run`, the daemon, the AWS home). */
export function enrichOptionsOf(
  config: Pick<TunelakeConfig, 'enrich'>,
  env: NodeJS.ProcessEnv,
): EnrichOptions {
  const blocker = enrichBlocker(config)
  return {
    ...(config.enrich.enabled !== undefined && { enabled: config.enrich.enabled }),
    ...(blocker ? { blocker } : { settings: enrichClientSettings(config, env) }),
  }
}

/** The clients' settings from the config and the environment; a ConfigError without a contact. */
export function enrichClientSettings(
  config: Pick<TunelakeConfig, 'enrich'>,
  env: NodeJS.ProcessEnv,
): EnrichClientSettings {
  const blocker = enrichBlocker(config)
  if (blocker) throw new ConfigError(blocker)
  const token = env[LISTENBRAINZ_TOKEN_ENV]?.trim()
  return {
    musicbrainzUrl: config.enrich.musicbrainz_url,
    listenbrainzUrl: config.enrich.listenbrainz_url,
    contact: config.enrich.contact!,
    ...(token && { token }),
  }
}
