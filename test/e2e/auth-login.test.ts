import { spawn } from 'node:child_process'
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js'
import { tunelake } from '../support/cli.js'

const BIN = fileURLToPath(new URL('../../bin/tunelake.js', import.meta.url))
let emulator: RunningEmulator
let dir: string
let tokenFile: string

beforeAll(async () => {
  emulator = await startEmulator({ day: '2026-03-05' })
  dir = await mkdtemp(path.join(tmpdir(), 'tunelake-auth-'))
  tokenFile = path.join(dir, 'config', 'token.json')
})
afterAll(() => emulator.close())

const env = (extra: Record<string, string> = {}) => ({
  SPOTIFY_CLIENT_ID: emulator.clientId,
  SPOTIFY_API_BASE_URL: emulator.apiBaseUrl,
  SPOTIFY_ACCOUNTS_BASE_URL: emulator.accountsBaseUrl,
  TUNELAKE_TOKEN_FILE: tokenFile,
  ...extra,
})

/** `tunelake auth login`, with this test as the browser: it opens the URL the command prints. */
function login(): Promise<{ code: number | null; stdout: string; stderr: string; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'auth', 'login', '--port', '0', '--timeout', '20'], {
      env: { ...process.env, SPOTIFY_CLIENT_SECRET: '', ...env() },
    })
    let stdout = ''
    let stderr = ''
    let url = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
      const found = /(http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+)/.exec(stderr)
      if (found && !url) {
        url = found[1]!
        fetch(url).catch(reject)
      }
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr, url }))
  })
}

async function config(name: string, sources: unknown[]): Promise<string> {
  const file = path.join(dir, name)
  await writeFile(file, JSON.stringify({ lake: path.join(dir, `lake-${name}`), sources }))
  return file
}

describe('tunelake auth', () => {
  it('login runs PKCE over a 127.0.0.1 redirect and stores the refresh token in a 0600 file', async () => {
    const result = await login()
    expect(result.code).toBe(0)
    const params = new URL(result.url).searchParams
    expect(params.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)
    expect(params.get('code_challenge_method')).toBe('S256')
    expect(result.stdout).toMatch(
      new RegExp(
        `^authorised \\(scopes: playlist-read-private .*\\); refresh token stored in ${tokenFile} \\(mode 0600\\)`,
      ),
    )
    const stored = JSON.parse(await readFile(tokenFile, 'utf8'))
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600)
    expect(stored).toMatchObject({ format: 'tunelake.spotify-token/v1', client_id: emulator.clientId })
    expect(result.stdout + result.stderr).not.toContain(stored.refresh_token)
    const status = await tunelake(['auth', 'status'], env())
    expect(
      status.stdout.startsWith(`${tokenFile}: app ${emulator.clientId}, scopes playlist-read-private`),
    ).toBe(true)
    expect(status.stdout).toMatch(/, authorised \d{4}-\S+, expires \d{4}-\S+\n$/)
    expect(status.stdout).not.toContain(stored.refresh_token)
  })

  it('then tunelake run reads the user data with it, rotating the stored token', async () => {
    const before = JSON.parse(await readFile(tokenFile, 'utf8')).refresh_token
    const file = await config('user.json', [{ type: 'recently_played' }])
    const result = await tunelake(['run', '--config', file, '--date', '2026-03-05'], env())
    expect(result.stderr).not.toMatch(/tunelake: /)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/succeeded/)
    const after = JSON.parse(await readFile(tokenFile, 'utf8'))
    expect(after.refresh_token).not.toBe(before)
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600)
  }, 60_000)

  it('a revoked authorisation stops the run with one line: re-authorise with tunelake auth login', async () => {
    emulator.revokeRefreshToken(JSON.parse(await readFile(tokenFile, 'utf8')).refresh_token)
    const file = await config('revoked.json', [{ type: 'saved_tracks' }])
    const result = await tunelake(['run', '--config', file, '--date', '2026-03-05'], env())
    expect(result.code).toBe(1)
    const lines = result.stderr
      .trimEnd()
      .split('\n')
      .filter((l) => l.startsWith('tunelake: '))
    expect(lines.at(-1)).toMatch(
      /invalid_grant \(Refresh token revoked\).*; re-authorise with tunelake auth login$/,
    )
  }, 60_000)

  it('without user authorisation, a user source fails with how to authorise, the other sources land', async () => {
    const file = await config('app.json', [
      { type: 'recently_played' },
      { type: 'search', query: 'moon', max_results: 5 },
    ])
    const result = await tunelake(
      ['run', '--config', file, '--date', '2026-03-05'],
      env({ SPOTIFY_CLIENT_SECRET: emulator.clientSecret, TUNELAKE_TOKEN_FILE: path.join(dir, 'none.json') }),
    )
    expect(result.code).toBe(1)
    expect(result.stdout + result.stderr).toMatch(
      /recently_played needs a Spotify user's authorisation \(scope user-read-recently-played\), but only app credentials are configured; run tunelake auth login, or set SPOTIFY_REFRESH_TOKEN/,
    )
  }, 60_000)

  it('login without SPOTIFY_CLIENT_ID, or with a bad port, is one line and exit 2; logout forgets the token', async () => {
    const noId = await tunelake(['auth', 'login'], { ...env(), SPOTIFY_CLIENT_ID: '' })
    expect(noId.code).toBe(2)
    expect(noId.stderr).toBe(
      'tunelake: SPOTIFY_CLIENT_ID is not set; export the client id of your Spotify app (no secret is needed for this login)\n',
    )
    const badPort = await tunelake(['auth', 'login', '--port', 'http'], env())
    expect(badPort).toMatchObject({ code: 2, stderr: 'tunelake: --port http is not a port\n' })
    await tunelake(['auth', 'logout'], env())
    expect((await tunelake(['auth', 'status'], env())).stdout).toMatch(/^no user authorisation stored/)
  })
})
