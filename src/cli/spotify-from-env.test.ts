import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningEmulator, startEmulator } from '../emulator/index.js'
import { writeTokenFile } from '../spotify/token-file.js'
import { spotifyClientFromEnv } from './spotify-from-env.js'

let emulator: RunningEmulator
let dir: string

beforeAll(async () => {
  emulator = await startEmulator({ day: '2026-03-05' })
  dir = await mkdtemp(path.join(tmpdir(), 'tunelake-env-'))
})
afterAll(() => emulator.close())

const base = () => ({
  SPOTIFY_API_BASE_URL: emulator.apiBaseUrl,
  SPOTIFY_ACCOUNTS_BASE_URL: emulator.accountsBaseUrl,
  TUNELAKE_TOKEN_FILE: path.join(dir, 'absent.json'),
})

describe('spotifyClientFromEnv', () => {
  it('uses SPOTIFY_REFRESH_TOKEN first: a user client that reads /me', async () => {
    const client = await spotifyClientFromEnv({
      ...base(),
      SPOTIFY_CLIENT_ID: emulator.clientId,
      SPOTIFY_CLIENT_SECRET: emulator.clientSecret,
      SPOTIFY_REFRESH_TOKEN: emulator.demoUser.refreshToken,
    })
    expect(client.userAuthorised).toBe(true)
    expect((await client.get('/me')).body).toMatchObject({ id: emulator.demoUser.id })
  })

  it('then the token file of tunelake auth login, then the app credentials', async () => {
    const file = path.join(dir, 'token.json')
    await writeTokenFile(file, {
      format: 'tunelake.spotify-token/v1',
      client_id: emulator.clientId,
      refresh_token: 'AQnot-a-real-one',
      scope: '',
      authorized_at: '2026-03-05T06:00:00.000Z',
      accounts_base_url: emulator.accountsBaseUrl,
    })
    const fromFile = await spotifyClientFromEnv({ ...base(), TUNELAKE_TOKEN_FILE: file })
    expect(fromFile.userAuthorised).toBe(true)
    await expect(fromFile.get('/me')).rejects.toThrow(
      /refresh token from the token file \(invalid_grant \(Invalid refresh token\)\).*re-authorise with tunelake auth login/,
    )
    const app = await spotifyClientFromEnv({
      ...base(),
      SPOTIFY_CLIENT_ID: emulator.clientId,
      SPOTIFY_CLIENT_SECRET: emulator.clientSecret,
    })
    expect(app.userAuthorised).toBe(false)
    expect((await app.get('/markets')).status).toBe(200)
  })

  it('says what to set when nothing usable is there', async () => {
    await expect(spotifyClientFromEnv(base())).rejects.toThrow(
      'SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET are not set; export your Spotify app credentials (or run tunelake auth login), or run tunelake demo to use the built-in emulator',
    )
    await expect(spotifyClientFromEnv({ ...base(), SPOTIFY_REFRESH_TOKEN: 'AQx' })).rejects.toThrow(
      'SPOTIFY_REFRESH_TOKEN is set but SPOTIFY_CLIENT_ID is not; export the id of the app the token was issued to',
    )
  })
})
