import { ConfigError } from '../config/config.js'
import { SpotifyClient } from '../spotify/spotify-client.js'
import { ClientCredentialsTokenProvider } from '../spotify/token-provider.js'

export const SPOTIFY_API_BASE_URL = 'https://api.spotify.com/v1'
export const SPOTIFY_ACCOUNTS_BASE_URL = 'https://accounts.spotify.com'

/** A Spotify client from the environment: SPOTIFY_CLIENT_ID, SPOTIFY_CLIENT_SECRET and optional base URLs. */
export function spotifyClientFromEnv(env: NodeJS.ProcessEnv = process.env): SpotifyClient {
  const clientId = env.SPOTIFY_CLIENT_ID
  const clientSecret = env.SPOTIFY_CLIENT_SECRET
  if (!clientId || !clientSecret) {
    throw new ConfigError(
      'SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET are not set; export your Spotify app credentials, or run tunelake demo to use the built-in emulator',
    )
  }
  return spotifyClient({
    clientId,
    clientSecret,
    apiBaseUrl: env.SPOTIFY_API_BASE_URL ?? SPOTIFY_API_BASE_URL,
    accountsBaseUrl: env.SPOTIFY_ACCOUNTS_BASE_URL ?? SPOTIFY_ACCOUNTS_BASE_URL,
  })
}

export function spotifyClient(settings: {
  clientId: string
  clientSecret: string
  apiBaseUrl: string
  accountsBaseUrl: string
}): SpotifyClient {
  const tokens = new ClientCredentialsTokenProvider(settings)
  return new SpotifyClient({ apiBaseUrl: settings.apiBaseUrl, tokens })
}
