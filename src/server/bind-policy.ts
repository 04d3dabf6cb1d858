import { isIP } from 'node:net'
import { ServerBindRefusedError } from './errors.js'

/** The environment variable that holds the token a non-loopback dashboard requires. */
export const TOKEN_ENV = 'TUNELAKE_DASHBOARD_TOKEN'
const MIN_TOKEN_LENGTH = 16

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  if (bare === 'localhost') return true
  if (isIP(bare) === 4) return bare.startsWith('127.')
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1' || bare === '::ffff:127.0.0.1'
  return false
}

/**
 * The server binds loopback freely; anywhere else it needs a token of at least 16 characters,
 * which every API request must then carry. A token, when given, is always enforced.
 */
export function assertBindAllowed(host: string, token: string | undefined): void {
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
    throw new ServerBindRefusedError(
      `the dashboard token in ${TOKEN_ENV} is shorter than ${MIN_TOKEN_LENGTH} characters; use a long random one, e.g. from: openssl rand -hex 16`,
    )
  }
  if (!isLoopbackHost(host) && token === undefined) {
    throw new ServerBindRefusedError(
      `refusing to serve the lake on ${host} without a token: other machines could read it; set ${TOKEN_ENV} to a long random secret, or bind 127.0.0.1`,
    )
  }
}
