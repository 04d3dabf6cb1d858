import { refuse, sqlError } from '../refusal.js'

/**
 * A Java regular expression (Trino's pattern syntax) as the RE2 pattern DuckDB runs, when the two
 * mean the same; features RE2 lacks or reads otherwise are refused: lookaround, backreferences,
 * atomic groups, possessive quantifiers, `\Z`, `\G`, `\h`, `\v`, `\R`, `\X`, `\u` escapes, class
 * intersection, `\p{...}` classes, and flags other than `i`, `m`, `s`. `\s` is Java's
 * `[ \t\n\x0B\f\r]` (RE2's lacks `\x0B`).
 *
 * @example
 * javaToRe2('\\d+\\s') // { pattern: '\\d+[\\t\\n\\x0B\\f\\r ]', groups: 0 }
 */
export function javaToRe2(pattern: string): { pattern: string; groups: number } {
  let out = ''
  let groups = 0
  let inClass = false
  const refused = (what: string): never =>
    refuse(
      `the Java regular expression feature ${what}`,
      'rewrite the pattern without it, or run the query on Athena',
    )
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!
    if (ch === '\\') {
      const next = pattern[i + 1]
      if (next === undefined) sqlError('the pattern ends with a backslash')
      i++
      if (/[1-9]/.test(next) || next === 'k') refused(`\\${next} (a backreference)`)
      if ('ZGhHvVRXuUcepPQE0'.includes(next)) refused(`\\${next}`)
      if (next === 's') {
        out += inClass ? '\\t\\n\\x0B\\f\\r ' : '[\\t\\n\\x0B\\f\\r ]'
        continue
      }
      if (next === 'S') {
        if (inClass) refused('\\S inside a character class')
        out += '[^\\t\\n\\x0B\\f\\r ]'
        continue
      }
      if (next === 'x') {
        const braced = /^\{([0-9a-fA-F]+)\}/.exec(pattern.slice(i + 1))
        const plain = /^[0-9a-fA-F]{2}/.exec(pattern.slice(i + 1))
        if (braced) {
          out += `\\x{${braced[1]}}`
          i += braced[0].length
        } else if (plain) {
          out += `\\x${plain[0]}`
          i += 2
        } else sqlError('illegal hexadecimal escape in the pattern')
        continue
      }
      if (/[dDwWbBAztnrf]/.test(next) || /[^A-Za-z0-9]/.test(next)) {
        out += `\\${next}`
        continue
      }
      refused(`\\${next}`)
    }
    if (inClass) {
      if (ch === '[') refused('a character class inside a class (union)')
      if (ch === '&' && pattern[i + 1] === '&') refused('&& (class intersection)')
      if (ch === ']') inClass = false
      out += ch
      continue
    }
    if (ch === '[') {
      inClass = true
      out += ch
      if (pattern[i + 1] === '^') out += pattern[++i]
      if (pattern[i + 1] === ']') out += pattern[++i]
      continue
    }
    if (ch === '(') {
      if (pattern[i + 1] !== '?') {
        groups++
        out += ch
        continue
      }
      const rest = pattern.slice(i + 2)
      if (rest.startsWith(':')) {
        out += '(?:'
        i += 2
        continue
      }
      const flags = /^([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(rest)
      if (flags) {
        for (const flag of `${flags[1]}${flags[2] ?? ''}`)
          if (!'ims'.includes(flag)) refused(`the (?${flag}) flag`)
        out += `(?${flags[0]}`
        i += 1 + flags[0].length
        continue
      }
      refused(
        rest.startsWith('<') && /^<[a-zA-Z]/.test(rest) ? 'named groups' : 'lookaround and atomic groups',
      )
    }
    if ((ch === '+' || ch === '?') && /[*+?}]/.test(pattern[i - 1] ?? '') && pattern[i - 2] !== '\\') {
      if (ch === '+') refused('possessive quantifiers (*+, ++, ?+)')
    }
    out += ch
  }
  if (inClass) sqlError('unclosed character class in the pattern')
  return { pattern: out, groups }
}

/**
 * A Java replacement string (`$1`, `${name}`, `\$`) as RE2's (`\1`, `$`): group references by
 * number (up to 9), backslash escapes taken literally.
 */
export function javaReplacementToRe2(replacement: string, groups: number): string {
  let out = ''
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i]!
    if (ch === '\\') {
      const next = replacement[++i]
      if (next === undefined) sqlError('the replacement ends with a backslash')
      out += next === '\\' ? '\\\\' : next
      continue
    }
    if (ch === '$') {
      const digits = /^\d+/.exec(replacement.slice(i + 1))
      if (!digits) {
        if (replacement[i + 1] === '{')
          refuse('a named group reference ($ and a name in braces)', 'refer to the group by number, $1')
        sqlError('Illegal group reference in the replacement')
      }
      // Java reads as many digits as still name an existing group.
      let group = ''
      for (const digit of digits[0]) {
        if (Number(group + digit) > groups && group !== '') break
        group += digit
      }
      if (Number(group) > groups) sqlError(`No group ${group} in the pattern`)
      if (Number(group) > 9) refuse('a reference to group 10 or later', 'use fewer groups')
      out += `\\${group}`
      i += group.length
      continue
    }
    out += ch
  }
  return out
}
