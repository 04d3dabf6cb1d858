import { QuerySqlError } from '../errors.js'
import { jodaToStrftime, mysqlToStrftime } from './datetime-formats.js'
import { isTrivia, type SqlToken, stringLiteral, stringValue, tokenize } from './sql-tokens.js'

/**
 * The Trino calls no DuckDB macro can express, rewritten before DuckDB sees them: date formats
 * (DuckDB wants a constant strftime format, so the Trino format is translated here), the
 * NULL rules of the variadic `concat`, `greatest` and `least`, lambdas passed to `transform`,
 * `listagg ... WITHIN GROUP`, and Java-style `format`. Everything else passes through unchanged.
 *
 * @example
 * rewriteTrinoSql("SELECT date_format(ts, '%Y-%m-%d %H:%i') FROM t")
 * // "SELECT strftime(ts, '%Y-%m-%d %H:%M') FROM t"
 */
export function rewriteTrinoSql(sql: string): string {
  const tokens = tokenize(sql)
  return rewriteRange(tokens, 0, tokens.length)
}

interface Call {
  name: string
  args: string[]
  /** The string value of argument `i` when it is a single string literal. */
  literal(i: number): string | undefined
  tokens: SqlToken[]
  /** Index of the first token after the call's closing parenthesis. */
  after: number
}

type Rule = (call: Call) => { text: string; next: number }

const simple =
  (make: (call: Call) => string): Rule =>
  (call) => ({ text: make(call), next: call.after })

const formatRule = (target: 'format' | 'parse', translate: (f: string) => string, cast?: string): Rule =>
  simple((call) => {
    const format = call.literal(1)
    if (call.args.length !== 2 || format === undefined) {
      throw new QuerySqlError(
        `SQL error: ${call.name} needs its format as a string literal on the local engine, e.g. ${call.name}(x, '%Y-%m-%d')`,
      )
    }
    const fn = target === 'format' ? 'strftime' : 'strptime'
    const text = `${fn}(${call.args[0]}, ${stringLiteral(translate(format))})`
    return cast ? `CAST(${text} AS ${cast})` : text
  })

const nullIfAnyNull = (fn: string): Rule =>
  simple((call) => {
    const test = call.args.map((a) => `(${a}) IS NULL`).join(' OR ')
    return `(CASE WHEN ${test} THEN NULL ELSE ${fn}(${call.args.join(', ')}) END)`
  })

const RULES: Readonly<Record<string, Rule>> = {
  date_format: formatRule('format', mysqlToStrftime),
  date_parse: formatRule('parse', mysqlToStrftime, 'TIMESTAMP_MS'),
  format_datetime: formatRule('format', jodaToStrftime),
  parse_datetime: formatRule('parse', jodaToStrftime, 'TIMESTAMPTZ'),
  concat: simple((call) =>
    call.args.length < 2
      ? `concat(${call.args.join(', ')})`
      : `(${call.args.map((a) => `(${a})`).join(' || ')})`,
  ),
  greatest: nullIfAnyNull('greatest'),
  least: nullIfAnyNull('least'),
  transform: simple((call) => `list_transform(${call.args.join(', ')})`),
  format: simple((call) => `printf(${call.args.join(', ')})`),
  listagg: (call) => {
    const within = withinGroup(call.tokens, call.after)
    const order = within ? ` ${rewriteRange(call.tokens, within.orderStart, within.orderEnd).trim()}` : ''
    return { text: `string_agg(${call.args.join(', ')}${order})`, next: within ? within.next : call.after }
  },
}

function rewriteRange(tokens: SqlToken[], start: number, end: number): string {
  let out = ''
  let i = start
  while (i < end) {
    const token = tokens[i]!
    if (token.kind === 'word' && token.text.toLowerCase() === 'values' && !afterDot(tokens, i)) {
      const bare = bareValues(tokens, i + 1, end)
      if (bare) {
        out += `${token.text} ${bare.items.map(([s, e]) => `(${rewriteRange(tokens, s, e).trim()})`).join(', ')}`
        i = bare.next
        continue
      }
    }
    const rule = token.kind === 'word' ? RULES[token.text.toLowerCase()] : undefined
    if (rule && !afterDot(tokens, i)) {
      const open = nextSolid(tokens, i + 1, end)
      const close = open !== -1 && tokens[open]!.text === '(' ? matchParen(tokens, open, end) : -1
      if (close !== -1) {
        const ranges = splitArgs(tokens, open + 1, close)
        const call: Call = {
          name: token.text.toLowerCase(),
          args: ranges.map(([s, e]) => rewriteRange(tokens, s, e).trim()),
          literal: (n) => literalOf(tokens, ranges[n]),
          tokens,
          after: close + 1,
        }
        const { text, next } = rule(call)
        out += text
        i = next
        continue
      }
    }
    out += token.text
    i++
  }
  return out
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
  if (nextSolid(tokens, from, end) !== -1 || ranges.length > 0) ranges.push([from, end])
  return ranges
}

function literalOf(tokens: SqlToken[], range: [number, number] | undefined): string | undefined {
  if (!range) return undefined
  const solid = tokens.slice(range[0], range[1]).filter((t) => !isTrivia(t))
  return solid.length === 1 && solid[0]!.kind === 'string' ? stringValue(solid[0]!) : undefined
}

const VALUES_END = new Set(['order', 'limit', 'offset', 'union', 'intersect', 'except', 'fetch'])

/**
 * Trino's `VALUES 1, 2, 3` (three one-column rows) as DuckDB's `VALUES (1), (2), (3)`:
 * the item ranges, when the list is of bare expressions, and where the list ends.
 */
function bareValues(
  tokens: SqlToken[],
  from: number,
  end: number,
): { items: [number, number][]; next: number } | undefined {
  const first = nextSolid(tokens, from, end)
  if (first === -1 || tokens[first]!.text === '(') return undefined
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

/** `WITHIN GROUP (ORDER BY ...)` after a call: the ORDER BY tokens and where the clause ends. */
function withinGroup(
  tokens: SqlToken[],
  from: number,
): { orderStart: number; orderEnd: number; next: number } | undefined {
  const within = nextSolid(tokens, from, tokens.length)
  if (within === -1 || tokens[within]!.text.toLowerCase() !== 'within') return undefined
  const group = nextSolid(tokens, within + 1, tokens.length)
  if (group === -1 || tokens[group]!.text.toLowerCase() !== 'group') return undefined
  const open = nextSolid(tokens, group + 1, tokens.length)
  if (open === -1 || tokens[open]!.text !== '(') return undefined
  const close = matchParen(tokens, open, tokens.length)
  if (close === -1) return undefined
  return { orderStart: open + 1, orderEnd: close, next: close + 1 }
}
