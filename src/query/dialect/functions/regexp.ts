import { coerce, type Typed } from '../analysis/typed.js'
import { call, cast, constant, type Expr, iff } from '../duck-ast.js'
import { refuse, sqlError } from '../refusal.js'
import { duckTypeOf } from '../types/duck-type.js'
import { arrayOf, BIGINT, BOOLEAN, VARCHAR } from '../types/trino-type.js'
import type { CallSite } from './call-site.js'
import { type FunctionTable, scalar } from './function-rule.js'
import { javaReplacementToRe2, javaToRe2 } from './java-regex.js'

/**
 * Regular expression functions (docs: functions/regexp.md). The pattern must be a literal, so it
 * can be checked for the Java features RE2 lacks (java-regex.ts); every match is replaced, a
 * missing match is NULL for regexp_extract, replacements use `$1`.
 */
function pattern(site: CallSite, i: number): { node: Expr; groups: number } {
  const arg = site.arg(i)
  if (typeof arg.literal !== 'string') {
    refuse(`${site.name}() with a computed pattern`, 'write the pattern as a string literal')
  }
  const { pattern: re2, groups } = javaToRe2(arg.literal)
  return { node: constant(re2), groups }
}

const text = (site: CallSite, i: number) => coerce(site.arg(i), VARCHAR).node

function group(site: CallSite, i: number, groups: number): Expr | undefined {
  if (site.argCount <= i) return undefined
  const arg = site.arg(i)
  if (typeof arg.literal !== 'number')
    refuse(`${site.name}() with a computed group`, 'write the group number as a literal')
  if (arg.literal < 0 || arg.literal > groups) {
    sqlError(`Pattern has ${groups} groups. Cannot access group ${arg.literal}`)
  }
  return constant(arg.literal)
}

const regexpLike = scalar((site) => {
  site.arity(2)
  return { node: call('regexp_matches', [text(site, 0), pattern(site, 1).node]), type: BOOLEAN }
})

const regexpExtract = scalar((site): Typed => {
  site.arity(2, 3)
  const s = text(site, 0)
  const p = pattern(site, 1)
  const g = group(site, 2, p.groups) ?? constant(0)
  // DuckDB gives '' where nothing matches; Trino gives NULL.
  return {
    node: iff(call('regexp_matches', [s, p.node]), call('regexp_extract', [s, p.node, g])),
    type: VARCHAR,
  }
})

const regexpExtractAll = scalar((site) => {
  site.arity(2, 3)
  const p = pattern(site, 1)
  const g = group(site, 2, p.groups) ?? constant(0)
  return { node: call('regexp_extract_all', [text(site, 0), p.node, g]), type: arrayOf(VARCHAR) }
})

const regexpReplace = scalar((site) => {
  site.arity(2, 3)
  const p = pattern(site, 1)
  if (site.isLambda(2)) refuse('regexp_replace with a lambda', 'use a replacement string')
  let replacement = constant('')
  if (site.argCount === 3) {
    const arg = site.arg(2)
    if (typeof arg.literal !== 'string')
      refuse('regexp_replace with a computed replacement', 'write it as a literal')
    replacement = constant(javaReplacementToRe2(arg.literal, p.groups))
  }
  return { node: call('regexp_replace', [text(site, 0), p.node, replacement, constant('g')]), type: VARCHAR }
})

const regexpCount = scalar((site) => {
  site.arity(2)
  const all = call('regexp_extract_all', [text(site, 0), pattern(site, 1).node])
  return { node: cast(call('len', [all]), duckTypeOf(BIGINT)), type: BIGINT }
})

const regexpSplit = scalar((site) => {
  site.arity(2)
  return {
    node: call('regexp_split_to_array', [text(site, 0), pattern(site, 1).node]),
    type: arrayOf(VARCHAR),
  }
})

export const REGEXP_FUNCTIONS: FunctionTable = {
  regexp_like: regexpLike,
  regexp_extract: regexpExtract,
  regexp_extract_all: regexpExtractAll,
  regexp_replace: regexpReplace,
  regexp_count: regexpCount,
  regexp_split: regexpSplit,
}
