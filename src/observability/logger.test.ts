import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { SpotifyAuthError } from '../spotify/errors.js'
import { createLogger, type LogFormat, logFormatFor, logLevelFrom } from './logger.js'
import { secretsFromEnv } from './redact.js'

function capture() {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk))
      done()
    },
  })
  return { stream, text: () => chunks.join('') }
}

const SECRET = 'planted-client-secret-7f3a'
const env = {
  SPOTIFY_CLIENT_ID: 'client-id-1234',
  SPOTIFY_CLIENT_SECRET: SECRET,
  AWS_SECRET_ACCESS_KEY: 'aws-secret-key-99zz',
  GITHUB_TOKEN: 'ghp_planted_token_0001',
  HOME: '/home/someone',
}
const basic = Buffer.from(`client-id-1234:${SECRET}`).toString('base64')
const planted = [
  SECRET,
  'aws-secret-key-99zz',
  'ghp_planted_token_0001',
  basic,
  'access-token-from-spotify',
  'refresh-token-abc123',
  'header-token-xyz789',
  'query-secret-value',
]

/** Logs every way a secret could reach a line: config, headers, error texts, messages, escaped JSON. */
function logEverything(format: LogFormat) {
  const out = capture()
  const logger = createLogger({ format, destination: out.stream, secrets: secretsFromEnv(env) })
  const log = logger.child({ run_id: 'run-1' })
  log.info('config loaded', {
    config: { spotify: { client_id: 'client-id-1234', client_secret: SECRET, api_base_url: 'http://x' } },
  })
  log.info('request', {
    request: { headers: { Authorization: 'Bearer header-token-xyz789' } },
    response: { body: { access_token: 'access-token-from-spotify', expires_in: 3600 } },
  })
  log.warn(`token endpoint answered for Basic ${basic}`)
  log.error('run failed', {
    err: new SpotifyAuthError(`Spotify refused ${SECRET} with refresh_token=refresh-token-abc123`),
  })
  log.info('nested json text', {
    text: JSON.stringify({ deep: { access_token: 'access-token-from-spotify' } }),
    url: 'http://127.0.0.1/api/token?client_secret=query-secret-value&grant_type=x',
    env: { AWS_SECRET_ACCESS_KEY: 'aws-secret-key-99zz', GITHUB_TOKEN: 'ghp_planted_token_0001' },
  })
  return out.text()
}

describe('createLogger', () => {
  it.each(['json', 'pretty'] as const)('never writes a planted secret (%s)', (format) => {
    const text = logEverything(format)
    for (const secret of planted) expect(text).not.toContain(secret)
    expect(text).toContain('[REDACTED]')
    expect(text).toContain('client-id-1234') // not a secret: kept
    expect(text).toContain('Spotify refused')
  })

  it('writes one JSON object a line, each carrying the run id of its child logger', () => {
    const lines = logEverything('json').trimEnd().split('\n')
    expect(lines).toHaveLength(5)
    for (const line of lines) {
      const entry = JSON.parse(line)
      expect(entry).toMatchObject({ run_id: 'run-1', pid: process.pid })
      expect(['info', 'warn', 'error']).toContain(entry.level)
      expect(Date.parse(entry.time)).not.toBeNaN()
      expect(typeof entry.msg).toBe('string')
    }
    const error = JSON.parse(lines[3]!)
    expect(error.err).toMatchObject({ type: 'SpotifyAuthError', retryable: false })
    expect(error.err.stack).toBeUndefined()
  })

  it('writes readable lines in the pretty format', () => {
    const lines = logEverything('pretty').trimEnd().split('\n')
    expect(lines).toHaveLength(5)
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d INFO {2}\[run run-1\] config loaded config=\{"spotify"/)
    expect(lines[3]).toMatch(/^\d\d:\d\d:\d\d ERROR \[run run-1\] run failed: Spotify refused \[REDACTED\]/)
  })

  it('drops lines below its level', () => {
    const out = capture()
    const logger = createLogger({ level: 'warn', destination: out.stream })
    logger.debug('d')
    logger.info('i')
    logger.warn('w')
    expect(
      out
        .text()
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).msg),
    ).toEqual(['w'])
  })
})

describe('log format and level from the environment', () => {
  it('is JSON off a terminal and in Lambda, readable on a terminal, unless forced', () => {
    expect(logFormatFor({ isTTY: false }, {})).toBe('json')
    expect(logFormatFor({ isTTY: true }, {})).toBe('pretty')
    expect(logFormatFor({ isTTY: true }, { AWS_LAMBDA_FUNCTION_NAME: 'f' })).toBe('json')
    expect(logFormatFor({ isTTY: false }, { TUNELAKE_LOG_FORMAT: 'pretty' })).toBe('pretty')
  })

  it('reads TUNELAKE_LOG_LEVEL, ignoring nonsense', () => {
    expect(logLevelFrom({ TUNELAKE_LOG_LEVEL: 'debug' }, 'info')).toBe('debug')
    expect(logLevelFrom({ TUNELAKE_LOG_LEVEL: 'loud' }, 'warn')).toBe('warn')
  })
})
