import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { envelope, example } from '../../test/support/spotify-examples.js'
import type { RawSource } from '../lake/layout.js'
import { parseRawObject, readEnvelope } from '../transform/index.js'
import { parseRawJson } from './transform-fast-json.js'
import { readRawObject } from './transform-read.js'

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'))

/** What the fast parse must give: JSON.parse, with two-letter code lists under available_markets as null. */
function expected(text: string): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip)
    if (typeof value !== 'object' || value === null) return value
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) {
      const codes =
        key === 'available_markets' &&
        Array.isArray(item) &&
        item.every((c) => typeof c === 'string' && /^[A-Za-z]{2}$/.test(c))
      Object.defineProperty(out, key, { value: codes ? null : strip(item), enumerable: true })
    }
    return out
  }
  return strip(JSON.parse(text))
}

describe('parseRawJson', () => {
  it.each([
    ['ASCII only', { name: 'Night Drive', n: 1, ok: true, none: null }],
    ['non-ASCII names', { name: 'Dünya Işık', other: 'Ōkami 狼 🐺', keep: 'plain' }],
    ['non-ASCII keys', { clé: 'valeur', Sœur: { ß: 'ü' } }],
    ['a __proto__ key', JSON.parse('{"__proto__": {"polluted": "é"}, "a": "b"}')],
    ['market lists', { available_markets: ['AD', 'ae'], album: { available_markets: [] } }],
    ['not a market list', { available_markets: ['USA', 'DE'], x: { available_markets: [{ c: 'DE' }] } }],
    ['markets named inside a string', { note: '"available_markets":["DE"]', available_markets: ['DE'] }],
  ])('gives what JSON.parse gives, markets aside: %s', (_, value) => {
    const text = JSON.stringify(value)
    const parsed = parseRawJson(bytes(text))
    expect(parsed).toEqual(expected(text))
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype)
  })

  it('decodes \\u escapes and raw UTF-8 alike, side by side', () => {
    const text = '{"a": "caf\\u00e9 crème", "b": "\\ud83d\\ude00 ok", "c": "\\\\u00e9 literal"}'
    expect(parseRawJson(bytes(text))).toEqual({ a: 'café crème', b: '😀 ok', c: '\\u00e9 literal' })
  })

  it('keeps the replacement characters of invalid UTF-8, as Buffer decoding does', () => {
    const raw = Buffer.concat([Buffer.from('{"a": "x'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('y"}')])
    expect(parseRawJson(new Uint8Array(raw))).toEqual(JSON.parse(raw.toString('utf8')))
  })

  it('returns undefined for text that is not JSON', () => {
    for (const text of ['{"a": ', '<html>503</html>', '', '{"available_markets":["DE"],']) {
      expect(parseRawJson(bytes(text)), text).toBeUndefined()
    }
  })
})

describe('readRawObject', () => {
  const responses = readdirSync(
    new URL('../../test/fixtures/spotify-api/examples/responses/', import.meta.url),
  )
  const sources: RawSource[] = [
    'playlists',
    'playlist_items',
    'artists',
    'albums',
    'saved_tracks',
    'recently_played',
  ]

  it('reads every example response exactly as the plain transform does (content or reason)', () => {
    let compared = 0
    for (const file of responses) {
      for (const source of sources) {
        const env = envelope(source, example(`responses/${file}`))
        const text = JSON.stringify(env)
        const fast = readRawObject(bytes(text), env.snapshot_date)
        let plain: unknown
        try {
          plain = { ok: true, content: readEnvelope(parseRawObject(text)) }
        } catch (error) {
          plain = { ok: false, reason: (error as Error).message }
        }
        expect(fast, `${file} as ${source}`).toEqual(plain)
        compared++
      }
    }
    expect(compared).toBeGreaterThan(100)
  })

  it('gives the plain parser’s reason for text that is not JSON', () => {
    const result = readRawObject(bytes('{"format": "tunelake.raw/v1", "source": '), '2026-11-23')
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/^not valid JSON \(.*\)$/) })
  })

  it('refuses an envelope whose snapshot_date is not its folder’s', () => {
    const env = envelope('playlist_items', example('responses/get-playlist-items.extended.json'))
    expect(readRawObject(bytes(JSON.stringify(env)), '2026-11-24')).toEqual({
      ok: false,
      reason: 'its snapshot_date 2026-11-23 does not match its folder (snapshot_date=2026-11-24)',
    })
  })
})
