import { describe, expect, it } from 'vitest'
import { preParse, readMarker } from './pre-parse.js'

describe('preParse', () => {
  it('marks the types of casts, typed literals and intervals with Trino’s words', () => {
    expect(preParse("SELECT CAST(x AS array(row(a integer))), TRY_CAST('1' AS decimal(4, 1))")).toBe(
      'SELECT CAST(x AS "tunelake:cast array(row(a integer))"), TRY_CAST(\'1\' AS "tunelake:cast decimal(4, 1)")',
    )
    expect(preParse("SELECT DATE '2020-01-01', TIMESTAMP '2020-01-01 00:00 UTC', X'65'")).toBe(
      `SELECT CAST('2020-01-01' AS "tunelake:literal date"), CAST('2020-01-01 00:00 UTC' AS "tunelake:literal timestamp"), CAST('65' AS "tunelake:literal varbinary")`,
    )
    expect(preParse("SELECT INTERVAL '2' DAY, INTERVAL -'1-2' YEAR TO MONTH")).toBe(
      `SELECT CAST('2' AS "tunelake:interval + day"), CAST('1-2' AS "tunelake:interval - year to month")`,
    )
    expect(readMarker('tunelake:cast varchar(3)')).toEqual({ kind: 'cast', text: 'varchar(3)' })
  })

  it('casts inside a cast’s operand are marked too, and strings and comments stay as written', () => {
    expect(preParse("SELECT CAST(CAST(x AS integer) AS bigint) -- CAST(y AS date)\n, 'DATE ''x'''")).toBe(
      `SELECT CAST(CAST(x AS "tunelake:cast integer") AS "tunelake:cast bigint") -- CAST(y AS date)\n, 'DATE ''x'''`,
    )
  })

  it('turns bare VALUES lists into one-column rows and listagg’s WITHIN GROUP into its ORDER BY', () => {
    expect(preParse('SELECT * FROM (VALUES 1, 2 + 3, f(4, 5)) AS t(x)')).toBe(
      'SELECT * FROM (VALUES (1), (2 + 3), (f(4, 5))) AS t(x)',
    )
    expect(preParse('SELECT * FROM (VALUES (1, 2), (3, 4)) t')).toBe(
      'SELECT * FROM (VALUES (1, 2), (3, 4)) t',
    )
    expect(preParse("SELECT listagg(name, ', ') WITHIN GROUP (ORDER BY name DESC) FROM t")).toBe(
      "SELECT listagg(name, ', ' ORDER BY name DESC) FROM t",
    )
  })

  it('refuses a quoted name that poses as a marker', () => {
    expect(() => preParse('SELECT CAST(1 AS "tunelake:cast integer")')).toThrow(/unknown type/)
  })
})
