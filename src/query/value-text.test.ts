import { describe, expect, it } from 'vitest'
import { javaDouble, javaFloat, valueText } from './value-text.js'

describe('values as Athena prints them', () => {
  it('prints doubles and reals as Java does', () => {
    expect(javaDouble(2)).toBe('2.0')
    expect(javaDouble(0.1 + 0.2)).toBe('0.30000000000000004')
    expect(javaDouble(1e7)).toBe('1.0E7')
    expect(javaDouble(1.5e-4)).toBe('1.5E-4')
    expect(javaDouble(123456.789)).toBe('123456.789')
    expect(javaFloat(Math.fround(0.1))).toBe('0.1')
    expect(valueText('NaN', 'double')).toBe('NaN')
  })

  it('prints decimals with their scale and containers by their element types', () => {
    expect(valueText(1.5, 'decimal(4,2)')).toBe('1.50')
    expect(valueText([1, null, 2.5], 'array(double)')).toBe('[1.0, NULL, 2.5]')
    expect(valueText({ k: 1, m: null }, 'map(varchar, integer)')).toBe('{k=1, m=NULL}')
    expect(valueText({ x: 1, y: 'abc' }, 'row(x bigint, y varchar)')).toBe('{x=1, y=abc}')
  })
})
