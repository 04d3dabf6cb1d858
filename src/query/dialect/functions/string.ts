import { coerce, type Typed } from '../analysis/typed.js'
import {
  call,
  cast,
  coalesce,
  columnRef,
  comparison,
  constant,
  type Expr,
  fail,
  iff,
  isNotNull,
  isNull,
  lambda,
  NULL,
  op,
  operator,
  or,
} from '../duck-ast.js'
import { refuse, sqlError } from '../refusal.js'
import { duckTypeOf } from '../types/duck-type.js'
import {
  arrayOf,
  BIGINT,
  BOOLEAN,
  INTEGER,
  isString,
  VARBINARY,
  VARCHAR,
  varchar,
} from '../types/trino-type.js'
import type { CallSite } from './call-site.js'
import { byArity, type FunctionTable, fixed, scalar } from './function-rule.js'

/**
 * String functions (docs: functions/string.md), on Unicode code points as Trino counts them:
 * positions past the end give '' (not DuckDB's wrap-around), `split_part` past the last field
 * is NULL, `trim` removes Java's whitespace (not only spaces), `reverse` reverses code points,
 * `upper('ß')` stays 'ß' (Java's simple case mapping), `replace(s, '', r)` inserts r between
 * the characters.
 */
const str = (site: CallSite, i: number): Expr => {
  const arg = site.arg(i)
  if (!isString(arg.type) && arg.type.kind !== 'unknown') site.unexpected()
  return coerce(arg, VARCHAR).node
}

const int = (site: CallSite, i: number): Expr => coerce(site.arg(i), BIGINT).node

/** Java's Character.isWhitespace, which Trino's trim functions remove. */
const WHITESPACE =
  '[\\t\\n\\x0B\\f\\r\\x1C-\\x1F \\x{1680}\\x{2000}-\\x{2006}\\x{2008}-\\x{200A}\\x{2028}\\x{2029}\\x{205F}\\x{3000}]'

const trimmer = (pattern: string) =>
  scalar((site) => {
    site.plainCall()
    site.arity(1)
    return {
      node: call('regexp_replace', [str(site, 0), constant(pattern), constant(''), constant('g')]),
      type: VARCHAR,
    }
  })

/** Each piece of the string between `ch` mapped by `fn`, joined by `ch` again (so `ch` itself is kept). */
function around(node: Expr, ch: string, fn: (part: Expr) => Expr): Expr {
  const mapped = call('list_transform', [
    call('string_split', [node, constant(ch)]),
    lambda(['__p'], fn(columnRef('__p'))),
  ])
  return call('array_to_string', [mapped, constant(ch)])
}

const caseMapping = (duck: 'upper' | 'lower') =>
  fixed([VARCHAR], VARCHAR, ([s]) => {
    // DuckDB's utf8proc maps ß to ẞ and drops U+FEFF; Java's simple mapping keeps both.
    const keepBom = (part: Expr) => around(part, '\uFEFF', (p) => call(duck, [p]))
    return duck === 'upper' ? around(s!, 'ß', keepBom) : keepBom(s!)
  })

/** substr(s, start[, length]) as Trino's StringFunctions.substr: 0 or out of range gives ''. */
function substring(site: CallSite): Typed {
  site.plainCall()
  site.arity(2, 3)
  const s = str(site, 0)
  const start = int(site, 1)
  const length = site.argCount === 3 ? int(site, 2) : undefined
  const rest = length ? [length] : []
  const fromEnd = operator('+', [start, call('length', [s])])
  const empty = or(
    comparison('COMPARE_EQUAL', start, constant(0n)),
    ...(length ? [comparison('COMPARE_LESSTHANOREQUALTO', length, constant(0n))] : []),
  )
  const node = iff(
    empty,
    constant(''),
    iff(
      comparison('COMPARE_GREATERTHAN', start, constant(0n)),
      call('substring', [s, start, ...rest]),
      iff(
        comparison('COMPARE_LESSTHAN', fromEnd, constant(0n)),
        constant(''),
        call('substring', [s, operator('+', [fromEnd, constant(1n)]), ...rest]),
      ),
    ),
  )
  return { node: iff(or(isNull(s), isNull(start), ...rest.map(isNull)), NULL(), node), type: VARCHAR }
}

const pad = (duck: 'lpad' | 'rpad') =>
  fixed([VARCHAR, BIGINT, VARCHAR], VARCHAR, ([s, size, padding]) =>
    iff(
      comparison('COMPARE_LESSTHAN', size!, constant(0n)),
      fail('Target length must be in the range [0.. 1073741823]'),
      iff(
        comparison('COMPARE_EQUAL', padding!, constant('')),
        fail('Padding string must not be empty'),
        call(duck, [s!, cast(size!, duckTypeOf(INTEGER)), padding!]),
      ),
    ),
  )

const replace = scalar((site) => {
  site.plainCall()
  site.arity(2, 3)
  const [s, search] = [str(site, 0), str(site, 1)]
  const replacement = site.argCount === 3 ? str(site, 2) : constant('')
  // Trino inserts the replacement before every character and at the end when `search` is empty.
  const between = operator('||', [
    replacement,
    call('array_to_string', [
      call('list_transform', [
        call('string_split', [s, constant('')]),
        lambda(['__c'], operator('||', [columnRef('__c'), replacement])),
      ]),
      constant(''),
    ]),
  ])
  const empty = iff(comparison('COMPARE_EQUAL', s, constant('')), replacement, between)
  return {
    node: iff(
      comparison('COMPARE_EQUAL', search, constant('')),
      empty,
      call('replace', [s, search, replacement]),
    ),
    type: VARCHAR,
  }
})

const splitPart = fixed([VARCHAR, VARCHAR, BIGINT], VARCHAR, ([s, delimiter, index]) => {
  const parts = call('string_split', [s!, delimiter!])
  return iff(
    comparison('COMPARE_LESSTHANOREQUALTO', index!, constant(0n)),
    fail('Index must be greater than zero'),
    iff(
      comparison('COMPARE_GREATERTHAN', index!, call('len', [parts])),
      NULL(),
      call('list_extract', [parts, index!]),
    ),
  )
})

const concat = scalar((site) => {
  site.plainCall()
  if (site.argCount < 2) sqlError('There must be two or more concatenation arguments')
  const args = site.args()
  if (args.some((a) => a.type.kind === 'array')) return refuse('concat() of arrays', 'use the || operator')
  if (args.some((a) => a.type.kind === 'varbinary'))
    return refuse('concat() of varbinary', 'use the || operator')
  const parts = args.map((_, i) => str(site, i))
  const lengths = args.map((a) => (a.type.kind === 'varchar' ? a.type.length : undefined))
  const total = lengths.every((l) => l !== undefined) ? lengths.reduce((a, b) => a! + b!, 0) : undefined
  return { node: parts.reduce((a, b) => operator('||', [a, b])), type: varchar(total) }
})

const concatWs = scalar((site) => {
  site.plainCall()
  if (site.argCount < 2) sqlError('concat_ws() needs a separator and at least one value')
  const separator = str(site, 0)
  const second = site.arg(1)
  if (site.argCount === 2 && second.type.kind === 'array') {
    const list = coerce(second, arrayOf(VARCHAR)).node
    const kept = call('list_filter', [list, lambda(['__x'], isNotNull(columnRef('__x')))])
    return {
      node: iff(or(isNull(separator), isNull(list)), NULL(), call('array_to_string', [kept, separator])),
      type: VARCHAR,
    }
  }
  const values = site
    .args()
    .slice(1)
    .map((_, i) => str(site, i + 1))
  return { node: call('concat_ws', [separator, ...values]), type: VARCHAR }
})

const strpos = byArity({
  2: fixed([VARCHAR, VARCHAR], BIGINT, 'strpos'),
  3: scalar(() => refuse('strpos(string, substring, instance)', 'use strpos(string, substring)')),
})

const codepoint = scalar((site) => {
  site.plainCall()
  site.arity(1)
  const arg = site.arg(0)
  if (arg.type.kind !== 'varchar' || arg.type.length !== 1) {
    sqlError('codepoint() takes a varchar(1): cast the argument, e.g. codepoint(CAST(s AS varchar(1)))')
  }
  return { node: call('unicode', [arg.node]), type: INTEGER }
})

const split = byArity({
  2: fixed([VARCHAR, VARCHAR], arrayOf(VARCHAR), 'string_split'),
  3: scalar(() => refuse('split(string, delimiter, limit)', 'use split(string, delimiter) and slice()')),
})

export const STRING_FUNCTIONS: FunctionTable = {
  length: scalar((site) => {
    site.arity(1)
    if (site.arg(0).type.kind === 'varbinary')
      return { node: call('octet_length', [site.arg(0).node]), type: BIGINT }
    return { node: call('length', [str(site, 0)]), type: BIGINT }
  }),
  lower: caseMapping('lower'),
  upper: caseMapping('upper'),
  concat,
  concat_ws: concatWs,
  substr: scalar(substring),
  substring: scalar(substring),
  strpos,
  replace,
  reverse: scalar((site) => {
    site.arity(1)
    const arg = site.arg(0)
    if (arg.type.kind === 'array') return { node: call('list_reverse', [arg.node]), type: arg.type }
    const s = str(site, 0)
    return {
      node: call('array_to_string', [
        call('list_reverse', [call('string_split', [s, constant('')])]),
        constant(''),
      ]),
      type: VARCHAR,
    }
  }),
  lpad: pad('lpad'),
  rpad: pad('rpad'),
  trim: trimmer(`^${WHITESPACE}+|${WHITESPACE}+$`),
  ltrim: trimmer(`^${WHITESPACE}+`),
  rtrim: trimmer(`${WHITESPACE}+$`),
  split,
  split_part: splitPart,
  starts_with: fixed([VARCHAR, VARCHAR], BOOLEAN, 'starts_with'),
  ends_with: fixed([VARCHAR, VARCHAR], BOOLEAN, 'ends_with'),
  chr: fixed([BIGINT], varchar(1), ([n]) => call('chr', [cast(n!, duckTypeOf(INTEGER))])),
  codepoint,
  levenshtein_distance: fixed([VARCHAR, VARCHAR], BIGINT, 'levenshtein'),
  hamming_distance: fixed([VARCHAR, VARCHAR], BIGINT, (args) =>
    iff(
      comparison('COMPARE_NOTEQUAL', call('length', [args[0]!]), call('length', [args[1]!])),
      fail('The input strings to hamming_distance function must have the same length'),
      call('hamming', args),
    ),
  ),
  translate: fixed([VARCHAR, VARCHAR, VARCHAR], VARCHAR, 'translate'),
  to_utf8: fixed([VARCHAR], VARBINARY, 'encode'),
  // Trino puts U+FFFD for bytes that are not UTF-8; DuckDB fails on them: such input is refused when met.
  from_utf8: scalar((site) => {
    site.arity(1, 2)
    const b = coerce(site.arg(0), VARBINARY).node
    if (site.argCount === 2) coerce(site.arg(1), VARCHAR)
    // Trino puts a replacement for bytes that are not UTF-8; DuckDB fails on them: refused when met.
    const node = iff(
      isNull(b),
      NULL(),
      coalesce(
        op('OPERATOR_TRY', [call('decode', [b])]),
        fail(
          'from_utf8() of bytes that are not UTF-8 is not reproduced by the local engine; run the query on Athena',
        ),
      ),
    )
    return { node, type: VARCHAR }
  }),
}
