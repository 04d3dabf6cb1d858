import { randomBytes } from 'node:crypto'
import { apiError } from './errors.js'

/** Who an access token speaks for: the app alone (client credentials) or a user with scopes. */
export interface Grant {
  /** The user id; absent for a client-credentials (app) token. */
  user?: string
  scopes: readonly string[]
}

interface Issued extends Grant {
  issuedAt: number
  seq: number
}

const EXPIRED_HEADERS = {
  'www-authenticate':
    'Bearer realm="spotify", error="invalid_token", error_description="The access token expired"',
}

/**
 * The opaque bearer tokens the emulator issued, with their issue time. A token expires after the
 * TTL, or earlier when `expireAll` is called (the "token expiring mid-run" fault).
 *
 * @example
 * const tokens = new AccessTokens(3600, Date.now)
 * const token = tokens.issue({ scopes: [] })
 * tokens.authenticate(`Bearer ${token}`) // { scopes: [] }
 */
export class AccessTokens {
  private readonly issued = new Map<string, Issued>()
  private seq = 0
  private minValidSeq = 0

  constructor(
    readonly ttlSeconds: number,
    private readonly now: () => number,
  ) {}

  issue(grant: Grant): string {
    const token = `BQ${randomBytes(72).toString('base64url')}`
    this.issued.set(token, { ...grant, issuedAt: this.now(), seq: this.seq++ })
    return token
  }

  /** Every token issued so far expires now (clients must refresh). */
  expireAll(): void {
    this.minValidSeq = this.seq
  }

  /** Checks an `Authorization` header of a Web API request; throws Spotify's 400/401 errors. */
  authenticate(authorization: string | undefined): Grant {
    if (!authorization) throw apiError(401, 'No token provided')
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization)
    if (!match) throw apiError(400, 'Only valid bearer authentication supported')
    const issued = this.issued.get(match[1]!)
    if (issued === undefined) throw apiError(401, 'Invalid access token')
    const expired = this.now() >= issued.issuedAt + this.ttlSeconds * 1000 || issued.seq < this.minValidSeq
    if (expired) throw apiError(401, 'The access token expired', EXPIRED_HEADERS)
    return issued.user === undefined
      ? { scopes: issued.scopes }
      : { user: issued.user, scopes: issued.scopes }
  }
}

/** A user-data route needs a user token with `scope`; an app token or a missing scope is a 403. */
export function requireScope(grant: Grant, scope: string): string {
  if (grant.user === undefined || !grant.scopes.includes(scope)) {
    throw apiError(403, 'Insufficient client scope')
  }
  return grant.user
}
