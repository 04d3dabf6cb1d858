import { describe, expect, it } from 'vitest'
import { widenType } from './type-widening.js'

describe('widenType', () => {
  it.each([
    ['int', 'int', 'int'],
    ['int', 'bigint', 'bigint'],
    ['bigint', 'int', 'bigint'],
    ['tinyint', 'double', 'double'],
    ['float', 'bigint', 'double'],
    ['date', 'timestamp', 'timestamp'],
    ['boolean', 'int', 'string'],
    ['string', 'bigint', 'string'],
    ['array<int>', 'array<bigint>', 'array<bigint>'],
    ['array<int>', 'int', 'string'],
    ['struct<a:int,b:string>', 'struct<a:bigint,c:array<int>>', 'struct<a:bigint,b:string,c:array<int>>'],
  ])('%s + %s = %s', (a, b, expected) => {
    expect(widenType(a, b)).toBe(expected)
  })
})
