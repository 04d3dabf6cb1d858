import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { normaliseIsrc } from './isrc.js'
import { isContact, TUNELAKE_VERSION, userAgent } from './user-agent.js'

describe('identification', () => {
  it('names tunelake at the version package.json says, and the contact', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
    expect(TUNELAKE_VERSION).toBe(pkg.version)
    expect(userAgent('me@example.com')).toBe(`tunelake/${pkg.version} ( me@example.com )`)
  })

  it('takes an e-mail address or an http(s) URL as a contact, nothing else', () => {
    for (const ok of ['me@example.com', 'https://example.com/tunelake', 'http://x.org'])
      expect(isContact(ok), ok).toBe(true)
    for (const bad of ['', 'me', 'me@host', 'ftp://x.org', 'a b@c.de', 'me@example.com )']) {
      expect(isContact(bad), bad).toBe(false)
    }
  })
})

describe('normaliseIsrc', () => {
  it('upper-cases and strips hyphens and spaces; anything else that is not an ISRC is undefined', () => {
    expect(normaliseIsrc('us-sm1-59-00118')).toBe('USSM15900118')
    expect(normaliseIsrc(' USSM1 5900118')).toBe('USSM15900118')
    for (const bad of [null, undefined, '', 'USSM1590011', 'USSM159001188', '12SM15900118', 'US$M15900118']) {
      expect(normaliseIsrc(bad), String(bad)).toBeUndefined()
    }
  })
})
