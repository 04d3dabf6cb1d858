/**
 * A faster JSON.parse for raw Spotify responses, with the same result for every field the
 * transform reads. Two measured costs dominate parsing raw pages in Node: the ISO country-code
 * lists under `available_markets` (about 40% of a playlist-items page, a field the transform never
 * reads) and UTF-8 decoding, which is about twice as slow as Latin-1 decoding once any name holds
 * a non-ASCII letter. So:
 *
 * 1. each `"available_markets":[...]` value that is a plain list of two-letter codes becomes
 *    `null` (anything else in that place is left alone);
 * 2. the bytes are decoded as Latin-1 and parsed; JSON's structure is ASCII, so only string
 *    values can differ, and those holding bytes >= 0x80 are decoded again as UTF-8.
 *
 * Step 2 would be wrong for a string mixing raw UTF-8 with `\u` escapes of code points >= 0x80,
 * so any such escape in the text sends it down the plain UTF-8 path. Returns `undefined` when the
 * text does not parse, so the caller can produce the canonical error from the plain path.
 */
export function parseRawJson(bytes: Uint8Array): unknown {
  const buffer = stripMarkets(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  try {
    if (hasHighEscape(buffer)) return JSON.parse(buffer.toString('utf8'))
    return fixLatin1(JSON.parse(buffer.toString('latin1')))
  } catch {
    return undefined
  }
}

/** The field the fast path drops: the transform must never read it (a test checks the tables agree). */
export const DROPPED_FIELD = 'available_markets'

const NEEDLE = Buffer.from(`"${DROPPED_FIELD}":[`)
const NULL = Buffer.from('null')
const CODES = /^(?:"[A-Za-z]{2}"(?:,"[A-Za-z]{2}")*)?$/

function stripMarkets(buffer: Buffer): Buffer {
  let at = buffer.indexOf(NEEDLE)
  if (at < 0) return buffer
  const parts: Buffer[] = []
  let from = 0
  while (at >= 0) {
    const open = at + NEEDLE.length
    const close = buffer.indexOf(0x5d, open) // ']'
    if (close < 0) break
    if (CODES.test(buffer.toString('latin1', open, close))) {
      parts.push(buffer.subarray(from, open - 1), NULL)
      from = close + 1
    }
    at = buffer.indexOf(NEEDLE, close)
  }
  parts.push(buffer.subarray(from))
  return Buffer.concat(parts)
}

const BACKSLASH_U = Buffer.from('\\u')

/** True when a `\uXXXX` escape of a code point >= 0x80 occurs (conservatively, also inside `\\u`). */
function hasHighEscape(buffer: Buffer): boolean {
  for (let at = buffer.indexOf(BACKSLASH_U); at >= 0; at = buffer.indexOf(BACKSLASH_U, at + 2)) {
    const code = Number.parseInt(buffer.toString('latin1', at + 2, at + 6), 16)
    if (!(code < 0x80)) return true
  }
  return false
}

const HIGH = /[\x80-\xff]/

/** Re-decodes, as UTF-8, the strings (keys too) that Latin-1 decoding left with bytes >= 0x80. */
function fixLatin1(value: unknown): unknown {
  if (typeof value === 'string')
    return HIGH.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i]
      if (typeof item === 'string' || (typeof item === 'object' && item !== null)) value[i] = fixLatin1(item)
    }
    return value
  }
  const record = value as Record<string, unknown>
  for (const key of Object.keys(record)) {
    const item = record[key]
    if (typeof item === 'string' || (typeof item === 'object' && item !== null)) {
      const fixed = fixLatin1(item)
      // an own "__proto__" key must stay a plain property: assignment would set the prototype
      if (fixed !== item && key === '__proto__') Object.defineProperty(record, key, { value: fixed })
      else if (fixed !== item) record[key] = fixed
    }
    if (HIGH.test(key)) {
      const fixed = Object.getOwnPropertyDescriptor(record, key)!
      delete record[key]
      Object.defineProperty(record, Buffer.from(key, 'latin1').toString('utf8'), fixed)
    }
  }
  return record
}
