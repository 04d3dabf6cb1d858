import { AccessTokens, type Grant } from './access-tokens.js'
import { Authorizer } from './authorize.js'
import { oauthError } from './errors.js'
import { RefreshTokens } from './refresh-tokens.js'

/** Client credentials the emulator accepts, the user it authorises, and how long tokens live. */
export interface AccountsConfig {
  clientId: string
  clientSecret: string
  tokenTtlSeconds: number
  now: () => number
  /** The user `/authorize` signs in (the demo user). */
  user: string
  /** Default six months. */
  refreshTokenMaxAgeMs?: number
}

/** Every scope an ETL needs; the demo user's printed refresh token carries them all. */
export const USER_SCOPES = [
  'playlist-read-private',
  'playlist-read-collaborative',
  'user-library-read',
  'user-top-read',
  'user-read-recently-played',
  'user-read-private',
] as const

/**
 * The accounts service: `POST /api/token` for the client-credentials, authorization-code (with
 * or without PKCE) and refresh-token grants, with the exact OAuth error bodies Spotify sends;
 * `GET /authorize` through the {@link Authorizer}; and the store of issued access tokens.
 *
 * @example
 * const accounts = new Accounts({ clientId: 'id', clientSecret: 'secret', tokenTtlSeconds: 3600, now: Date.now, user: 'demo' })
 * accounts.token('grant_type=client_credentials', basicHeader) // {access_token, token_type: 'Bearer', expires_in}
 */
export class Accounts {
  readonly accessTokens: AccessTokens
  readonly refreshTokens: RefreshTokens
  readonly authorizer: Authorizer

  constructor(private readonly config: AccountsConfig) {
    this.accessTokens = new AccessTokens(config.tokenTtlSeconds, config.now)
    this.refreshTokens = new RefreshTokens(config.now, config.refreshTokenMaxAgeMs)
    this.authorizer = new Authorizer(config.clientId, config.user, config.now)
  }

  /** A refresh token for the demo user, as if they had authorised the app (secret-based) just now. */
  demoRefreshToken(): string {
    const { clientId, user } = this.config
    return this.refreshTokens.issue({ user, scopes: USER_SCOPES, clientId, pkce: false })
  }

  /** Handles the token request body; throws the exact OAuth errors Spotify sends. */
  token(body: string, authorization: string | undefined): Record<string, unknown> {
    const form = new URLSearchParams(body)
    const grantType = form.get('grant_type')
    if (!grantType) throw oauthError('unsupported_grant_type', 'grant_type parameter is missing')
    const client = this.client(form, authorization)
    switch (grantType) {
      case 'client_credentials': {
        if (client.public) throw oauthError('invalid_client', 'Invalid client secret')
        return this.response({ scopes: [] }, undefined)
      }
      case 'authorization_code': {
        const code = this.authorizer.redeem(form, client.public)
        const grant = { user: code.user, scopes: code.scopes }
        const refresh = this.refreshTokens.issue({ ...grant, clientId: client.id, pkce: client.public })
        return this.response(grant, refresh)
      }
      case 'refresh_token': {
        const { grant, rotated } = this.refreshTokens.use(form.get('refresh_token') ?? '', client.id)
        return this.response({ user: grant.user, scopes: grant.scopes }, rotated)
      }
      default:
        throw oauthError(
          'unsupported_grant_type',
          'grant_type must be client_credentials, authorization_code or refresh_token',
        )
    }
  }

  /** Checks an `Authorization` header of a Web API request; throws Spotify's 400/401 errors. */
  authenticate(authorization: string | undefined): Grant {
    return this.accessTokens.authenticate(authorization)
  }

  private response(grant: Grant, refreshToken: string | undefined): Record<string, unknown> {
    return {
      access_token: this.accessTokens.issue(grant),
      token_type: 'Bearer',
      expires_in: this.config.tokenTtlSeconds,
      ...(refreshToken !== undefined && { refresh_token: refreshToken }),
      ...(grant.user !== undefined && { scope: grant.scopes.join(' ') }),
    }
  }

  /**
   * The calling client: `Authorization: Basic base64(id:secret)`, or id and secret in the form,
   * or (a public PKCE client) only `client_id` in the form.
   */
  private client(form: URLSearchParams, authorization: string | undefined): { id: string; public: boolean } {
    const basic = authorization && /^Basic\s+(\S+)\s*$/i.exec(authorization)
    let id: string
    let secret: string | undefined
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      id = colon < 0 ? decoded : decoded.slice(0, colon)
      secret = colon < 0 ? '' : decoded.slice(colon + 1)
    } else {
      id = form.get('client_id') ?? ''
      secret = form.get('client_secret') ?? undefined
    }
    if (id !== this.config.clientId) throw oauthError('invalid_client', 'Invalid client')
    if (secret === undefined) return { id, public: true }
    if (secret !== this.config.clientSecret) throw oauthError('invalid_client', 'Invalid client secret')
    return { id, public: false }
  }
}
