import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../config/config.js'
import { LakeUnavailableError } from '../../lake/errors.js'
import { SpotifyRateLimitError, SpotifyRequestError } from '../../spotify/errors.js'
import { retryDecision } from './retry-policy.js'

const policy = { baseMs: 60_000, maxMs: 3_600_000, maxAttempts: 5 }
/** 08:00 in Berlin on 2 April (06:00 UTC). */
const run = (attempt: number) => ({
  attempt,
  now: Date.parse('2026-04-02T06:00:00Z'),
  snapshotDate: '2026-04-02',
  timezone: 'Europe/Berlin',
  policy,
})

describe('the daemon’s retry of a failed run', () => {
  it('tries a transient failure again after a doubling backoff', () => {
    const unavailable = new LakeUnavailableError('cannot reach S3; try again later')
    expect(retryDecision(unavailable, run(1))).toEqual({
      retryAt: Date.parse('2026-04-02T06:01:00Z'),
      reason: 'cannot reach S3; try again later',
    })
    expect(retryDecision(unavailable, run(4))).toMatchObject({ retryAt: Date.parse('2026-04-02T06:08:00Z') })
  })

  it('waits for the time a rate limit names, whatever the attempt', () => {
    const limited = new SpotifyRateLimitError('rate limited', new Date('2026-04-02T07:30:00Z'))
    expect(retryDecision(limited, run(9))).toMatchObject({ retryAt: Date.parse('2026-04-02T07:30:00Z') })
  })

  it('gives up at once on bad input and terminal failures, with no gap', () => {
    expect(retryDecision(new ConfigError('config.json: sources: required'), run(1))).toEqual({ giveUp: true })
    expect(retryDecision(new SpotifyRequestError('Spotify answered 404', 404), run(1))).toEqual({
      giveUp: true,
    })
  })

  it('records a gap when the attempts or the day run out', () => {
    const unavailable = new LakeUnavailableError('cannot reach S3')
    expect(retryDecision(unavailable, run(5))).toEqual({
      giveUp: true,
      gap: 'the run kept failing until the day was over: cannot reach S3',
    })
    const tomorrow = new SpotifyRateLimitError('quota', new Date('2026-04-02T22:30:00Z'))
    expect(retryDecision(tomorrow, run(1))).toMatchObject({ giveUp: true })
  })

  it('tries an unexpected failure again, within the attempts', () => {
    expect(retryDecision(new TypeError('x is undefined'), run(1))).toMatchObject({
      retryAt: Date.parse('2026-04-02T06:01:00Z'),
    })
  })
})
