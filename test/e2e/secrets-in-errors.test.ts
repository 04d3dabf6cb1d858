import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PLAYLIST_IDS } from '../../src/emulator/index.js'
import { FsObjectStore } from '../../src/lake/stores/fs.js'
import { RunRecords } from '../../src/server/run-records.js'
import { tunelake } from '../support/cli.js'
import { type RecordedRequest, scriptedServer } from '../support/scripted-server.js'

const CLIENT_ID = 'tunelake-test-client'
const CLIENT_SECRET = 'client-secret-never-to-be-shown-42'
const REFRESH_TOKEN = 'AQ-refresh-token-never-to-be-shown-42'
const BASIC = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')

/** An accounts service that refuses every request and quotes it back, headers and body. */
const echoing = (request: RecordedRequest) => ({
  error: 'invalid_client',
  error_description: `cannot parse the request: Authorization: ${request.headers.authorization ?? ''} body: ${request.body}`,
})

let accounts: Awaited<ReturnType<typeof scriptedServer>>
let dir: string
let config: string

beforeAll(async () => {
  accounts = await scriptedServer({ '/api/token': [{ status: 400, body: echoing }] })
  dir = await mkdtemp(path.join(tmpdir(), 'tunelake-secrets-'))
  config = path.join(dir, 'config.json')
  await writeFile(config, JSON.stringify({ sources: [{ type: 'playlist', id: PLAYLIST_IDS.chart }] }))
})

afterAll(async () => {
  await accounts.close()
})

async function everythingIn(folder: string): Promise<string> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true })
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name))
  return (await Promise.all(files.map((file) => readFile(file, 'utf8')))).join('\n')
}

describe('a server that echoes the credentials it was sent', () => {
  it.each([
    ['client credentials', { SPOTIFY_CLIENT_SECRET: CLIENT_SECRET }],
    ['a refresh token', { SPOTIFY_CLIENT_SECRET: CLIENT_SECRET, SPOTIFY_REFRESH_TOKEN: REFRESH_TOKEN }],
  ])('with %s: no secret on stderr, in the debug stack, in the run record or the API', async (name, env) => {
    const lake = path.join(dir, `lake-${name.replace(/\W/g, '-')}`)
    const result = await tunelake(['run', '--config', config, '--lake', lake], {
      ...env,
      SPOTIFY_CLIENT_ID: CLIENT_ID,
      SPOTIFY_ACCOUNTS_BASE_URL: accounts.base,
      SPOTIFY_API_BASE_URL: `${accounts.base}/v1`,
      TUNELAKE_TOKEN_FILE: path.join(dir, 'no-token-file.json'),
      TUNELAKE_DEBUG: '1',
    })
    // The server did receive (and echo) the credentials: the test would show a leak.
    expect(accounts.requests.at(-1)?.headers.authorization).toBe(`Basic ${BASIC}`)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /^tunelake: .*invalid_client \(cannot parse the request: Authorization: Basic \[REDACTED\]/,
    )
    expect(result.stderr).toMatch(/\n\s+at /) // the stack is there, scrubbed too
    const records = await everythingIn(path.join(lake, '_runs'))
    expect(records).toMatch(/invalid_client/)
    const served = await new RunRecords(new FsObjectStore(lake)).list()
    expect(served[0]?.errors.join(' ')).toMatch(/Basic \[REDACTED\]/)
    for (const text of [result.stdout, result.stderr, records, JSON.stringify(served)]) {
      for (const secret of [CLIENT_SECRET, BASIC, REFRESH_TOKEN]) expect(text).not.toContain(secret)
    }
  })
})

describe('credentials in a configured URL', () => {
  const secretUrl = (base: string) => `http://lake-user:url-password-42@${base}`
  it.each([
    [
      'the lake location',
      () => ['query', '--lake', 's3://lake-user:url-password-42@my-lake/prod', 'SELECT 1'],
      {},
    ],
    [
      'the S3 endpoint',
      () => ['query', '--lake', 's3://my-lake/prod', 'SELECT 1'],
      { AWS_ENDPOINT_URL_S3: secretUrl('127.0.0.1:9/') },
    ],
    [
      'the Spotify API',
      () => ['run', '--config', config, '--lake', path.join(dir, 'lake-url')],
      {
        SPOTIFY_CLIENT_ID: CLIENT_ID,
        SPOTIFY_CLIENT_SECRET: CLIENT_SECRET,
        SPOTIFY_API_BASE_URL: secretUrl('127.0.0.1:9/v1'),
      },
    ],
    [
      'the Spotify accounts service',
      () => ['auth', 'login', '--port', '0'],
      { SPOTIFY_CLIENT_ID: CLIENT_ID, SPOTIFY_ACCOUNTS_BASE_URL: secretUrl('127.0.0.1:9') },
    ],
  ] as [string, () => string[], NodeJS.ProcessEnv][])(
    '%s: refused as bad input on one line that does not repeat them',
    async (_what, args, env) => {
      const result = await tunelake(args(), env)
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(/^tunelake: .*has a user name or password in it; remove them/)
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
      expect(`${result.stdout}${result.stderr}`).not.toMatch(/url-password-42|lake-user/)
    },
  )
})
