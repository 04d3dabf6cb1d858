import { afterAll, beforeAll, describe, expect } from 'vitest'
import { PLAYLIST_IDS, type RunningEmulator, startEmulator } from '../../src/emulator/index.js'
import { TunelakeError } from '../../src/errors.js'
import type { TokenProvider } from '../../src/spotify/token-provider.js'
import { scriptedServer } from '../support/scripted-server.js'
import { contractCases, type Unsupported } from './declared-cases.js'

/** Where a provider gets its tokens: the emulator, over real HTTP, on a clock the case moves. */
export interface TokenPlace {
  emulator: RunningEmulator
  accountsBaseUrl: string
  now: () => number
}

/** One way of getting tokens, set up afresh on a place. */
export interface TokenSubject {
  tokens: TokenProvider
  /** The same credentials as the next process opens them, after this one has used them. */
  reopen(): Promise<TokenProvider>
  /** Credentials Spotify now refuses (a wrong secret, a revoked authorisation), and what the error tells the user. */
  refused(): Promise<{ tokens: TokenProvider; says: RegExp }>
  /** The secrets this way holds, which no error may show. */
  secrets: string[]
}

const TOKEN_ROUTE = 'POST /api/token'
const TTL_SECONDS = 3600

/**
 * What every TokenProvider must do for the Spotify client, run once per way of getting a token
 * (client credentials, a refresh token, the token file) against the Spotify emulator over HTTP.
 */
export function tokenProviderContract(
  name: string,
  open: (place: TokenPlace) => Promise<TokenSubject>,
  options: { unsupported?: Unsupported[] } = {},
): void {
  describe(`TokenProvider contract: ${name}`, () => {
    const cases = contractCases(options.unsupported)
    let emulator: RunningEmulator
    let clock = Date.parse('2026-11-23T06:00:00Z')
    const place = (): TokenPlace => ({
      emulator,
      accountsBaseUrl: emulator.accountsBaseUrl,
      now: () => clock,
    })
    const tokenRequests = () =>
      Object.values(emulator.stats().byRoute[TOKEN_ROUTE] ?? {}).reduce((a, b) => a + b, 0)
    const api = (token: string, path: string) =>
      fetch(`${emulator.apiBaseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })

    beforeAll(async () => {
      emulator = await startEmulator({ day: '2026-11-23', now: () => clock, tokenTtlSeconds: TTL_SECONDS })
    })
    afterAll(() => emulator.close())

    cases.it('gives a token the Web API accepts, speaking for whom `kind` says', async () => {
      const { tokens } = await open(place())
      const token = await tokens.token()
      expect((await api(token, `/playlists/${PLAYLIST_IDS.chart}`)).status).toBe(200)
      const me = await api(token, '/me')
      if (tokens.kind === 'user') {
        expect(me.status).toBe(200)
        expect(((await me.json()) as { id: string }).id).toBe(emulator.demoUser.id)
      } else {
        expect(me.status).toBe(403)
      }
    })

    cases.it('asks the accounts service once for concurrent callers, then reuses the token', async () => {
      const { tokens } = await open(place())
      const before = tokenRequests()
      const given = await Promise.all(Array.from({ length: 5 }, () => tokens.token()))
      expect(new Set(given).size).toBe(1)
      expect(await tokens.token()).toBe(given[0])
      expect(tokenRequests() - before).toBe(1)
    })

    cases.it('fetches a new token after invalidate(), which the API accepts', async () => {
      const { tokens } = await open(place())
      const first = await tokens.token()
      emulator.expireAccessTokens()
      expect((await api(first, '/me')).status).toBe(401)
      tokens.invalidate()
      const second = await tokens.token()
      expect(second).not.toBe(first)
      expect((await api(second, `/playlists/${PLAYLIST_IDS.chart}`)).status).toBe(200)
    })

    cases.it('renews the token shortly before it expires, unasked', async () => {
      const { tokens } = await open(place())
      const first = await tokens.token()
      clock += (TTL_SECONDS - 30) * 1000
      const second = await tokens.token()
      expect(second).not.toBe(first)
      expect((await api(second, `/playlists/${PLAYLIST_IDS.chart}`)).status).toBe(200)
    })

    cases.it('lets the next process use the same credentials after this one has', async () => {
      const subject = await open(place())
      await subject.tokens.token()
      subject.tokens.invalidate()
      await subject.tokens.token()
      const next = await subject.reopen()
      expect((await api(await next.token(), `/playlists/${PLAYLIST_IDS.chart}`)).status).toBe(200)
    })

    cases.it(
      'refused credentials: a final error on one line saying what to do, with no secret in it',
      async () => {
        const subject = await open(place())
        const { tokens, says } = await subject.refused()
        const error = await tokens.token().catch((e: unknown) => e)
        expect(error).toBeInstanceOf(TunelakeError)
        expect((error as TunelakeError).retryable).toBe(false)
        expect((error as Error).message).toMatch(says)
        expect((error as Error).message).not.toContain('\n')
        for (const secret of subject.secrets) expect((error as Error).message).not.toContain(secret)
      },
    )

    cases.it('an accounts service that cannot be reached: a retryable error naming it', async () => {
      const closed = await scriptedServer({})
      await closed.close() // a port that was just free: nothing listens there now
      const { tokens } = await open({ ...place(), accountsBaseUrl: closed.base })
      const error = await tokens.token().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(TunelakeError)
      expect((error as TunelakeError).retryable).toBe(true)
      expect((error as Error).message).toMatch(
        /^cannot reach the Spotify accounts service at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
      )
    })

    cases.done()
  })
}
