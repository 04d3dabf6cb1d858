import { describe, expect, it } from 'vitest'
import { QueryRefusedError } from '../../errors.js'
import { javaReplacementToRe2, javaToRe2 } from './java-regex.js'

describe('Java patterns as RE2 patterns', () => {
  it('keeps what both read alike and spells \\s as Java’s', () => {
    expect(javaToRe2('(\\d+)([a-z]+)')).toEqual({ pattern: '(\\d+)([a-z]+)', groups: 2 })
    expect(javaToRe2('a\\sb').pattern).toBe('a[\\t\\n\\x0B\\f\\r ]b')
    expect(javaToRe2('[\\s,]').pattern).toBe('[\\t\\n\\x0B\\f\\r ,]')
    expect(javaToRe2('(?i)abc(?:d)').pattern).toBe('(?i)abc(?:d)')
  })

  it('refuses what RE2 lacks', () => {
    for (const pattern of [
      'a(?=b)',
      '(?<=a)b',
      '(a)\\1',
      'a++',
      '\\p{L}',
      '[a-z&&[^e]]',
      'a\\Z',
      '(?<n>a)',
      '(?x)a',
    ]) {
      expect(() => javaToRe2(pattern), pattern).toThrow(QueryRefusedError)
    }
  })

  it('turns $n references into \\n and \\$ into $', () => {
    expect(javaReplacementToRe2('3c$2 ', 2)).toBe('3c\\2 ')
    expect(javaReplacementToRe2('\\$1 costs $1', 1)).toBe('$1 costs \\1')
    expect(() => javaReplacementToRe2('$3', 2)).toThrow(/No group 3/)
  })
})
