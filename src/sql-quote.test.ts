import { describe, expect, it } from 'vitest'
import { quoteIdent, sqlString } from './sql-quote.js'

describe('SQL quoting', () => {
  it('doubles the quote it is written in and leaves the other alone', () => {
    expect(sqlString(`it's "fine"`)).toBe(`'it''s "fine"'`)
    expect(quoteIdent(`it's "fine"`)).toBe(`"it's ""fine"""`)
  })
})
