import { describe, expect, it } from 'vitest'
import { QuerySqlError } from '../errors.js'
import { jodaToStrftime, mysqlToStrftime } from './datetime-formats.js'
import { rewriteTrinoSql } from './trino-rewrite.js'

describe('rewriteTrinoSql', () => {
  it('translates literal date formats', () => {
    expect(rewriteTrinoSql("SELECT date_format(ts, '%Y-%m-%d %H:%i:%s') FROM t")).toBe(
      "SELECT strftime(ts, '%Y-%m-%d %H:%M:%S') FROM t",
    )
    expect(rewriteTrinoSql("SELECT date_parse(s, '%d/%m/%Y')")).toBe(
      "SELECT CAST(strptime(s, '%d/%m/%Y') AS TIMESTAMP_MS)",
    )
  })

  it('leaves strings, quoted identifiers, comments and qualified names alone', () => {
    const sql = `SELECT 'concat(a, b)', "transform"(x), x.concat(a, b) -- concat(a, b)\n/* greatest(1, 2) */`
    expect(rewriteTrinoSql(sql)).toBe(sql)
  })

  it('rewrites nested calls inside out and keeps everything else byte for byte', () => {
    expect(rewriteTrinoSql('SELECT  concat(a,   greatest(b, c))  FROM "t"')).toBe(
      'SELECT  ((a) || ((CASE WHEN (b) IS NULL OR (c) IS NULL THEN NULL ELSE greatest(b, c) END)))  FROM "t"',
    )
  })

  it('moves listagg’s WITHIN GROUP ordering into string_agg', () => {
    expect(rewriteTrinoSql("SELECT listagg(name, ', ') WITHIN GROUP (ORDER BY name DESC) FROM t")).toBe(
      "SELECT string_agg(name, ', ' ORDER BY name DESC) FROM t",
    )
  })

  it('turns bare VALUES lists into one-column rows, and leaves row lists alone', () => {
    expect(rewriteTrinoSql('SELECT * FROM (VALUES 1, 2 + 3, f(4, 5)) AS t(x)')).toBe(
      'SELECT * FROM (VALUES (1), (2 + 3), (f(4, 5))) AS t(x)',
    )
    expect(rewriteTrinoSql("VALUES 'a', 'b' ORDER BY 1")).toBe("VALUES ('a'), ('b') ORDER BY 1")
    expect(rewriteTrinoSql('SELECT * FROM (VALUES (1, 2), (3, 4)) t')).toBe(
      'SELECT * FROM (VALUES (1, 2), (3, 4)) t',
    )
  })

  it('asks for a literal format', () => {
    expect(() => rewriteTrinoSql('SELECT date_format(ts, fmt) FROM t')).toThrow(QuerySqlError)
  })
})

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
