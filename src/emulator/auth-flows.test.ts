import { createHash, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { basicAuth, request, requestToken } from '../../test/support/emulator-test-client.js'
import { REFRESH_TOKEN_MAX_AGE_MS, type RunningEmulator, startEmulator } from './index.js'

let emulator: RunningEmulator
let clock = Date.parse('2026-03-01T12:00:00Z')
const REDIRECT = 'http://127.0.0.1:43210/callback'

beforeAll(async () => {
  emulator = await startEmulator({ day: '2026-03-01', now: () => clock })
})
afterAll(() => emulator.close())

function pkcePair() {
  const verifier = randomBytes(48).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

/** GET /authorize without following the redirect; returns the Location's query or the page. */
async function authorize(params: Record<string, string>) {
  const url = new URL(`${emulator.accountsBaseUrl}/authorize`)
  url.search = new URLSearchParams(params).toString()
  const response = await fetch(url, { redirect: 'manual' })
  const location = response.headers.get('location')
  return {
    status: response.status,
    text: await response.text(),
    query: location ? new URL(location).searchParams : undefined,
    location,
  }
}

function authorizeParams(challenge: string, extra: Record<string, string> = {}) {
  return {
    client_id: emulator.clientId,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: 'user-library-read playlist-read-private',
    state: 'st4te',
    code_challenge_method: 'S256',
    code_challenge: challenge,
    ...extra,
  }
}

async function pkceTokens() {
  const { verifier, challenge } = pkcePair()
  const { query } = await authorize(authorizeParams(challenge))
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: query!.get('code')!,
    redirect_uri: REDIRECT,
    client_id: emulator.clientId,
    code_verifier: verifier,
  })
  return requestToken(emulator, form.toString())
}

describe('authorization code with PKCE', () => {
  it('auto-approves: redirects to the loopback URI with code and state, and the code buys user tokens', async () => {
    const { verifier, challenge } = pkcePair()
    const answer = await authorize(authorizeParams(challenge))
    expect(answer.status).toBe(302)
    expect(answer.location!.startsWith(`${REDIRECT}?`)).toBe(true)
    expect(answer.query!.get('state')).toBe('st4te')
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code: answer.query!.get('code')!,
      redirect_uri: REDIRECT,
      client_id: emulator.clientId,
      code_verifier: verifier,
    })
    const tokens = await requestToken(emulator, form.toString())
    expect(tokens.status).toBe(200)
    expect(Object.keys(tokens.body)).toEqual([
      'access_token',
      'token_type',
      'expires_in',
      'refresh_token',
      'scope',
    ])
    expect(tokens.body.scope).toBe('user-library-read playlist-read-private')
    const me = await request(`${emulator.apiBaseUrl}/me`, {
      headers: { authorization: `Bearer ${tokens.body.access_token}` },
    })
    expect(me.body).toMatchObject({ id: 'tunelake-demo', type: 'user' })
    const again = await requestToken(emulator, form.toString())
    expect(again.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid authorization code' })
  })

  it('refuses a wrong code_verifier, and a redirect_uri that differs from the authorize one', async () => {
    const { challenge } = pkcePair()
    const code = async () => (await authorize(authorizeParams(challenge))).query!.get('code')!
    const wrongVerifier = await requestToken(
      emulator,
      new URLSearchParams({
        grant_type: 'authorization_code',
        code: await code(),
        redirect_uri: REDIRECT,
        client_id: emulator.clientId,
        code_verifier: pkcePair().verifier,
      }).toString(),
    )
    expect(wrongVerifier.body).toEqual({
      error: 'invalid_grant',
      error_description: 'code_verifier was incorrect',
    })
    const wrongRedirect = await requestToken(
      emulator,
      new URLSearchParams({
        grant_type: 'authorization_code',
        code: await code(),
        redirect_uri: 'http://127.0.0.1:1/other',
        client_id: emulator.clientId,
      }).toString(),
    )
    expect(wrongRedirect.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid redirect URI' })
  })

  it('refuses localhost and plain-http redirect URIs, an unknown client, and response_type=token', async () => {
    const { challenge } = pkcePair()
    for (const redirect of ['http://localhost:8888/callback', 'http://example.com/callback']) {
      const answer = await authorize(authorizeParams(challenge, { redirect_uri: redirect }))
      expect(answer.status).toBe(400)
      expect(answer.text).toBe('INVALID_CLIENT: Insecure redirect URI')
    }
    expect((await authorize(authorizeParams(challenge, { client_id: 'nobody' }))).text).toBe(
      'INVALID_CLIENT: Invalid client',
    )
    expect((await authorize(authorizeParams(challenge, { response_type: 'token' }))).status).toBe(400)
    expect((await authorize(authorizeParams(challenge, { redirect_uri: 'http://[::1]:9/cb' }))).status).toBe(
      302,
    )
  })

  it('redirects with error=access_denied when the user declines', async () => {
    emulator.setAuthorizeApproves(false)
    try {
      const { query } = await authorize(authorizeParams(pkcePair().challenge))
      expect(query!.get('error')).toBe('access_denied')
      expect(query!.get('state')).toBe('st4te')
      expect(query!.has('code')).toBe(false)
    } finally {
      emulator.setAuthorizeApproves(true)
    }
  })
})

describe('refresh tokens', () => {
  const refresh = (token: string, authorization?: string) =>
    requestToken(
      emulator,
      new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: token,
        ...(authorization === undefined && { client_id: emulator.clientId }),
      }).toString(),
      authorization,
    )

  it('rotate for PKCE clients: the new token works, the used one is invalid', async () => {
    const first = (await pkceTokens()).body.refresh_token as string
    const rotated = await refresh(first)
    expect(rotated.status).toBe(200)
    expect(rotated.body.refresh_token).toMatch(/^AQ/)
    expect(rotated.body.refresh_token).not.toBe(first)
    expect((await refresh(first)).body).toEqual({
      error: 'invalid_grant',
      error_description: 'Refresh token revoked',
    })
    expect((await refresh(rotated.body.refresh_token)).status).toBe(200)
  })

  it('do not rotate for secret-based clients (the demo user token), and expire six months after authorisation', async () => {
    const token = emulator.demoUser.refreshToken
    const first = await refresh(token, basicAuth(emulator))
    expect(first.status).toBe(200)
    expect(first.body).not.toHaveProperty('refresh_token')
    expect(first.body.scope).toContain('user-read-recently-played')
    const started = clock
    clock += REFRESH_TOKEN_MAX_AGE_MS
    try {
      expect((await refresh(token, basicAuth(emulator))).body).toEqual({
        error: 'invalid_grant',
        error_description: 'Refresh token expired',
      })
    } finally {
      clock = started
    }
    expect((await refresh(token, basicAuth(emulator))).status).toBe(200)
  })

  it('are invalid_grant once revoked, or unknown', async () => {
    const token = (await pkceTokens()).body.refresh_token as string
    expect(emulator.revokeRefreshToken(token)).toBe(true)
    expect((await refresh(token)).body.error_description).toBe('Refresh token revoked')
    expect((await refresh('AQnotatoken')).body).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid refresh token',
    })
  })
})

describe('user data needs a user token with the scope', () => {
  it('refuses a client-credentials token and a token without the scope with 403', async () => {
    const app = await requestToken(emulator, 'grant_type=client_credentials', basicAuth(emulator))
    const user = await pkceTokens() // scopes: user-library-read playlist-read-private
    const get = (path: string, token: string) =>
      request(`${emulator.apiBaseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })
    const insufficient = { error: { status: 403, message: 'Insufficient client scope' } }
    expect((await get('/me/tracks', app.body.access_token)).body).toEqual(insufficient)
    expect((await get('/me', app.body.access_token)).status).toBe(403)
    expect((await get('/me/tracks', user.body.access_token)).status).toBe(200)
    expect((await get('/me/top/tracks', user.body.access_token)).body).toEqual(insufficient)
    expect((await get('/me/player/recently-played', user.body.access_token)).status).toBe(403)
  })

  it('expires every issued access token on demand (a token expiring mid-run)', async () => {
    const user = await pkceTokens()
    const get = () =>
      request(`${emulator.apiBaseUrl}/me/tracks?limit=1`, {
        headers: { authorization: `Bearer ${user.body.access_token}` },
      })
    expect((await get()).status).toBe(200)
    emulator.expireAccessTokens()
    const expired = await get()
    expect(expired.status).toBe(401)
    expect(expired.body).toEqual({ error: { status: 401, message: 'The access token expired' } })
  })
})
