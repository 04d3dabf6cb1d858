/** A lexical token of SQL text; `text` is the exact source, so joining all tokens gives the input back. */
export interface SqlToken {
  kind: 'space' | 'comment' | 'string' | 'quoted' | 'word' | 'number' | 'symbol'
  text: string
}

const PATTERNS: [SqlToken['kind'], RegExp][] = [
  ['space', /\s+/y],
  ['comment', /--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/y],
  ['string', /'(?:[^']|'')*(?:'|$)/y],
  ['quoted', /"(?:[^"]|"")*(?:"|$)/y],
  ['word', /[A-Za-z_][A-Za-z0-9_$]*/y],
  ['number', /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y],
  ['symbol', /->|\|\||::|<=|>=|<>|!=|[\s\S]/y],
]

/** Splits SQL into tokens (strings, quoted identifiers and comments whole). */
export function tokenize(sql: string): SqlToken[] {
  const tokens: SqlToken[] = []
  let at = 0
  while (at < sql.length) {
    for (const [kind, pattern] of PATTERNS) {
      pattern.lastIndex = at
      const match = pattern.exec(sql)
      if (match && match[0].length > 0) {
        tokens.push({ kind, text: match[0] })
        at += match[0].length
        break
      }
    }
  }
  return tokens
}

/** True for tokens that carry no meaning (whitespace, comments). */
export function isTrivia(token: SqlToken | undefined): boolean {
  return token !== undefined && (token.kind === 'space' || token.kind === 'comment')
}

/** The value of a `'...'` string literal. */
export function stringValue(token: SqlToken): string {
  return token.text.slice(1, -1).replace(/''/g, "'")
}
