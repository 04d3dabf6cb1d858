import { ConfigError } from '../config/config.js'
import { RefreshTokenProvider } from '../spotify/refresh-token-provider.js'
import { SpotifyClient } from '../spotify/spotify-client.js'
import { tokenFilePath, tokenFileProvider } from '../spotify/token-file.js'
import { ClientCredentialsTokenProvider, type TokenProvider } from '../spotify/token-provider.js'

export const SPOTIFY_API_BASE_URL = 'https://api.spotify.com/v1'
export const SPOTIFY_ACCOUNTS_BASE_URL = 'https://accounts.spotify.com'

/** The HTTP policy knobs of the config's `spotify` section. */
export interface ClientPolicy {
  requestsPer30s?: number
  maxRetryAfterSeconds?: number
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
  const apiBaseUrl = env.SPOTIFY_API_BASE_URL || SPOTIFY_API_BASE_URL
  const accountsBaseUrl = env.SPOTIFY_ACCOUNTS_BASE_URL || SPOTIFY_ACCOUNTS_BASE_URL
  const clientId = env.SPOTIFY_CLIENT_ID
  const clientSecret = env.SPOTIFY_CLIENT_SECRET || undefined
  let tokens: TokenProvider
  if (env.SPOTIFY_REFRESH_TOKEN) {
    if (!clientId) {
      throw new ConfigError(
        'SPOTIFY_REFRESH_TOKEN is set but SPOTIFY_CLIENT_ID is not; export the id of the app the token was issued to',
      )
    }
    tokens = new RefreshTokenProvider({
      accountsBaseUrl,
      clientId,
      ...(clientSecret ? { clientSecret } : {}),
      refreshToken: env.SPOTIFY_REFRESH_TOKEN,
      origin: 'SPOTIFY_REFRESH_TOKEN',
    })
  } else {
    const fromFile = await tokenFileProvider(tokenFilePath(env), accountsBaseUrl)
    if (fromFile) {
      tokens = fromFile
    } else {
      if (!clientId || !clientSecret) {
        throw new ConfigError(
          'SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET are not set; export your Spotify app credentials (or run tunelake auth login), or run tunelake demo to use the built-in emulator',
        )
      }
      tokens = new ClientCredentialsTokenProvider({ clientId, clientSecret, accountsBaseUrl })
    }
  }
  return new SpotifyClient({
    apiBaseUrl,
    tokens,
    ...(policy.requestsPer30s !== undefined && { rateLimit: { requests: policy.requestsPer30s } }),
    ...(policy.maxRetryAfterSeconds !== undefined && { maxRetryAfterSeconds: policy.maxRetryAfterSeconds }),
  })
}

/** A client-credentials client (the emulator's demo credentials, tests). */
export function spotifyClient(settings: {
  clientId: string
  clientSecret: string
  apiBaseUrl: string
  accountsBaseUrl: string
}): SpotifyClient {
  const tokens = new ClientCredentialsTokenProvider(settings)
  return new SpotifyClient({ apiBaseUrl: settings.apiBaseUrl, tokens })
}
