import { SpotifyAuthError, SpotifyReauthRequiredError } from './errors.js'
import { CachedTokenProvider, expiresIn } from './token-provider.js'
import { oauthErrorText, postTokenForm } from './token-request.js'

export interface RefreshTokenSettings {
  accountsBaseUrl: string
  clientId: string
  /** Secret-based (confidential) apps send it in a Basic header; PKCE (public) apps have none. */
  clientSecret?: string
  refreshToken: string
  /** Where the token came from, for messages: the environment or the token file. */
  origin: 'SPOTIFY_REFRESH_TOKEN' | 'token file'
  /** Called with the new refresh token when Spotify rotates it (PKCE), before the access token is used. */
  onRotate?: (refreshToken: string) => Promise<void>
}

/**
 * A user's access tokens from their refresh token (`grant_type=refresh_token`). When Spotify
 * rotates the refresh token (PKCE clients), the new one is kept and handed to `onRotate` to be
 * stored; an expired or revoked one (`invalid_grant`, six months after the user authorised)
 * stops with a SpotifyReauthRequiredError that says to run `tunelake auth login`.
 *
 * @example
 * const tokens = new RefreshTokenProvider({ accountsBaseUrl, clientId, refreshToken, origin: 'token file', onRotate: save })
 */
export class RefreshTokenProvider extends CachedTokenProvider {
  readonly kind = 'user'
  #refreshToken: string

  constructor(
    private readonly settings: RefreshTokenSettings,
    private readonly fetchFn: typeof fetch = fetch,
    now: () => number = Date.now,
  ) {
    super(now)
    this.#refreshToken = settings.refreshToken
  }

  protected async fetchToken(): Promise<{ token: string; expiresIn: number }> {
    const { accountsBaseUrl, clientId, clientSecret } = this.settings
    const form: Record<string, string> = { grant_type: 'refresh_token', refresh_token: this.#refreshToken }
    if (clientSecret === undefined) form.client_id = clientId
    const answer = await postTokenForm(
      accountsBaseUrl,
      form,
      clientSecret === undefined ? undefined : { clientId, clientSecret },
      this.fetchFn,
    )
    const token = answer.body.access_token
    if (answer.status === 200 && typeof token === 'string') {
      const rotated = answer.body.refresh_token
      if (typeof rotated === 'string' && rotated !== this.#refreshToken) {
        this.#refreshToken = rotated
        await this.settings.onRotate?.(rotated)
      }
      return { token, expiresIn: expiresIn(answer.body) }
    }
    if (answer.body.error === 'invalid_grant') {
      throw new SpotifyReauthRequiredError(
        `Spotify refused the refresh token from the ${this.settings.origin} (${oauthErrorText(answer)}): the user's authorisation expired or was revoked; re-authorise with tunelake auth login`,
      )
    }
    throw new SpotifyAuthError(
      `Spotify refused to refresh the user's token: ${oauthErrorText(answer)}; check SPOTIFY_CLIENT_ID${clientSecret === undefined ? '' : ' and SPOTIFY_CLIENT_SECRET'}`,
    )
  }
}
