import { describe, expect, it } from 'vitest'
import { parseTrinoType } from './parse-type.js'
import { typeName } from './trino-type.js'
import { canCoerce, commonSuperType } from './type-coercion.js'

const t = parseTrinoType
const common = (a: string, b: string) => {
  const type = commonSuperType(t(a), t(b))
  return type && typeName(type)
}

describe("Trino's implicit conversions", () => {
  it('widens numbers, never between numbers and strings', () => {
    expect(common('integer', 'bigint')).toBe('bigint')
    expect(common('integer', 'decimal(5,2)')).toBe('decimal(12,2)')
    expect(common('bigint', 'double')).toBe('double')
    expect(common('decimal(10,2)', 'decimal(5,4)')).toBe('decimal(12,4)')
    expect(common('integer', 'varchar(1)')).toBeUndefined()
    expect(common('varchar', 'date')).toBeUndefined()
  })

  it('widens a date to a timestamp and strings to the longer length', () => {
    expect(common('date', 'timestamp(3)')).toBe('timestamp(3)')
    expect(common('varchar(3)', 'varchar(7)')).toBe('varchar(7)')
    expect(common('varchar(3)', 'varchar')).toBe('varchar')
  })

  it('goes inside arrays, maps and rows', () => {
    expect(common('array(integer)', 'array(bigint)')).toBe('array(bigint)')
    expect(common('map(varchar, integer)', 'map(varchar, double)')).toBe('map(varchar, double)')
    expect(common('row(x integer)', 'row(x bigint)')).toBe('row(x bigint)')
    expect(common('row(x integer)', 'row(y integer)')).toBe('row(integer)')
  })

  it('coerces only towards the wider type', () => {
    expect(canCoerce(t('integer'), t('bigint'))).toBe(true)
    expect(canCoerce(t('bigint'), t('integer'))).toBe(false)
    expect(canCoerce(t('varchar(3)'), t('varchar(2)'))).toBe(false)
    expect(canCoerce({ kind: 'unknown' }, t('date'))).toBe(true)
  })
})

describe('type names', () => {
  it('reads and prints Trino’s names', () => {
    for (const name of [
      'timestamp(6) with time zone',
      'array(row(x bigint, y double))',
      'interval day to second',
    ]) {
      expect(typeName(t(name))).toBe(name)
    }
    expect(typeName(t('TIMESTAMP'))).toBe('timestamp(3)')
    expect(typeName(t('decimal(10)'))).toBe('decimal(10,0)')
    expect(() => t('string')).toThrow(/CAST\(\.\.\. AS string\)/)
  })
})
