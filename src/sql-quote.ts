/**
 * SQL quoting, the same in DuckDB and Athena (Trino): the only way tunelake puts a value or a
 * name into SQL text it builds.
 *
 * @example
 * sqlString("it's")        // 'it''s'
 * quoteIdent('say "hi"')   // "say ""hi"""
 */

/** A string literal of `value`, single quotes doubled. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}

/** A quoted identifier of `name`, double quotes doubled. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}
