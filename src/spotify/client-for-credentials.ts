import { RefreshTokenProvider } from './refresh-token-provider.js'
import { SpotifyClient } from './spotify-client.js'
import { ClientCredentialsTokenProvider, type TokenProvider } from './token-provider.js'

export const SPOTIFY_API_BASE_URL = 'https://api.spotify.com/v1'
export const SPOTIFY_ACCOUNTS_BASE_URL = 'https://accounts.spotify.com'

export interface SpotifyEndpoints {
  apiBaseUrl: string
  accountsBaseUrl: string
}

/** An app's id, with its secret (client credentials, a confidential app) and a user's refresh token. */
export interface SpotifyCredentials {
  clientId: string
  clientSecret?: string
  refreshToken?: string
}

/** The HTTP policy knobs of the config's `spotify` section. */
export interface ClientPolicy {
  requestsPer30s?: number
  maxRetryAfterSeconds?: number
}

/**
 * The token provider for credentials, wherever they were read (the environment, Secrets
 * Manager): a user's refresh token when there is one (the rotations Spotify makes go to
 * `onRotate`), else the app's client credentials, which read no user data.
 */
export function tokensFor(
  credentials: SpotifyCredentials,
  accountsBaseUrl: string,
  onRotate?: (refreshToken: string) => Promise<void>,
): TokenProvider {
  const { clientId, clientSecret, refreshToken } = credentials
  if (!refreshToken) {
    return new ClientCredentialsTokenProvider({ clientId, clientSecret: clientSecret ?? '', accountsBaseUrl })
  }
  return new RefreshTokenProvider({
    accountsBaseUrl,
    clientId,
    ...(clientSecret ? { clientSecret } : {}),
    refreshToken,
    origin: 'SPOTIFY_REFRESH_TOKEN',
    ...(onRotate ? { onRotate } : {}),
  })
}

/**
 * A Spotify client on the given tokens with the config's HTTP policy.
 *
 * @example
 * spotifyClientFor(SPOTIFY_API_BASE_URL, tokensFor({ clientId, clientSecret }, SPOTIFY_ACCOUNTS_BASE_URL))
 */
export function spotifyClientFor(
  apiBaseUrl: string,
  tokens: TokenProvider,
  policy: ClientPolicy = {},
): SpotifyClient {
  return new SpotifyClient({
    apiBaseUrl,
    tokens,
    ...(policy.requestsPer30s !== undefined && { rateLimit: { requests: policy.requestsPer30s } }),
    ...(policy.maxRetryAfterSeconds !== undefined && { maxRetryAfterSeconds: policy.maxRetryAfterSeconds }),
  })
}
