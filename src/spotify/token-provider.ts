import { SpotifyAuthError, SpotifyUnavailableError } from './errors.js'

/** Gives a valid access token; `invalidate` forgets it after a 401. */
export interface TokenProvider {
  token(): Promise<string>
  invalidate(): void
}

export interface ClientCredentials {
  clientId: string
  clientSecret: string
  accountsBaseUrl: string
}

const REFRESH_EARLY_MS = 60_000

/**
 * The client-credentials grant (`POST {accounts}/api/token`), refreshed proactively a minute
 * before it expires. The secret is only ever placed in the Authorization header.
 */
export class ClientCredentialsTokenProvider implements TokenProvider {
  #cached: { token: string; expiresAt: number } | undefined
  #pending: Promise<string> | undefined

  constructor(
    private readonly credentials: ClientCredentials,
    private readonly fetchFn: typeof fetch = fetch,
    private readonly now: () => number = Date.now,
  ) {}

  async token(): Promise<string> {
    if (this.#cached && this.#cached.expiresAt - REFRESH_EARLY_MS > this.now()) return this.#cached.token
    this.#pending ??= this.#request().finally(() => {
      this.#pending = undefined
    })
    return this.#pending
  }

  invalidate(): void {
    this.#cached = undefined
  }

  async #request(): Promise<string> {
    const { clientId, clientSecret, accountsBaseUrl } = this.credentials
    const url = `${accountsBaseUrl.replace(/\/$/, '')}/api/token`
    let response: Response
    try {
      response = await this.fetchFn(url, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      })
    } catch (error) {
      throw new SpotifyUnavailableError(
        `cannot reach the Spotify accounts service at ${accountsBaseUrl} (${causeCode(error)}): check the network or SPOTIFY_ACCOUNTS_BASE_URL`,
        { cause: error },
      )
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>
    if (response.status >= 500) {
      throw new SpotifyUnavailableError(
        `the Spotify accounts service answered ${response.status}; try again later`,
      )
    }
    if (!response.ok || typeof body.access_token !== 'string') {
      const code = typeof body.error === 'string' ? body.error : `HTTP ${response.status}`
      const detail = typeof body.error_description === 'string' ? ` (${body.error_description})` : ''
      throw new SpotifyAuthError(
        `Spotify refused the client credentials: ${code}${detail}; check SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET`,
      )
    }
    const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 3600
    this.#cached = { token: body.access_token, expiresAt: this.now() + expiresIn * 1000 }
    return body.access_token
  }
}

export function causeCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))
}
