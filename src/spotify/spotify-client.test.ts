import { afterEach, describe, expect, it } from 'vitest'
import { type ScriptedResponse, scriptedServer } from '../../test/support/scripted-server.js'
import {
  SpotifyAuthError,
  SpotifyRateLimitError,
  SpotifyRequestError,
  SpotifyUnavailableError,
} from './errors.js'
import { SpotifyClient } from './spotify-client.js'
import { ClientCredentialsTokenProvider } from './token-provider.js'

const TOKEN: ScriptedResponse = {
  status: 200,
  body: { access_token: 'tok-1', token_type: 'Bearer', expires_in: 3600 },
}
const SECRET = 'super-secret-value'
let close: (() => Promise<void>) | undefined

afterEach(async () => {
  await close?.()
  close = undefined
})

async function setup(api: ScriptedResponse[], token: ScriptedResponse[] = [TOKEN], options = {}) {
  const server = await scriptedServer({ '/api/token': token, '/v1/thing': api })
  close = server.close
  const waits: number[] = []
  const client = new SpotifyClient({
    apiBaseUrl: `${server.base}/v1`,
    tokens: new ClientCredentialsTokenProvider({
      clientId: 'id',
      clientSecret: SECRET,
      accountsBaseUrl: server.base,
    }),
    sleep: async (ms) => {
      waits.push(ms)
    },
    ...options,
  })
  return { client, server, waits }
}

describe('SpotifyClient HTTP policy', () => {
  it('sends the client credentials in a Basic header and the token as Bearer', async () => {
    const { client, server } = await setup([{ status: 200, body: { ok: true } }])
    const response = await client.get('/thing')
    expect(response).toMatchObject({ status: 200, body: { ok: true } })
    const tokenRequest = server.requests.find((r) => r.url === '/api/token')!
    expect(tokenRequest.headers.authorization).toBe(`Basic ${Buffer.from(`id:${SECRET}`).toString('base64')}`)
    expect(tokenRequest.body).toBe('grant_type=client_credentials')
    expect(server.requests.find((r) => r.url === '/v1/thing')!.headers.authorization).toBe('Bearer tok-1')
  })

  it('waits the Retry-After seconds on 429, then succeeds', async () => {
    // A clock that stands still, so the wait is not shortened by the milliseconds the test takes.
    const { client, waits } = await setup(
      [
        { status: 429, body: 'Too many requests', headers: { 'retry-after': '3' } },
        { status: 200, body: { ok: 1 } },
      ],
      [TOKEN],
      { now: () => Date.parse('2026-03-01T12:00:00Z') },
    )
    expect((await client.get('/thing')).body).toEqual({ ok: 1 })
    expect(waits).toEqual([3000])
    expect(client.stats).toMatchObject({ rateLimited: 1, retries: 1, requests: 2 })
  })

  it('stops with a resumable error when Retry-After exceeds the cap', async () => {
    const { client } = await setup([{ status: 429, body: {}, headers: { 'retry-after': '7200' } }], [TOKEN], {
      maxRetryAfterSeconds: 60,
    })
    const error = await client.get('/thing').catch((e) => e)
    expect(error).toBeInstanceOf(SpotifyRateLimitError)
    expect(error.message).toMatch(/wait 7200 s .* run again after \d{4}-/)
  })

  it('stops at once on QUOTA_EXCEEDED', async () => {
    const quota = { error: { status: 429, message: 'Too many requests', reason: 'QUOTA_EXCEEDED' } }
    const { client } = await setup([{ status: 429, body: quota, headers: { 'retry-after': '5' } }])
    await expect(client.get('/thing')).rejects.toThrow(/quota .* exhausted \(QUOTA_EXCEEDED\)/)
  })

  it('retries 5xx with backoff and gives up with a clear error', async () => {
    const { client, waits } = await setup(
      [{ status: 503, body: { error: { status: 503, message: 'x' } } }],
      [TOKEN],
      {
        maxAttempts: 3,
      },
    )
    const error = await client.get('/thing').catch((e) => e)
    expect(error).toBeInstanceOf(SpotifyUnavailableError)
    expect(error.message).toMatch(/kept answering 503/)
    expect(waits).toHaveLength(2)
  })

  it('refreshes the token once on 401', async () => {
    const { client, server } = await setup(
      [
        { status: 401, body: { error: { status: 401, message: 'The access token expired' } } },
        { status: 200, body: 1 },
      ],
      [TOKEN, { status: 200, body: { access_token: 'tok-2', token_type: 'Bearer', expires_in: 3600 } }],
    )
    expect((await client.get('/thing')).body).toBe(1)
    expect(server.requests.filter((r) => r.url === '/api/token')).toHaveLength(2)
    expect(server.requests.at(-1)!.headers.authorization).toBe('Bearer tok-2')
  })

  it('treats 400 as terminal with the API message', async () => {
    const { client } = await setup([{ status: 400, body: { error: { status: 400, message: 'invalid id' } } }])
    const error = await client.get('/thing').catch((e) => e)
    expect(error).toBeInstanceOf(SpotifyRequestError)
    expect(error.message).toMatch(/400 invalid id/)
  })

  it('says invalid_client without ever printing the secret', async () => {
    const { client } = await setup(
      [],
      [{ status: 400, body: { error: 'invalid_client', error_description: 'Invalid client secret' } }],
    )
    const error = await client.get('/thing').catch((e) => e)
    expect(error).toBeInstanceOf(SpotifyAuthError)
    expect(error.message).toMatch(
      /invalid_client \(Invalid client secret\); check SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET/,
    )
    expect(JSON.stringify(error)).not.toContain(SECRET)
    expect(error.message).not.toContain(SECRET)
  })

  it('names the host when the API is unreachable', async () => {
    const server = await scriptedServer({})
    await server.close() // a port that was just free: nothing listens there now
    const client = new SpotifyClient({
      apiBaseUrl: `${server.base}/v1`,
      tokens: { token: async () => 't', invalidate: () => {} },
      sleep: async () => {},
      maxAttempts: 2,
    })
    await expect(client.get('/thing')).rejects.toThrow(
      new RegExp(`cannot reach the Spotify API at ${server.base} \\(ECONNREFUSED\\)`),
    )
  })
})
