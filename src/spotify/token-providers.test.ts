import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type TokenPlace, tokenProviderContract } from '../../test/contracts/token-provider-contract.js'
import { pkceLogin } from './pkce-login.js'
import { RefreshTokenProvider } from './refresh-token-provider.js'
import { type StoredToken, tokenFileProvider, writeTokenFile } from './token-file.js'
import { ClientCredentialsTokenProvider } from './token-provider.js'

const WRONG_SECRET = 'wrong-secret-do-not-print'
const UNKNOWN_REFRESH_TOKEN = 'AQ-a-refresh-token-spotify-never-issued'

/** A PKCE (rotating) refresh token for the demo user, as `tunelake auth login` gets one. */
async function pkceRefreshToken({ emulator }: TokenPlace): Promise<string> {
  let opened: Promise<unknown> = Promise.resolve()
  const { refreshToken } = await pkceLogin({
    clientId: emulator.clientId,
    accountsBaseUrl: emulator.accountsBaseUrl,
    port: 0,
    timeoutMs: 5_000,
    announce: (url) => {
      opened = fetch(url)
    },
  })
  await opened
  return refreshToken
}

tokenProviderContract('client credentials', async ({ emulator, accountsBaseUrl, now }) => {
  const credentials = { clientId: emulator.clientId, clientSecret: emulator.clientSecret, accountsBaseUrl }
  return {
    tokens: new ClientCredentialsTokenProvider(credentials, fetch, now),
    reopen: async () => new ClientCredentialsTokenProvider(credentials, fetch, now),
    refused: async () => ({
      tokens: new ClientCredentialsTokenProvider({ ...credentials, clientSecret: WRONG_SECRET }, fetch, now),
      says: /invalid_client .*; check SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET$/,
    }),
    secrets: [emulator.clientSecret, WRONG_SECRET],
  }
})

const fromEnvironment = (place: TokenPlace, refreshToken: string, clientSecret?: string) =>
  new RefreshTokenProvider(
    {
      accountsBaseUrl: place.accountsBaseUrl,
      clientId: place.emulator.clientId,
      ...(clientSecret ? { clientSecret } : {}),
      refreshToken,
      origin: 'SPOTIFY_REFRESH_TOKEN',
    },
    fetch,
    place.now,
  )

tokenProviderContract('a refresh token in SPOTIFY_REFRESH_TOKEN (secret-based app)', async (place) => {
  const { clientSecret, demoUser } = place.emulator
  return {
    tokens: fromEnvironment(place, demoUser.refreshToken, clientSecret),
    reopen: async () => fromEnvironment(place, demoUser.refreshToken, clientSecret),
    refused: async () => ({
      tokens: fromEnvironment(place, UNKNOWN_REFRESH_TOKEN, clientSecret),
      says: /invalid_grant .*re-authorise with tunelake auth login$/,
    }),
    secrets: [clientSecret, demoUser.refreshToken, UNKNOWN_REFRESH_TOKEN],
  }
})

tokenProviderContract(
  'a refresh token in SPOTIFY_REFRESH_TOKEN (PKCE app)',
  async (place) => {
    const refreshToken = await pkceRefreshToken(place)
    return {
      tokens: fromEnvironment(place, refreshToken),
      reopen: async () => fromEnvironment(place, refreshToken),
      refused: async () => ({
        tokens: fromEnvironment(place, UNKNOWN_REFRESH_TOKEN),
        says: /invalid_grant .*re-authorise with tunelake auth login$/,
      }),
      secrets: [refreshToken, UNKNOWN_REFRESH_TOKEN],
    }
  },
  {
    unsupported: [
      {
        case: 'lets the next process use the same credentials after this one has',
        reason:
          "Spotify rotates a PKCE app's refresh token on use and the environment cannot be written back; the token file can",
        fails: /invalid_grant \(Refresh token revoked\)/,
      },
    ],
  },
)

tokenProviderContract('the token file of tunelake auth login', async (place) => {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'tunelake-token-')), 'spotify-token.json')
  const stored: StoredToken = {
    format: 'tunelake.spotify-token/v1',
    client_id: place.emulator.clientId,
    refresh_token: await pkceRefreshToken(place),
    scope: 'user-read-private',
    authorized_at: new Date(place.now()).toISOString(),
    accounts_base_url: place.emulator.accountsBaseUrl,
  }
  await writeTokenFile(file, stored)
  const openFile = async () => (await tokenFileProvider(file, place.accountsBaseUrl, place.now))!
  return {
    tokens: await openFile(),
    reopen: openFile,
    refused: async () => {
      const current = JSON.parse(await readFile(file, 'utf8')) as StoredToken
      place.emulator.revokeRefreshToken(current.refresh_token)
      return { tokens: await openFile(), says: /invalid_grant .*re-authorise with tunelake auth login$/ }
    },
    secrets: [stored.refresh_token],
  }
})
