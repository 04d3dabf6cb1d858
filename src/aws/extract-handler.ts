import { SPOTIFY_ACCOUNTS_BASE_URL, SPOTIFY_API_BASE_URL } from '../spotify/client-for-credentials.js'
import { configFromEnv } from './config-from-env.js'
import { type ExtractResult, runExtractJob } from './extract-job.js'
import { ENV, requireEnv } from './lambda-env.js'
import {
  type HandlerOptions,
  handlerIo,
  lakeFromEnv,
  loggerFromEnv,
  metricsNamespace,
} from './lambda-wiring.js'
import { SecretsManagerHttp, secretsManagerSettings } from './secrets-manager-http.js'
import { SpotifySecret } from './spotify-secret.js'

/**
 * The extract function: invoked daily by EventBridge Scheduler with `{"scheduledTime": ...}`
 * (or by hand with `{"snapshotDate": "YYYY-MM-DD"}`), it extracts the configured sources into
 * the raw bucket. Everything it needs comes from the environment the stack sets.
 */
export function createExtractHandler(
  options: HandlerOptions = {},
): (event: unknown) => Promise<ExtractResult> {
  return async (event) => {
    const { env, out, clock } = handlerIo(options)
    return runExtractJob(
      {
        store: lakeFromEnv(env),
        secret: new SpotifySecret(
          new SecretsManagerHttp(secretsManagerSettings(env)),
          requireEnv(env, ENV.spotifySecret),
        ),
        config: configFromEnv(env),
        timeZone: requireEnv(env, ENV.timeZone),
        spotify: {
          apiBaseUrl: env[ENV.spotifyApiBaseUrl] ?? SPOTIFY_API_BASE_URL,
          accountsBaseUrl: env[ENV.spotifyAccountsBaseUrl] ?? SPOTIFY_ACCOUNTS_BASE_URL,
        },
        logger: loggerFromEnv(env, 'extract', options.out),
        metricsNamespace: metricsNamespace(env),
        writeMetrics: out,
        clock,
      },
      event,
    )
  }
}

/** What Lambda calls (`index.handler`). */
export const handler = createExtractHandler()
