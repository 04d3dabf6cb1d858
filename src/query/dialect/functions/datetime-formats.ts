import { QuerySqlError } from '../../errors.js'

/** Trino's MySQL-style specifiers (date_format, date_parse) as strftime ones. */
const MYSQL: Readonly<Record<string, string>> = {
  a: '%a',
  b: '%b',
  c: '%-m',
  d: '%d',
  e: '%-d',
  f: '%f',
  H: '%H',
  h: '%I',
  I: '%I',
  i: '%M',
  j: '%j',
  k: '%-H',
  l: '%-I',
  M: '%B',
  m: '%m',
  p: '%p',
  r: '%I:%M:%S %p',
  S: '%S',
  s: '%S',
  T: '%H:%M:%S',
  v: '%V',
  W: '%A',
  x: '%G',
  Y: '%Y',
  y: '%y',
  '%': '%%',
}
/** Specifiers Trino itself refuses. */
const MYSQL_UNSUPPORTED = new Set(['D', 'U', 'u', 'V', 'w', 'X'])

/** A `date_format`/`date_parse` format (`%Y-%m-%d %H:%i`) as DuckDB strftime/strptime's (`%Y-%m-%d %H:%M`). */
export function mysqlToStrftime(format: string): string {
  let out = ''
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!
    if (ch !== '%') {
      out += ch
      continue
    }
    const spec = format[++i]
    if (spec === undefined) break
    if (MYSQL_UNSUPPORTED.has(spec)) {
      throw new QuerySqlError(`SQL error: %${spec} is not supported in a date format (Trino refuses it too)`)
    }
    out += MYSQL[spec] ?? (spec === '%' ? '%%' : spec)
  }
  return out
}

/** Joda pattern letters (format_datetime, parse_datetime) by run length. */
function jodaField(letter: string, count: number): string | undefined {
  switch (letter) {
    case 'y':
    case 'Y':
      return count === 2 ? '%y' : '%Y'
    case 'x':
      return '%G'
    case 'M':
      return count >= 4 ? '%B' : count === 3 ? '%b' : count === 2 ? '%m' : '%-m'
    case 'd':
      return count >= 2 ? '%d' : '%-d'
    case 'D':
      return count >= 3 ? '%j' : '%-j'
    case 'H':
      return count >= 2 ? '%H' : '%-H'
    case 'h':
      return count >= 2 ? '%I' : '%-I'
    case 'm':
      return count >= 2 ? '%M' : '%-M'
    case 's':
      return count >= 2 ? '%S' : '%-S'
    case 'S':
      return count === 3 ? '%g' : count === 6 ? '%f' : undefined
    case 'E':
      return count >= 4 ? '%A' : '%a'
    case 'a':
      return '%p'
    case 'w':
      return count >= 2 ? '%V' : '%-V'
    case 'e':
      return '%u'
    case 'Z':
      return count === 1 ? '%z' : undefined
    case 'z':
      return '%Z'
    default:
      return undefined
  }
}

/** A Joda pattern (`yyyy-MM-dd HH:mm`) as a strftime format (`%Y-%m-%d %H:%M`). */
export function jodaToStrftime(pattern: string): string {
  let out = ''
  let i = 0
  while (i < pattern.length) {
    const ch = pattern[i]!
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1)
      const literal = end === -1 ? pattern.slice(i + 1) : pattern.slice(i + 1, end)
      out += literal === '' ? "'" : literal.replace(/%/g, '%%')
      i = end === -1 ? pattern.length : end + 1
      continue
    }
    if (/[A-Za-z]/.test(ch)) {
      let count = 1
      while (pattern[i + count] === ch) count++
      const field = jodaField(ch, count)
      if (field === undefined) {
        throw new QuerySqlError(
          `SQL error: the pattern letter ${ch.repeat(count)} in a Joda date pattern is not supported by the local engine`,
        )
      }
      out += field
      i += count
      continue
    }
    out += ch === '%' ? '%%' : ch
    i++
  }
  return out
}
