import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  basicAuth,
  EmulatorTestClient,
  request,
  requestToken,
} from '../../test/support/emulator-test-client.js'
import { PLAYLIST_IDS, type RunningEmulator, startEmulator } from './index.js'

let emulator: RunningEmulator
let clock = Date.parse('2026-03-01T12:00:00Z')

beforeAll(async () => {
  emulator = await startEmulator({ day: '2026-03-01', tokenTtlSeconds: 60, now: () => clock })
})
afterAll(() => emulator.close())

describe('POST /api/token', () => {
  it('issues a bearer token for credentials in a Basic header', async () => {
    const response = await requestToken(emulator, 'grant_type=client_credentials', basicAuth(emulator))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(Object.keys(response.body).sort()).toEqual(['access_token', 'expires_in', 'token_type'])
    expect(response.body).toMatchObject({ token_type: 'Bearer', expires_in: 60 })
    expect(response.body.access_token).toMatch(/^BQ[\w-]{40,}$/)
  })

  it('accepts the credentials in the form body instead', async () => {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: emulator.clientId,
      client_secret: emulator.clientSecret,
    })
    const response = await requestToken(emulator, form.toString())
    expect(response.status).toBe(200)
    expect(response.body.token_type).toBe('Bearer')
  })

  it('refuses an unknown client and a wrong secret with the OAuth error bodies', async () => {
    const unknown = await requestToken(
      emulator,
      'grant_type=client_credentials',
      basicAuth(emulator, 'nobody', 'x'),
    )
    expect(unknown.status).toBe(400)
    expect(unknown.body).toEqual({ error: 'invalid_client', error_description: 'Invalid client' })
    const wrong = await requestToken(
      emulator,
      'grant_type=client_credentials',
      basicAuth(emulator, undefined, 'nope'),
    )
    expect(wrong.status).toBe(400)
    expect(wrong.body).toEqual({ error: 'invalid_client', error_description: 'Invalid client secret' })
  })

  it('refuses a missing or unsupported grant_type', async () => {
    const missing = await requestToken(emulator, '', basicAuth(emulator))
    expect(missing.status).toBe(400)
    expect(missing.body).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'grant_type parameter is missing',
    })
    const implicit = await requestToken(emulator, 'grant_type=password', basicAuth(emulator))
    expect(implicit.status).toBe(400)
    expect(implicit.body.error).toBe('unsupported_grant_type')
  })
})

describe('Web API authentication', () => {
  const url = () => `${emulator.apiBaseUrl}/playlists/${PLAYLIST_IDS.nightDrive}`

  it('401 "No token provided" without an Authorization header', async () => {
    const response = await request(url())
    expect(response.status).toBe(401)
    expect(response.body).toEqual({ error: { status: 401, message: 'No token provided' } })
  })

  it('400 for a non-bearer scheme', async () => {
    const response = await request(url(), { headers: { authorization: basicAuth(emulator) } })
    expect(response.status).toBe(400)
    expect(response.body).toEqual({
      error: { status: 400, message: 'Only valid bearer authentication supported' },
    })
  })

  it('401 "Invalid access token" for a token it never issued', async () => {
    const response = await request(url(), { headers: { authorization: 'Bearer BQnotatoken' } })
    expect(response.status).toBe(401)
    expect(response.body).toEqual({ error: { status: 401, message: 'Invalid access token' } })
  })

  it('401 "The access token expired" with WWW-Authenticate once the TTL has passed', async () => {
    const client = await EmulatorTestClient.connect(emulator)
    expect((await client.get(`/playlists/${PLAYLIST_IDS.nightDrive}`)).status).toBe(200)
    clock += 60_000
    try {
      const response = await client.get(`/playlists/${PLAYLIST_IDS.nightDrive}`)
      expect(response.status).toBe(401)
      expect(response.body).toEqual({ error: { status: 401, message: 'The access token expired' } })
      expect(response.headers.get('www-authenticate')).toBe(
        'Bearer realm="spotify", error="invalid_token", error_description="The access token expired"',
      )
    } finally {
      clock -= 60_000
    }
  })

  it('404 "Service not found" for an unknown route, and marks every answer synthetic', async () => {
    const client = await EmulatorTestClient.connect(emulator)
    const response = await client.get('/browse/featured-playlists')
    expect(response.status).toBe(404)
    expect(response.body).toEqual({ error: { status: 404, message: 'Service not found' } })
    expect(response.headers.get('x-tunelake-synthetic')).toBe('true')
  })
})
