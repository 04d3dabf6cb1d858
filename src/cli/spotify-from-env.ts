import { ConfigError } from '../config/config.js'
import {
  type ClientPolicy,
  SPOTIFY_ACCOUNTS_BASE_URL,
  SPOTIFY_API_BASE_URL,
  type SpotifyEndpoints,
  spotifyClientFor,
  tokensFor,
} from '../spotify/client-for-credentials.js'
import type { SpotifyClient } from '../spotify/spotify-client.js'
import { tokenFilePath, tokenFileProvider } from '../spotify/token-file.js'
import { hasUrlCredentials } from '../url-credentials.js'

/**
 * `SPOTIFY_API_BASE_URL` and `SPOTIFY_ACCOUNTS_BASE_URL`, else Spotify's own. One holding a user
 * name or password is a config error that does not repeat it: it would show in every message
 * naming the service.
 */
export function spotifyEndpointsFromEnv(env: NodeJS.ProcessEnv = process.env): SpotifyEndpoints {
  for (const name of ['SPOTIFY_API_BASE_URL', 'SPOTIFY_ACCOUNTS_BASE_URL'] as const) {
    if (hasUrlCredentials(env[name] ?? '')) {
      throw new ConfigError(
        `${name} has a user name or password in it; remove them: Spotify credentials go in SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET, or the token file of tunelake auth login`,
      )
    }
  }
  return {
    apiBaseUrl: env.SPOTIFY_API_BASE_URL || SPOTIFY_API_BASE_URL,
    accountsBaseUrl: env.SPOTIFY_ACCOUNTS_BASE_URL || SPOTIFY_ACCOUNTS_BASE_URL,
  }
}

/**
 * A Spotify client from the environment. The token comes from, in this order: a user's refresh
 * token in `SPOTIFY_REFRESH_TOKEN` (with `SPOTIFY_CLIENT_ID`, and `SPOTIFY_CLIENT_SECRET` for a
 * secret-based app); the token file `tunelake auth login` wrote (`TUNELAKE_TOKEN_FILE`, default
 * `~/.config/tunelake/spotify-token.json`; rotated tokens are written back); or the app's client
 * credentials (`SPOTIFY_CLIENT_ID` and `SPOTIFY_CLIENT_SECRET`), which read no user data.
 */
export async function spotifyClientFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  policy: ClientPolicy = {},
): Promise<SpotifyClient> {
  const { apiBaseUrl, accountsBaseUrl } = spotifyEndpointsFromEnv(env)
  const clientId = env.SPOTIFY_CLIENT_ID
  const clientSecret = env.SPOTIFY_CLIENT_SECRET || undefined
  if (env.SPOTIFY_REFRESH_TOKEN) {
    if (!clientId) {
      throw new ConfigError(
        'SPOTIFY_REFRESH_TOKEN is set but SPOTIFY_CLIENT_ID is not; export the id of the app the token was issued to',
      )
    }
    const credentials = { clientId, refreshToken: env.SPOTIFY_REFRESH_TOKEN }
    const tokens = tokensFor(clientSecret ? { ...credentials, clientSecret } : credentials, accountsBaseUrl)
    return spotifyClientFor(apiBaseUrl, tokens, policy)
  }
  const fromFile = await tokenFileProvider(tokenFilePath(env), accountsBaseUrl)
  if (fromFile) return spotifyClientFor(apiBaseUrl, fromFile, policy)
  if (!clientId || !clientSecret) {
    throw new ConfigError(
      'SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET are not set; export your Spotify app credentials (or run tunelake auth login), or run tunelake demo to use the built-in emulator',
    )
  }
  return spotifyClientFor(apiBaseUrl, tokensFor({ clientId, clientSecret }, accountsBaseUrl), policy)
}
