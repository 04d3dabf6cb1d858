import { randomBytes } from 'node:crypto'
import { oauthError } from './errors.js'

/** Refresh tokens expire six months after the user's original authorisation (Spotify, 2026). */
export const REFRESH_TOKEN_MAX_AGE_MS = 182 * 86_400_000

interface RefreshGrant {
  user: string
  scopes: readonly string[]
  clientId: string
  /** When the user authorised; refreshing never extends it. */
  authorizedAt: number
  /** Issued to a public (PKCE) client: it rotates on every use. */
  pkce: boolean
  revoked: boolean
}

/**
 * The refresh tokens the emulator issued. PKCE tokens rotate (using one revokes it and issues a
 * new one); secret-based ones stay valid. Past the maximum age, or once revoked, a refresh is
 * `invalid_grant`.
 *
 * @example
 * const store = new RefreshTokens(Date.now)
 * const token = store.issue({ user: 'u', scopes: [], clientId: 'c', pkce: false })
 * store.use(token, 'c') // { grant, rotated: undefined }
 */
export class RefreshTokens {
  private readonly grants = new Map<string, RefreshGrant>()

  constructor(
    private readonly now: () => number,
    private readonly maxAgeMs = REFRESH_TOKEN_MAX_AGE_MS,
  ) {}

  issue(grant: Omit<RefreshGrant, 'authorizedAt' | 'revoked'> & { authorizedAt?: number }): string {
    const token = `AQ${randomBytes(96).toString('base64url')}`
    this.grants.set(token, { authorizedAt: this.now(), ...grant, revoked: false })
    return token
  }

  /** Revokes a token (as a user removing the app's access would); false if unknown. */
  revoke(token: string): boolean {
    const grant = this.grants.get(token)
    if (!grant) return false
    grant.revoked = true
    return true
  }

  /** Validates a refresh; a PKCE token is replaced by a new one, returned as `rotated`. */
  use(token: string, clientId: string): { grant: RefreshGrant; rotated: string | undefined } {
    const grant = this.grants.get(token)
    if (!grant || grant.clientId !== clientId) throw oauthError('invalid_grant', 'Invalid refresh token')
    if (grant.revoked) throw oauthError('invalid_grant', 'Refresh token revoked')
    if (this.now() >= grant.authorizedAt + this.maxAgeMs) {
      throw oauthError('invalid_grant', 'Refresh token expired')
    }
    if (!grant.pkce) return { grant, rotated: undefined }
    grant.revoked = true
    const rotated = this.issue({ ...grant })
    return { grant, rotated }
  }
}
