import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PLAYLIST_IDS, type RunningEmulator, startEmulator } from '../../src/emulator/index.js'
import { tunelake } from '../support/cli.js'
import { scriptedServer } from '../support/scripted-server.js'

let emulator: RunningEmulator
let dir: string

function emulatorEnv(overrides: Record<string, string> = {}) {
  return {
    SPOTIFY_CLIENT_ID: emulator.clientId,
    SPOTIFY_CLIENT_SECRET: emulator.clientSecret,
    SPOTIFY_API_BASE_URL: emulator.apiBaseUrl,
    SPOTIFY_ACCOUNTS_BASE_URL: emulator.accountsBaseUrl,
    ...overrides,
  }
}

async function config(name: string, value: unknown): Promise<string> {
  const file = path.join(dir, name)
  await writeFile(file, typeof value === 'string' ? value : JSON.stringify(value))
  return file
}

function expectOneLine(stderr: string, pattern: RegExp): void {
  expect(stderr.trimEnd().split('\n')).toHaveLength(1)
  expect(stderr).toMatch(pattern)
}

beforeAll(async () => {
  emulator = await startEmulator({ day: '2026-11-20' })
  dir = await mkdtemp(path.join(tmpdir(), 'tunelake-cli-'))
})

afterAll(async () => {
  await emulator.close()
})

describe('tunelake run', () => {
  it('extracts, transforms and crawls one playlist from a config file', async () => {
    const lake = path.join(dir, 'lake-ok')
    const file = await config('ok.json', {
      lake,
      sources: [{ type: 'playlist', id: `https://open.spotify.com/playlist/${PLAYLIST_IDS.chart}?si=x` }],
    })
    const result = await tunelake(['run', '--config', file, '--date', '2026-11-20'], emulatorEnv())
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/run \S+ \(2026-11-20\): succeeded/)
    const query = await tunelake([
      'query',
      '--lake',
      lake,
      '--format',
      'json',
      'SELECT count(*) AS n FROM playlist_tracks',
    ])
    expect(JSON.parse(query.stdout)).toEqual([{ n: 50 }])
    const runs = await readdir(path.join(lake, '_runs'))
    const record = JSON.parse(await readFile(path.join(lake, '_runs', runs[0]!), 'utf8'))
    expect(record).toMatchObject({
      outcome: 'succeeded',
      synthetic: true,
      api_mode: 'extended',
      snapshot_date: '2026-11-20',
    })
    const everything = await readAllText(lake)
    expect(everything).not.toContain(emulator.clientSecret)
  })

  it.each([
    ['a missing config file', () => path.join(dir, 'nope.json'), /config file .*nope.json does not exist/],
    ['a config that is not JSON', () => config('bad.json', '{"sources": ['), /bad.json is not valid JSON/],
    [
      'a config with a bad playlist id',
      () => config('badid.json', { sources: [{ type: 'playlist', id: 'hello' }] }),
      /badid.json: sources\.0\.id: "hello" is not a playlist id/,
    ],
  ])('refuses %s with exit 2', async (_, file, message) => {
    const result = await tunelake(['run', '--config', await file()], emulatorEnv())
    expect(result.code).toBe(2)
    expectOneLine(result.stderr, message)
  })

  it('says which credentials are missing', async () => {
    const file = await config('creds.json', { sources: [{ type: 'playlist', id: PLAYLIST_IDS.chart }] })
    const result = await tunelake(['run', '--config', file, '--lake', path.join(dir, 'lake-creds')])
    expect(result.code).toBe(2)
    expectOneLine(result.stderr, /SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET are not set/)
  })

  it('reports invalid_client without showing the secret', async () => {
    const file = await config('wrong.json', { sources: [{ type: 'playlist', id: PLAYLIST_IDS.chart }] })
    const secret = 'wrong-secret-do-not-print'
    const result = await tunelake(
      ['run', '--config', file, '--lake', path.join(dir, 'lake-wrong')],
      emulatorEnv({ SPOTIFY_CLIENT_SECRET: secret }),
    )
    expect(result.code).toBe(1)
    expect(`${result.stdout}${result.stderr}`).toMatch(
      /invalid_client \(Invalid client secret\); check SPOTIFY_CLIENT_ID/,
    )
    expect(`${result.stdout}${result.stderr}`).not.toContain(secret)
    expect(await readAllText(path.join(dir, 'lake-wrong'))).not.toContain(secret)
  })

  it('explains an unknown playlist and a Spotify-owned one in development mode', async () => {
    const file = await config('unknown.json', {
      sources: [
        { type: 'playlist', id: '0000000000000000000000' },
        { type: 'playlist', id: PLAYLIST_IDS.nightDrive },
      ],
    })
    const lake = path.join(dir, 'lake-404')
    const result = await tunelake(['run', '--config', file, '--lake', lake], emulatorEnv())
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/partial/)
    expect(result.stdout).toMatch(
      /playlist 0000000000000000000000 was not found \(404\): check the id or URL/,
    )
    const rows = await tunelake([
      'query',
      '--lake',
      lake,
      '--format',
      'csv',
      'SELECT count(DISTINCT playlist_id) AS n FROM playlist_tracks',
    ])
    expect(rows.stdout).toBe('n\r\n1\r\n')

    emulator.setMode('development')
    try {
      const chart = await config('chart.json', { sources: [{ type: 'playlist', id: PLAYLIST_IDS.chart }] })
      const dev = await tunelake(
        ['run', '--config', chart, '--lake', path.join(dir, 'lake-dev')],
        emulatorEnv(),
      )
      expect(dev.code).toBe(1)
      expect(dev.stdout).toMatch(
        /Spotify-owned editorial playlist, which apps created since November 2024 cannot read/,
      )
    } finally {
      emulator.setMode('extended')
    }
  })

  it('says when the API cannot be reached', async () => {
    const file = await config('down.json', { sources: [{ type: 'playlist', id: PLAYLIST_IDS.chart }] })
    const closed = await scriptedServer({})
    await closed.close() // a port that was just free: nothing listens there now
    const result = await tunelake(
      ['run', '--config', file, '--lake', path.join(dir, 'lake-down')],
      emulatorEnv({ SPOTIFY_ACCOUNTS_BASE_URL: closed.base }),
    )
    expect(result.code).toBe(1)
    expectOneLine(
      result.stderr,
      /cannot reach the Spotify accounts service at http:\/\/127.0.0.1:\d+ \(ECONNREFUSED\)/,
    )
  })

  it('refuses a lake that is not a writable folder', async () => {
    const notADir = await config('a-file', 'x')
    const file = await config('lakefile.json', { sources: [{ type: 'playlist', id: PLAYLIST_IDS.chart }] })
    const result = await tunelake(['run', '--config', file, '--lake', notADir], emulatorEnv())
    expect(result.code).toBe(2) // issue 15: a --lake that is a file is bad input, refused before anything runs
    expect(result.stderr).toMatch(
      /cannot write to the lake at .*a-file \(ENOTDIR\): choose a writable folder/,
    )
  })
})

describe('bad raw objects and bad SQL', () => {
  it('quarantines a raw object that is not JSON, keeps the raw zone and the tables', async () => {
    const lake = path.join(dir, 'lake-q')
    const file = await config('q.json', { lake, sources: [{ type: 'playlist', id: PLAYLIST_IDS.chart }] })
    expect((await tunelake(['run', '--config', file, '--date', '2026-11-20'], emulatorEnv())).code).toBe(0)
    const before = await tunelake([
      'query',
      '--lake',
      lake,
      '--format',
      'json',
      'SELECT count(*) AS n FROM playlist_tracks',
    ])
    const bad =
      'raw/spotify/playlist_items/snapshot_date=2026-11-20/0000000000000000000000/20991231T000000Z-aaaaaa-0001.json'
    await mkdir(path.dirname(path.join(lake, bad)), { recursive: true })
    await writeFile(path.join(lake, bad), '{"truncated": ')
    const result = await tunelake(['transform', '--pending', '--lake', lake])
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/transformed \d+ of \d+ raw objects .* quarantined 1/)
    expect(result.stdout).toMatch(/quarantined .*20991231T000000Z-aaaaaa-0001.json: not valid JSON/)
    expect(await readFile(path.join(lake, bad), 'utf8')).toBe('{"truncated": ')
    const reason = JSON.parse(await readFile(path.join(lake, 'quarantine', `${bad}.reason.json`), 'utf8'))
    expect(reason.reason).toMatch(/not valid JSON/)
    const after = await tunelake([
      'query',
      '--lake',
      lake,
      '--format',
      'json',
      'SELECT count(*) AS n FROM playlist_tracks',
    ])
    expect(after.stdout).toBe(before.stdout)
  })

  it('reports an SQL error on one line with exit 2', async () => {
    const lake = path.join(dir, 'lake-ok')
    const result = await tunelake(['query', '--lake', lake, 'SELECT nope FROM playlist_tracks'])
    expect(result.code).toBe(2)
    expectOneLine(result.stderr, /^tunelake: SQL error: .*nope.*; fix the query/)
    const write = await tunelake(['query', '--lake', lake, "COPY playlist_tracks TO '/tmp/x.csv'"])
    expect(write.code).toBe(2)
    expectOneLine(write.stderr, /only SELECT queries run here/)
  })

  it('refuses crawler options that cannot work together as bad input, exit 2', async () => {
    const lake = path.join(dir, 'lake-ok')
    const args = ['crawl', '--lake', lake, '--include', 'transformed/tracks/', '--table-level', '1']
    const result = await tunelake(args)
    expect(result.code).toBe(2)
    expectOneLine(
      result.stderr,
      /^tunelake: table level 1 is above the include path transformed\/tracks\/ .*; choose 2 or more/,
    )
  })

  it('says what to do when the lake has no tables yet', async () => {
    const result = await tunelake(['query', '--lake', path.join(dir, 'empty-lake'), 'SELECT 1'])
    expect(result.code).toBe(2)
    expectOneLine(result.stderr, /has no catalog tables .* run tunelake demo/)
  })
})

async function readAllText(root: string): Promise<string> {
  const parts: string[] = []
  const walk = async (d: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(d, entry.name)
      if (entry.isDirectory()) await walk(full)
      else parts.push(await readFile(full, 'latin1'))
    }
  }
  await walk(root)
  return parts.join('\n')
}
