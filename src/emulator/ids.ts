import type { Random } from './prng.js'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const HEX = '0123456789abcdef'
const ID_PATTERN = /^[0-9A-Za-z]{22}$/

/**
 * A Spotify-style 22-character base62 id. Real ids encode 128 bits, so their first character is
 * 0-7; shorter strings (e.g. ISRC registrant codes) use the whole alphabet.
 */
export function randomBase62(rng: Random, length = 22): string {
  let id = length === 22 ? BASE62[rng.int(0, 7)]! : BASE62[rng.int(0, 61)]!
  for (let i = 1; i < length; i++) id += BASE62[rng.int(0, 61)]
  return id
}

/** Lowercase hex digits, e.g. for image URLs under https://i.scdn.co/image/. */
export function randomHex(rng: Random, length: number): string {
  let text = ''
  for (let i = 0; i < length; i++) text += HEX[rng.int(0, 15)]
  return text
}

/** True when `id` is a well-formed Spotify id (22 base62 characters). */
export function isBase62Id(id: string): boolean {
  return ID_PATTERN.test(id)
}
