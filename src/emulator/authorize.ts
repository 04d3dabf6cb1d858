import { createHash, randomBytes } from 'node:crypto'
import { EmulatorRequestError, oauthError } from './errors.js'

/** A code handed out by `/authorize`, waiting to be exchanged at `/api/token`. */
export interface AuthorizationCode {
  clientId: string
  redirectUri: string
  scopes: readonly string[]
  user: string
  /** base64url(sha256(verifier)) for PKCE; absent for the secret-based flow. */
  challenge: string | undefined
  expiresAt: number
}

const CODE_TTL_MS = 10 * 60_000
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/

/** The answer of `/authorize`: Spotify shows an error page for a bad client or redirect URI. */
function page(message: string): EmulatorRequestError {
  return new EmulatorRequestError(400, message, {}, 'text/plain; charset=utf-8')
}

/**
 * `GET /authorize`, auto-approving: validates the request as Spotify does (known client, code
 * response type, an HTTPS or loopback-IP redirect URI, never `localhost`; S256 for PKCE) and
 * redirects to the redirect URI with `code` and `state`, or with `error=access_denied`.
 *
 * @example
 * const codes = new Authorizer('client-id', 'tunelake-demo', Date.now)
 * codes.authorize(new URLSearchParams({ client_id: 'client-id', response_type: 'code', redirect_uri: 'http://127.0.0.1:8888/cb' }))
 * // 'http://127.0.0.1:8888/cb?code=...'
 */
export class Authorizer {
  private readonly codes = new Map<string, AuthorizationCode>()
  /** When false, the user "clicks Cancel": the redirect carries `error=access_denied`. */
  approve = true

  constructor(
    private readonly clientId: string,
    private readonly user: string,
    private readonly now: () => number,
  ) {}

  /** Returns the `Location` to redirect to; throws a 400 page for requests Spotify refuses outright. */
  authorize(query: URLSearchParams): string {
    if (query.get('client_id') !== this.clientId) throw page('INVALID_CLIENT: Invalid client')
    const redirect = query.get('redirect_uri') ?? ''
    if (!isAllowedRedirect(redirect)) throw page('INVALID_CLIENT: Insecure redirect URI')
    const responseType = query.get('response_type')
    if (responseType !== 'code') throw page('unsupported_response_type: response_type must be code')
    const challenge = query.get('code_challenge') ?? undefined
    const method = query.get('code_challenge_method')
    if (challenge !== undefined && method !== 'S256') {
      throw page('invalid_request: code_challenge_method must be S256')
    }
    const target = new URL(redirect)
    const state = query.get('state')
    if (!this.approve) {
      target.searchParams.set('error', 'access_denied')
    } else {
      const code = `AQ${randomBytes(48).toString('base64url')}`
      this.codes.set(code, {
        clientId: this.clientId,
        redirectUri: redirect,
        scopes: (query.get('scope') ?? '').split(/[\s+]+/).filter(Boolean),
        user: this.user,
        challenge,
        expiresAt: this.now() + CODE_TTL_MS,
      })
      target.searchParams.set('code', code)
    }
    if (state !== null) target.searchParams.set('state', state)
    return target.toString()
  }

  /** Redeems a code once; checks redirect URI and, for PKCE, the verifier. */
  redeem(form: URLSearchParams, pkce: boolean): AuthorizationCode {
    const code = form.get('code') ?? ''
    const entry = this.codes.get(code)
    this.codes.delete(code)
    if (!entry || entry.expiresAt <= this.now()) {
      throw oauthError('invalid_grant', 'Invalid authorization code')
    }
    if (form.get('redirect_uri') !== entry.redirectUri)
      throw oauthError('invalid_grant', 'Invalid redirect URI')
    if (entry.challenge !== undefined || pkce) {
      const verifier = form.get('code_verifier') ?? ''
      if (!VERIFIER.test(verifier) || s256(verifier) !== entry.challenge) {
        throw oauthError('invalid_grant', 'code_verifier was incorrect')
      }
    }
    return entry
  }
}

/** base64url(sha256(text)), the S256 code challenge of a verifier. */
export function s256(text: string): string {
  return createHash('sha256').update(text).digest('base64url')
}

/** HTTPS, or plain HTTP to a loopback IP literal (127.0.0.1 or [::1]); `localhost` is refused since 2025. */
export function isAllowedRedirect(uri: string): boolean {
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    return false
  }
  if (url.protocol === 'https:') return url.hostname !== 'localhost'
  return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === '[::1]')
}
