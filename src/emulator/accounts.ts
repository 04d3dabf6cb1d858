import { randomBytes } from 'node:crypto'
import { apiError, oauthError } from './errors.js'

/** Client credentials the emulator accepts, and how long its tokens live. */
export interface AccountsConfig {
  clientId: string
  clientSecret: string
  tokenTtlSeconds: number
  now: () => number
}

/**
 * The accounts service: `POST /api/token` (client-credentials grant, credentials in a Basic header
 * or in the form body) and the store of issued opaque bearer tokens with their issue time.
 *
 * @example
 * const accounts = new Accounts({ clientId: 'id', clientSecret: 'secret', tokenTtlSeconds: 3600, now: Date.now })
 * accounts.token(formBody, request.headers.authorization) // {access_token, token_type: 'Bearer', expires_in}
 */
export class Accounts {
  private readonly issued = new Map<string, number>()

  constructor(private readonly config: AccountsConfig) {}

  /** Handles the token request body; throws the exact OAuth errors Spotify sends. */
  token(body: string, authorization: string | undefined): Record<string, unknown> {
    const form = new URLSearchParams(body)
    const grantType = form.get('grant_type')
    if (!grantType) throw oauthError('unsupported_grant_type', 'grant_type parameter is missing')
    if (grantType !== 'client_credentials') {
      throw oauthError(
        'unsupported_grant_type',
        'grant_type must be client_credentials, authorization_code or refresh_token',
      )
    }
    const { id, secret } = credentials(form, authorization)
    if (id !== this.config.clientId) throw oauthError('invalid_client', 'Invalid client')
    if (secret !== this.config.clientSecret) throw oauthError('invalid_client', 'Invalid client secret')
    const accessToken = `BQ${randomBytes(72).toString('base64url')}`
    this.issued.set(accessToken, this.config.now())
    return { access_token: accessToken, token_type: 'Bearer', expires_in: this.config.tokenTtlSeconds }
  }

  /** Checks an `Authorization` header of a Web API request; throws Spotify's 400/401 errors. */
  authenticate(authorization: string | undefined): void {
    if (!authorization) throw apiError(401, 'No token provided')
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization)
    if (!match) throw apiError(400, 'Only valid bearer authentication supported')
    const issuedAt = this.issued.get(match[1]!)
    if (issuedAt === undefined) throw apiError(401, 'Invalid access token')
    if (this.config.now() >= issuedAt + this.config.tokenTtlSeconds * 1000) {
      throw apiError(401, 'The access token expired', {
        'www-authenticate':
          'Bearer realm="spotify", error="invalid_token", error_description="The access token expired"',
      })
    }
  }
}

/** Client id and secret from `Authorization: Basic base64(id:secret)`, else from the form body. */
function credentials(
  form: URLSearchParams,
  authorization: string | undefined,
): { id: string; secret: string } {
  const basic = authorization && /^Basic\s+(\S+)\s*$/i.exec(authorization)
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon < 0) return { id: decoded, secret: '' }
    return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) }
  }
  return { id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? '' }
}
