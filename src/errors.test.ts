import { describe, expect, it } from 'vitest'
import { ConfigError } from './config/config.js'
import { TunelakeError, verdictOf } from './errors.js'
import { LakeAccessDeniedError, LakeUnavailableError } from './lake/errors.js'
import { LakeBusyError } from './lease/lease-keeper.js'
import { QueryEngineError, QuerySqlError } from './query/errors.js'
import { SpotifyRateLimitError, SpotifyRequestError } from './spotify/errors.js'

describe('verdictOf, the one reading of an error', () => {
  it('gives bad input, terminal and transient errors their kind and one line', () => {
    expect(verdictOf(new ConfigError('config.json: sources: required;\n  add one'))).toEqual({
      kind: 'bad-input',
      message: 'config.json: sources: required; add one',
      expected: true,
    })
    expect(verdictOf(new QuerySqlError('SQL error: no column nope')).kind).toBe('bad-input')
    expect(verdictOf(new SpotifyRequestError('Spotify answered 404', 404)).kind).toBe('terminal')
    expect(verdictOf(new LakeAccessDeniedError('S3 denied access')).kind).toBe('terminal')
    expect(verdictOf(new LakeUnavailableError('cannot reach S3')).kind).toBe('transient')
  })

  it('says when to try again only when a transient error knows', () => {
    const at = new Date('2026-04-02T07:30:00Z')
    expect(verdictOf(new SpotifyRateLimitError('rate limited', at))).toMatchObject({
      kind: 'transient',
      resumeAt: at,
    })
    expect(verdictOf(new LakeUnavailableError('cannot reach S3'))).not.toHaveProperty('resumeAt')
  })

  it('takes the kind an adapter decided at run time', () => {
    expect(verdictOf(new QueryEngineError('throttled', { retryable: true })).kind).toBe('transient')
    expect(verdictOf(new QueryEngineError('bad plan', { retryable: false })).kind).toBe('terminal')
    const holder = {
      generation: 3,
      owner: 'other',
      purpose: 'tunelake daemon',
      host: 'h',
      pid: 1,
      acquired_at: '2026-04-02T07:00:00.000Z',
      expires_at: '2026-04-02T07:01:00.000Z',
    }
    expect(verdictOf(new LakeBusyError('a run is in progress', holder)).kind).toBe('transient')
  })

  it('counts anything not raised on purpose as unexpected and transient, as dlt retries unknown failures', () => {
    expect(verdictOf(new TypeError("Cannot read properties of undefined (reading 'x')"))).toEqual({
      kind: 'transient',
      message: "Cannot read properties of undefined (reading 'x')",
      expected: false,
    })
    expect(verdictOf('a string')).toMatchObject({ kind: 'transient', message: 'a string', expected: false })
  })

  it('keeps `retryable` as the kind says, for the logs', () => {
    class ProbeError extends TunelakeError {
      readonly kind = 'transient'
    }
    const error = new ProbeError('probe', { cause: new Error('under') })
    expect(error.retryable).toBe(true)
    expect(error.name).toBe('ProbeError')
    expect(error.cause).toBeInstanceOf(Error)
    expect(new ConfigError('x').retryable).toBe(false)
  })
})
