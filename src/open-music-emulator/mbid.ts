import { createHash } from 'node:crypto'

/**
 * A MusicBrainz-style identifier (a version-4 UUID, lower-case) derived from `key`, so the same
 * synthetic entity has the same MBID on every start.
 *
 * @example
 * mbidOf('recording:0a1B2c3D4e5F6g7H8i9J0k') // '3f0c2b1e-...-4...'
 */
export function mbidOf(key: string): string {
  const hex = createHash('sha1').update(`tunelake-open-music:${key}`).digest('hex')
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

const MBID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** True for a well-formed MBID (any UUID, either case, as both services accept). */
export function isMbid(text: string): boolean {
  return MBID.test(text)
}
