import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REFRESH_TOKEN_MAX_AGE_MS, type RunningEmulator, startEmulator } from '../emulator/index.js'
import { SpotifyAuthError, SpotifyReauthRequiredError } from './errors.js'
import { pkceLogin } from './pkce-login.js'
import { RefreshTokenProvider } from './refresh-token-provider.js'
import { SpotifyClient } from './spotify-client.js'

let emulator: RunningEmulator
let clock = Date.parse('2026-03-01T12:00:00Z')

beforeAll(async () => {
  emulator = await startEmulator({ day: '2026-03-01', now: () => clock })
})
afterAll(() => emulator.close())

/** Plays the browser: opens the announced URL, which redirects to the login's loopback callback. */
async function login(options: { port?: number; open?: (url: string) => Promise<unknown> } = {}) {
  let opened: Promise<unknown> = Promise.resolve()
  const result = await pkceLogin({
    clientId: emulator.clientId,
    accountsBaseUrl: emulator.accountsBaseUrl,
    port: options.port ?? 0,
    timeoutMs: 5_000,
    announce: (url) => {
      opened = (options.open ?? fetch)(url)
    },
  })
  await opened
  return result
}

describe('pkceLogin', () => {
  it('runs the PKCE flow through a 127.0.0.1 callback and returns a refresh token with the scopes', async () => {
    let announced = ''
    const result = await login({
      open: (url) => {
        announced = url
        return fetch(url)
      },
    })
    const params = new URL(announced).searchParams
    expect(params.get('code_challenge_method')).toBe('S256')
    expect(params.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)
    expect(params.has('client_secret')).toBe(false)
    expect(result.refreshToken).toMatch(/^AQ/)
    expect(result.scope.split(' ')).toContain('user-read-recently-played')
  })

  it('says the authorisation was declined when the user cancels', async () => {
    emulator.setAuthorizeApproves(false)
    try {
      await expect(login()).rejects.toThrow(
        'the authorisation was not granted (access_denied); run tunelake auth login again and approve the access',
      )
    } finally {
      emulator.setAuthorizeApproves(true)
    }
  })

  it('rejects a callback with another state, and gives up after the timeout', async () => {
    const forged = login({
      open: async (url) => {
        const redirect = new URL(url).searchParams.get('redirect_uri')!
        return fetch(`${redirect}?code=stolen&state=not-ours`)
      },
    })
    await expect(forged).rejects.toThrow(/wrong state .*run tunelake auth login again/)
    const silent = pkceLogin({
      clientId: emulator.clientId,
      accountsBaseUrl: emulator.accountsBaseUrl,
      port: 0,
      timeoutMs: 50,
      announce: () => {},
    })
    await expect(silent).rejects.toThrow(
      'no authorisation arrived within 0 s; run tunelake auth login again and open the URL it prints',
    )
  })
})

describe('RefreshTokenProvider', () => {
  it('rotates PKCE refresh tokens: each new one is handed over before use, and keeps working', async () => {
    const { refreshToken } = await login()
    const rotations: string[] = []
    const tokens = new RefreshTokenProvider(
      {
        accountsBaseUrl: emulator.accountsBaseUrl,
        clientId: emulator.clientId,
        refreshToken,
        origin: 'token file',
        onRotate: async (token) => {
          rotations.push(token)
        },
      },
      fetch,
      () => clock,
    )
    const client = new SpotifyClient({ apiBaseUrl: emulator.apiBaseUrl, tokens })
    expect(client.userAuthorised).toBe(true)
    expect((await client.get('/me/tracks?limit=1')).status).toBe(200)
    emulator.expireAccessTokens()
    expect((await client.get('/me/tracks?limit=1')).status).toBe(200)
    expect(rotations).toHaveLength(2)
    expect(new Set([refreshToken, ...rotations]).size).toBe(3)
    expect(client.stats.tokenRefreshes).toBe(1)
  })

  it('says to re-authorise with tunelake auth login once the refresh token is six months old', async () => {
    const tokens = new RefreshTokenProvider({
      accountsBaseUrl: emulator.accountsBaseUrl,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      refreshToken: emulator.demoUser.refreshToken,
      origin: 'SPOTIFY_REFRESH_TOKEN',
    })
    const client = new SpotifyClient({ apiBaseUrl: emulator.apiBaseUrl, tokens })
    const started = clock
    clock += REFRESH_TOKEN_MAX_AGE_MS
    try {
      const error = await client.get('/me').catch((e) => e)
      expect(error).toBeInstanceOf(SpotifyReauthRequiredError)
      expect(error.message).toBe(
        "Spotify refused the refresh token from the SPOTIFY_REFRESH_TOKEN (invalid_grant (Refresh token expired)): the user's authorisation expired or was revoked; re-authorise with tunelake auth login",
      )
      expect(error.message).not.toContain(emulator.demoUser.refreshToken)
    } finally {
      clock = started
    }
  })

  it('names the client id when Spotify does not know it', async () => {
    const tokens = new RefreshTokenProvider({
      accountsBaseUrl: emulator.accountsBaseUrl,
      clientId: 'someone-else',
      refreshToken: 'AQx',
      origin: 'token file',
    })
    const error = await tokens.token().catch((e) => e)
    expect(error).toBeInstanceOf(SpotifyAuthError)
    expect(error.message).toBe(
      "Spotify refused to refresh the user's token: invalid_client (Invalid client); check SPOTIFY_CLIENT_ID",
    )
  })
})
