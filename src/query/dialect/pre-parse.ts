import { quoteIdent, sqlString } from '../../sql-quote.js'
import { refuse, sqlError } from './refusal.js'
import { isTrivia, type SqlToken, stringValue, tokenize } from './sql-tokens.js'

/**
 * The few pieces of Trino syntax DuckDB's parser cannot read, or reads into a tree that forgets
 * what was written, put into a form it parses and keeps: every type a CAST names, typed literals
 * (`TIMESTAMP '2020-01-01 00:00 UTC'`, `DECIMAL '1.50'`, `X'65'`) and interval literals become
 * casts to a quoted marker type that carries Trino's words (`CAST(x AS "tunelake:cast array(varchar)")`),
 * which the analysis reads; `VALUES 1, 2` becomes `VALUES (1), (2)`, and `listagg(x, ',')
 * WITHIN GROUP (ORDER BY y)` DuckDB's `listagg(x, ',' ORDER BY y)`. Everything else is left
 * byte for byte.
 *
 * @example
 * preParse("SELECT CAST(x AS array(varchar)), DATE '2020-01-01'")
 * // `SELECT CAST(x AS "tunelake:cast array(varchar)"), CAST('2020-01-01' AS "tunelake:literal date")`
 */
export function preParse(sql: string): string {
  const tokens = tokenize(sql)
  for (const token of tokens) {
    if (token.kind === 'quoted' && token.text.toLowerCase().startsWith(`"${MARKER}`)) {
      sqlError(`unknown type ${token.text}`)
    }
  }
  return rewrite(tokens, 0, tokens.length)
}

export const MARKER = 'tunelake:'

/** What a marker type says: a CAST's target, a typed literal's type, or an interval's fields. */
export type Marker = { kind: 'cast' | 'literal' | 'interval'; text: string }

/** The marker a quoted type name carries, if it is one. */
export function readMarker(name: string): Marker | undefined {
  const match = /^tunelake:(cast|literal|interval) (.*)$/s.exec(name)
  return match ? { kind: match[1] as Marker['kind'], text: match[2]! } : undefined
}

const marker = (kind: Marker['kind'], text: string) => quoteIdent(`${MARKER}${kind} ${text}`)

const LITERAL_TYPES = new Set([
  'date',
  'timestamp',
  'time',
  'decimal',
  'numeric',
  'real',
  'double',
  'bigint',
  'integer',
  'int',
  'smallint',
  'tinyint',
  'boolean',
  'json',
  'char',
  'varchar',
  'uuid',
  'ipaddress',
])

/** SQL/JSON functions with a syntax of their own (`json_object('k' : v)`, `... RETURNING ...`). */
const REFUSED_CALLS = new Set(['json_object', 'json_array', 'json_query', 'json_value', 'json_exists'])

const INTERVAL_UNITS = new Set(['year', 'month', 'day', 'hour', 'minute', 'second'])

const VALUES_END = new Set(['order', 'limit', 'offset', 'union', 'intersect', 'except', 'fetch'])

function rewrite(tokens: SqlToken[], start: number, end: number): string {
  let out = ''
  let i = start
  while (i < end) {
    const token = tokens[i]!
    if (token.kind === 'symbol' && token.text === ')') {
      // `f(x) IGNORE NULLS OVER (...)` is Trino's; DuckDB wants `f(x IGNORE NULLS) OVER (...)`.
      const nulls = nullTreatment(tokens, i + 1, end)
      if (nulls) {
        out += ` ${nulls.text})`
        i = nulls.next
        continue
      }
    }
    if (
      token.kind === 'symbol' &&
      token.text === ')' &&
      tokens[i + 1]?.text === '.' &&
      tokens[i + 2]?.text === '*'
    ) {
      refuse('(row).* to expand a row into columns', 'name the fields: SELECT r.x, r.y')
    }
    const word = token.kind === 'word' ? token.text.toLowerCase() : ''
    if (word !== '' && !afterDot(tokens, i)) {
      const replaced = rewriteAt(tokens, i, end, word)
      if (replaced) {
        out += replaced.text
        i = replaced.next
        continue
      }
    }
    out += token.text
    i++
  }
  return out
}

function rewriteAt(
  tokens: SqlToken[],
  i: number,
  end: number,
  word: string,
): { text: string; next: number } | undefined {
  const next = nextSolid(tokens, i + 1, end)
  const following = next === -1 ? undefined : tokens[next]!
  if ((word === 'cast' || word === 'try_cast') && following?.text === '(') {
    const close = matchParen(tokens, next, end)
    const as = close === -1 ? -1 : lastTopLevelAs(tokens, next + 1, close)
    if (as === -1) return undefined
    const type = tokens
      .slice(as + 1, close)
      .map((t) => (isTrivia(t) ? ' ' : t.text))
      .join('')
      .replace(/\s+/g, ' ')
      .trim()
    const inner = rewrite(tokens, next + 1, as)
    const gap = /\s$/.test(inner) ? '' : ' '
    return { text: `${tokens[i]!.text}(${inner}${gap}AS ${marker('cast', type)})`, next: close + 1 }
  }
  if (word === 'date' && following?.text === '(') {
    // Trino's date(x) is CAST(x AS date); DuckDB's parser reads it as a cast it cannot mark.
    const close = matchParen(tokens, next, end)
    if (close === -1) return undefined
    const inner = rewrite(tokens, next + 1, close)
    return { text: `CAST(${inner} AS ${marker('cast', 'date')})`, next: close + 1 }
  }
  if (word === 'if' && following?.text === '(') {
    // Trino's if(c, x) is if(c, x, NULL); DuckDB's parser wants all three.
    const close = matchParen(tokens, next, end)
    if (close === -1 || splitArgs(tokens, next + 1, close).length !== 2) return undefined
    return { text: `${tokens[i]!.text}(${rewrite(tokens, next + 1, close)}, NULL)`, next: close + 1 }
  }
  if (REFUSED_CALLS.has(word) && following?.text === '(') {
    refuse(
      `the SQL/JSON function ${word}()`,
      'use json_extract, json_extract_scalar and json_format, or run the query on Athena',
    )
  }
  if (word === 'u' && following?.kind === 'symbol' && following.text === '&' && next === i + 1) {
    const literal = tokens[next + 1]
    if (literal?.kind === 'string') return unicodeString(tokens, literal, next + 2, end)
  }
  if (word === 'with' && tokens[nextSolid(tokens, i + 1, end)]?.text.toLowerCase() === 'ties') {
    refuse('FETCH FIRST ... WITH TIES', 'use rank() in a subquery and filter on it')
  }
  if (word === 'listagg' && following?.text === '(') {
    const close = matchParen(tokens, next, end)
    const within = close === -1 ? undefined : withinGroup(tokens, close + 1, end)
    if (!within) return undefined
    const args = rewrite(tokens, next + 1, close)
    const order = rewrite(tokens, within.orderStart, within.orderEnd).trim()
    return { text: `${tokens[i]!.text}(${args} ${order})`, next: within.next }
  }
  if (word === 'x' && following?.kind === 'string' && next === i + 1) {
    return { text: `CAST(${following.text} AS ${marker('literal', 'varbinary')})`, next: next + 1 }
  }
  if (LITERAL_TYPES.has(word) && following?.kind === 'string') {
    const type = word === 'int' ? 'integer' : word === 'numeric' ? 'decimal' : word
    return { text: `CAST(${following.text} AS ${marker('literal', type)})`, next: next + 1 }
  }
  if (word === 'interval') return intervalLiteral(tokens, next, end)
  if (word === 'values' && following && following.text !== '(') {
    const bare = bareValues(tokens, next, end)
    const items = bare.items.map(([s, e]) => `(${rewrite(tokens, s, e).trim()})`)
    return { text: `${tokens[i]!.text} ${items.join(', ')}`, next: bare.next }
  }
  return undefined
}

/** `INTERVAL [+|-] '3' DAY [TO SECOND]` as a cast of the string to a marker of sign and fields. */
function intervalLiteral(
  tokens: SqlToken[],
  from: number,
  end: number,
): { text: string; next: number } | undefined {
  let at = from
  let sign = ''
  if (at !== -1 && (tokens[at]!.text === '-' || tokens[at]!.text === '+')) {
    sign = tokens[at]!.text
    at = nextSolid(tokens, at + 1, end)
  }
  if (at === -1 || tokens[at]!.kind !== 'string') return undefined
  const value = tokens[at]!
  const fields: string[] = []
  let next = at + 1
  for (;;) {
    const unit = nextSolid(tokens, next, end)
    const text = unit === -1 ? '' : tokens[unit]!.text.toLowerCase()
    const expectUnit = fields.length === 0 || fields.at(-1) === 'to'
    if (expectUnit ? INTERVAL_UNITS.has(text) : text === 'to' && fields.length === 1) {
      fields.push(text)
      next = unit + 1
      continue
    }
    break
  }
  if (fields.length === 0 || fields.at(-1) === 'to') return undefined
  const text = `${sign === '-' ? '-' : '+'} ${fields.join(' ')}`
  return { text: `CAST(${sqlString(stringValue(value))} AS ${marker('interval', text)})`, next }
}

/** `IGNORE NULLS` or `RESPECT NULLS` right after a call's closing parenthesis, before OVER. */
function nullTreatment(
  tokens: SqlToken[],
  from: number,
  end: number,
): { text: string; next: number } | undefined {
  const first = nextSolid(tokens, from, end)
  const second = first === -1 ? -1 : nextSolid(tokens, first + 1, end)
  const third = second === -1 ? -1 : nextSolid(tokens, second + 1, end)
  const word = (j: number) => (j === -1 ? '' : tokens[j]!.text.toLowerCase())
  if (
    (word(first) !== 'ignore' && word(first) !== 'respect') ||
    word(second) !== 'nulls' ||
    word(third) !== 'over'
  ) {
    return undefined
  }
  return { text: `${tokens[first]!.text} ${tokens[second]!.text}`, next: second + 1 }
}

/** `U&'caf\00E9'` (with `UESCAPE '#'`) as the plain string literal it stands for. */
function unicodeString(
  tokens: SqlToken[],
  literal: SqlToken,
  after: number,
  end: number,
): { text: string; next: number } {
  let escapeChar = '\\'
  let next = after
  const u = nextSolid(tokens, after, end)
  if (u !== -1 && tokens[u]!.text.toLowerCase() === 'uescape') {
    const e = nextSolid(tokens, u + 1, end)
    if (e === -1 || tokens[e]!.kind !== 'string') sqlError('UESCAPE needs a one-character string')
    escapeChar = stringValue(tokens[e]!)
    next = e + 1
  }
  const body = stringValue(literal)
  let out = ''
  for (let k = 0; k < body.length; k++) {
    if (body[k] !== escapeChar) {
      out += body[k]
      continue
    }
    if (body[k + 1] === escapeChar) {
      out += escapeChar
      k++
      continue
    }
    const long = body[k + 1] === '+'
    const hex = body.slice(k + (long ? 2 : 1), k + (long ? 8 : 5))
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== (long ? 6 : 4))
      sqlError('invalid Unicode escape in a U& string')
    out += String.fromCodePoint(Number.parseInt(hex, 16))
    k += long ? 7 : 4
  }
  return { text: sqlString(out), next }
}

/** `WITHIN GROUP (ORDER BY ...)` after a call: the ORDER BY tokens and where the clause ends. */
function withinGroup(
  tokens: SqlToken[],
  from: number,
  end: number,
): { orderStart: number; orderEnd: number; next: number } | undefined {
  const within = nextSolid(tokens, from, end)
  if (within === -1 || tokens[within]!.text.toLowerCase() !== 'within') return undefined
  const group = nextSolid(tokens, within + 1, end)
  if (group === -1 || tokens[group]!.text.toLowerCase() !== 'group') return undefined
  const open = nextSolid(tokens, group + 1, end)
  if (open === -1 || tokens[open]!.text !== '(') return undefined
  const close = matchParen(tokens, open, end)
  if (close === -1) return undefined
  return { orderStart: open + 1, orderEnd: close, next: close + 1 }
}

function afterDot(tokens: SqlToken[], i: number): boolean {
  let j = i - 1
  while (j >= 0 && isTrivia(tokens[j])) j--
  return j >= 0 && tokens[j]!.text === '.'
}

function nextSolid(tokens: SqlToken[], from: number, end: number): number {
  let j = from
  while (j < end && isTrivia(tokens[j])) j++
  return j < end ? j : -1
}

function matchParen(tokens: SqlToken[], open: number, end: number): number {
  let depth = 0
  for (let j = open; j < end; j++) {
    const text = tokens[j]!.kind === 'symbol' ? tokens[j]!.text : ''
    if (text === '(') depth++
    else if (text === ')' && --depth === 0) return j
  }
  return -1
}

function lastTopLevelAs(tokens: SqlToken[], start: number, end: number): number {
  let depth = 0
  let found = -1
  for (let j = start; j < end; j++) {
    const token = tokens[j]!
    if (token.kind === 'symbol' && (token.text === '(' || token.text === '[')) depth++
    else if (token.kind === 'symbol' && (token.text === ')' || token.text === ']')) depth--
    else if (depth === 0 && token.kind === 'word' && token.text.toLowerCase() === 'as') found = j
  }
  return found
}

function splitArgs(tokens: SqlToken[], start: number, end: number): [number, number][] {
  const ranges: [number, number][] = []
  let depth = 0
  let from = start
  for (let j = start; j < end; j++) {
    const text = tokens[j]!.kind === 'symbol' ? tokens[j]!.text : ''
    if (text === '(' || text === '[') depth++
    else if (text === ')' || text === ']') depth--
    else if (text === ',' && depth === 0) {
      ranges.push([from, j])
      from = j + 1
    }
  }
  ranges.push([from, end])
  return ranges
}

/** The items of a `VALUES 1, 2, 3` list of bare expressions, and where the list ends. */
function bareValues(
  tokens: SqlToken[],
  first: number,
  end: number,
): { items: [number, number][]; next: number } {
  let depth = 0
  let stop = end
  for (let j = first; j < end; j++) {
    const token = tokens[j]!
    const text = token.kind === 'symbol' ? token.text : ''
    if (text === '(' || text === '[') depth++
    else if (text === ')' || text === ']') {
      if (depth === 0) {
        stop = j
        break
      }
      depth--
    } else if (
      depth === 0 &&
      (text === ';' || (token.kind === 'word' && VALUES_END.has(token.text.toLowerCase())))
    ) {
      stop = j
      break
    }
  }
  let last = stop
  while (last > first && isTrivia(tokens[last - 1])) last--
  return { items: splitArgs(tokens, first, last), next: last }
}
