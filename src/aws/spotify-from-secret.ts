import type { ClientPolicy } from '../cli/spotify-from-env.js'
import { RefreshTokenProvider } from '../spotify/refresh-token-provider.js'
import { SpotifyClient } from '../spotify/spotify-client.js'
import { ClientCredentialsTokenProvider, type TokenProvider } from '../spotify/token-provider.js'
import type { SpotifyCredentials } from './spotify-secret.js'

export interface SpotifyEndpoints {
  apiBaseUrl: string
  accountsBaseUrl: string
}

export interface SecretClientPolicy extends ClientPolicy {
  /** Receives a refresh token Spotify rotated, to be written back before it is needed again. */
  onRotate: (refreshToken: string) => Promise<void>
}

/**
 * A Spotify client from the credentials in the secret, with the config's HTTP policy: a user's
 * refresh token when there is one (its rotations go to `onRotate`), else the app's client
 * credentials (which read no user data).
 */
export function spotifyClientFromSecret(
  credentials: SpotifyCredentials,
  endpoints: SpotifyEndpoints,
  policy: SecretClientPolicy,
): SpotifyClient {
  const { onRotate } = policy
  let tokens: TokenProvider
  if (credentials.refreshToken) {
    tokens = new RefreshTokenProvider({
      accountsBaseUrl: endpoints.accountsBaseUrl,
      clientId: credentials.clientId,
      ...(credentials.clientSecret ? { clientSecret: credentials.clientSecret } : {}),
      refreshToken: credentials.refreshToken,
      origin: 'SPOTIFY_REFRESH_TOKEN',
      onRotate,
    })
  } else {
    tokens = new ClientCredentialsTokenProvider({
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret!,
      accountsBaseUrl: endpoints.accountsBaseUrl,
    })
  }
  return new SpotifyClient({
    apiBaseUrl: endpoints.apiBaseUrl,
    tokens,
    ...(policy.requestsPer30s !== undefined && { rateLimit: { requests: policy.requestsPer30s } }),
    ...(policy.maxRetryAfterSeconds !== undefined && { maxRetryAfterSeconds: policy.maxRetryAfterSeconds }),
  })
}

/** The values the logger must scrub: the secret's fields and the Basic credentials made of them. */
export function secretValues(credentials: SpotifyCredentials): string[] {
  const values = [credentials.clientSecret, credentials.refreshToken].filter((v): v is string => !!v)
  if (credentials.clientSecret) {
    values.push(Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64'))
  }
  return values
}
