import { describe, expect, it } from 'vitest'
import { QuerySqlError } from '../errors.js'
import { inlineParams } from './inline-params.js'

describe('inlineParams', () => {
  it('puts each value in its placeholder as a literal, quotes doubled', () => {
    expect(
      inlineParams('SELECT * FROM t WHERE a = ? AND b > ? AND c = ? AND d IS ?', [
        "x' OR '1'='1",
        2,
        true,
        null,
      ]),
    ).toBe("SELECT * FROM t WHERE a = 'x'' OR ''1''=''1' AND b > 2 AND c = TRUE AND d IS NULL")
  })

  it('leaves question marks in strings, identifiers and comments alone', () => {
    expect(inlineParams(`SELECT '?', "?" -- ?\nWHERE x = ?`, [1.5])).toBe(
      `SELECT '?', "?" -- ?\nWHERE x = 1.5E0`,
    )
  })

  it('says when the values do not match the placeholders', () => {
    expect(() => inlineParams('SELECT ?, ?', ['a'])).toThrow(QuerySqlError)
    expect(() => inlineParams('SELECT ?, ?', ['a'])).toThrow(/2 \? placeholder\(s\) but 1 value/)
  })
})
