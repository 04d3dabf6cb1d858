import { describe, expect, it } from 'vitest'
import { jodaToStrftime, mysqlToStrftime } from './datetime-formats.js'

describe('date format translation', () => {
  it('maps MySQL specifiers, escapes literal percent signs and refuses what Trino refuses', () => {
    expect(mysqlToStrftime('%Y-%m-%d %T %% %M %W %e %c %k')).toBe('%Y-%m-%d %H:%M:%S %% %B %A %-d %-m %-H')
    expect(() => mysqlToStrftime('%D')).toThrow(/not supported/)
  })

  it('maps Joda patterns with quoted text', () => {
    expect(jodaToStrftime("yyyy-MM-dd'T'HH:mm:ss.SSS")).toBe('%Y-%m-%dT%H:%M:%S.%g')
    expect(jodaToStrftime("EEE, d MMM yy 'at' h a ''")).toBe("%a, %-d %b %y at %-I %p '")
    expect(() => jodaToStrftime('GGGG')).toThrow(/not supported/)
  })
})
