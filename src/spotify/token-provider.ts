import { SpotifyAuthError } from './errors.js'
import { causeCode, oauthErrorText, postTokenForm } from './token-request.js'

export { causeCode }

/**
 * Gives a valid access token; `invalidate` forgets it after a 401. `kind` says whom the token
 * speaks for: the app alone (client credentials) or a user (their data under `/me`).
 *
 * @example
 * const tokens: TokenProvider = new ClientCredentialsTokenProvider({ clientId, clientSecret, accountsBaseUrl })
 * const client = new SpotifyClient({ apiBaseUrl, tokens })
 */
export interface TokenProvider {
  readonly kind?: 'app' | 'user'
  token(): Promise<string>
  invalidate(): void
}

export interface ClientCredentials {
  clientId: string
  clientSecret: string
  accountsBaseUrl: string
}

/** Refresh a token this long before it expires. */
export const REFRESH_EARLY_MS = 60_000

/**
 * Caches one access token and fetches a new one (once, for all concurrent callers) when it is
 * missing, invalidated or about to expire.
 */
export abstract class CachedTokenProvider implements TokenProvider {
  abstract readonly kind: 'app' | 'user'
  #cached: { token: string; expiresAt: number } | undefined
  #pending: Promise<string> | undefined

  constructor(protected readonly now: () => number) {}

  async token(): Promise<string> {
    if (this.#cached && this.#cached.expiresAt - REFRESH_EARLY_MS > this.now()) return this.#cached.token
    this.#pending ??= this.fetchToken()
      .then(({ token, expiresIn }) => {
        this.#cached = { token, expiresAt: this.now() + expiresIn * 1000 }
        return token
      })
      .finally(() => {
        this.#pending = undefined
      })
    return this.#pending
  }

  invalidate(): void {
    this.#cached = undefined
  }

  protected abstract fetchToken(): Promise<{ token: string; expiresIn: number }>
}

/**
 * The client-credentials grant (`POST {accounts}/api/token`), refreshed proactively a minute
 * before it expires. The secret is only ever placed in the Authorization header.
 */
export class ClientCredentialsTokenProvider extends CachedTokenProvider {
  readonly kind = 'app'

  constructor(
    private readonly credentials: ClientCredentials,
    private readonly fetchFn: typeof fetch = fetch,
    now: () => number = Date.now,
  ) {
    super(now)
  }

  protected async fetchToken(): Promise<{ token: string; expiresIn: number }> {
    const { clientId, clientSecret, accountsBaseUrl } = this.credentials
    const answer = await postTokenForm(
      accountsBaseUrl,
      { grant_type: 'client_credentials' },
      { clientId, clientSecret },
      this.fetchFn,
    )
    const token = answer.body.access_token
    if (answer.status !== 200 || typeof token !== 'string') {
      throw new SpotifyAuthError(
        `Spotify refused the client credentials: ${oauthErrorText(answer)}; check SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET`,
      )
    }
    return { token, expiresIn: expiresIn(answer.body) }
  }
}

export function expiresIn(body: Record<string, unknown>): number {
  return typeof body.expires_in === 'number' ? body.expires_in : 3600
}
