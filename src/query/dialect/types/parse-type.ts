import { QuerySqlError } from '../../errors.js'
import { refuse } from '../refusal.js'
import {
  arrayOf,
  BIGINT,
  BOOLEAN,
  DATE,
  DOUBLE,
  decimal,
  INTEGER,
  INTERVAL_DS,
  INTERVAL_YM,
  JSON_TYPE,
  MAX_DECIMAL_PRECISION,
  mapOf,
  REAL,
  type RowField,
  rowOf,
  SMALLINT,
  TINYINT,
  type TrinoType,
  timestamp,
  timestampTz,
  UUID,
  VARBINARY,
  varchar,
} from './trino-type.js'

/** The session time zone of the local engine, as Athena's. */
export const SESSION_ZONE = 'UTC'

/**
 * A type as SQL names it in `CAST(x AS <type>)` (Trino's grammar, case-insensitive):
 * `varchar(10)`, `decimal(10,2)`, `timestamp(6) with time zone`, `array(row(x integer, y double))`,
 * `map(varchar, bigint)`, `interval day to second`. `string` is Hive DDL, which Athena refuses in
 * a query, and so does this.
 */
export function parseTrinoType(text: string): TrinoType {
  const parser = new TypeParser(text)
  const type = parser.type()
  parser.end()
  return type
}

const SIMPLE: Readonly<Record<string, TrinoType>> = {
  boolean: BOOLEAN,
  tinyint: TINYINT,
  smallint: SMALLINT,
  integer: INTEGER,
  int: INTEGER,
  bigint: BIGINT,
  real: REAL,
  double: DOUBLE,
  varbinary: VARBINARY,
  json: JSON_TYPE,
  date: DATE,
  uuid: UUID,
}

class TypeParser {
  private readonly tokens: string[]
  private at = 0

  constructor(private readonly text: string) {
    this.tokens = text.match(/"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_]*|\d+|[(),]/g) ?? []
  }

  type(): TrinoType {
    const word = this.word()
    switch (word) {
      case 'double':
        if (this.peek() === 'precision') this.at++
        return DOUBLE
      case 'varchar': {
        const [length] = this.numbers(0, 1)
        return varchar(length)
      }
      case 'char': {
        const [length = 1] = this.numbers(0, 1)
        return { kind: 'char', length }
      }
      case 'decimal':
      case 'numeric': {
        const [precision = MAX_DECIMAL_PRECISION, scale = 0] = this.numbers(0, 2)
        if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale > precision) {
          throw new QuerySqlError(
            `SQL error: DECIMAL precision must be in range [1, 38] and scale at most the precision: ${this.text}`,
          )
        }
        return decimal(precision, scale)
      }
      case 'timestamp': {
        const [precision = 3] = this.numbers(0, 1)
        if (precision > 6) refuse(`timestamp(${precision})`, 'use a precision of at most 6 (microseconds)')
        return this.withTimeZone() ? timestampTz(precision, SESSION_ZONE) : timestamp(precision)
      }
      case 'time':
        refuse('the TIME type', 'use a timestamp, or format the time of day with date_format')
        break
      case 'interval': {
        const from = this.word()
        this.expect('to')
        const to = this.word()
        if (from === 'year' && to === 'month') return INTERVAL_YM
        if (from === 'day' && to === 'second') return INTERVAL_DS
        throw new QuerySqlError(`SQL error: unknown type ${this.text}`)
      }
      case 'array': {
        this.expect('(')
        const element = this.type()
        this.expect(')')
        return arrayOf(element)
      }
      case 'map': {
        this.expect('(')
        const key = this.type()
        this.expect(',')
        const value = this.type()
        this.expect(')')
        return mapOf(key, value)
      }
      case 'row':
        return rowOf(this.rowFields())
      case 'string':
        refuse('CAST(... AS string)', 'write CAST(... AS varchar); Athena refuses string outside DDL')
        break
      default: {
        const simple = SIMPLE[word]
        if (simple) return simple
      }
    }
    throw new QuerySqlError(`SQL error: unknown type ${this.text}`)
  }

  end(): void {
    if (this.at !== this.tokens.length) throw new QuerySqlError(`SQL error: unknown type ${this.text}`)
  }

  private rowFields(): RowField[] {
    this.expect('(')
    const fields: RowField[] = []
    do {
      const next = this.tokens[this.at + 1]?.toLowerCase()
      const named = next !== undefined && next !== ',' && next !== ')' && next !== '('
      const name = named ? this.identifier() : undefined
      fields.push({ name, type: this.type() })
    } while (this.accept(','))
    this.expect(')')
    return fields
  }

  private withTimeZone(): boolean {
    if (this.peek() === 'with') {
      this.at++
      this.expect('time')
      this.expect('zone')
      return true
    }
    if (this.peek() === 'without') {
      this.at++
      this.expect('time')
      this.expect('zone')
    }
    return false
  }

  private numbers(min: number, max: number): number[] {
    if (!this.accept('(')) return []
    const out: number[] = []
    do {
      const token = this.tokens[this.at++]
      if (token === undefined || !/^\d+$/.test(token))
        throw new QuerySqlError(`SQL error: unknown type ${this.text}`)
      out.push(Number(token))
    } while (this.accept(','))
    this.expect(')')
    if (out.length < min || out.length > max) throw new QuerySqlError(`SQL error: unknown type ${this.text}`)
    return out
  }

  private identifier(): string {
    const token = this.tokens[this.at++]
    if (token === undefined) throw new QuerySqlError(`SQL error: unknown type ${this.text}`)
    return token.startsWith('"') ? token.slice(1, -1).replace(/""/g, '"') : token.toLowerCase()
  }

  private word(): string {
    const token = this.tokens[this.at++]
    if (token === undefined || !/^[A-Za-z_]/.test(token))
      throw new QuerySqlError(`SQL error: unknown type ${this.text}`)
    return token.toLowerCase()
  }

  private peek(): string | undefined {
    return this.tokens[this.at]?.toLowerCase()
  }

  private accept(token: string): boolean {
    if (this.peek() !== token) return false
    this.at++
    return true
  }

  private expect(token: string): void {
    if (!this.accept(token)) throw new QuerySqlError(`SQL error: unknown type ${this.text}`)
  }
}

/** A Glue (Hive) column type as the Trino type Athena reads it as. */
export function glueToTrino(glue: string): TrinoType {
  const text = glue.trim().toLowerCase()
  const inner = (prefix: string) => text.slice(prefix.length, -1)
  if (text.startsWith('array<')) return arrayOf(glueToTrino(inner('array<')))
  if (text.startsWith('map<')) {
    const [key, value] = splitTopLevel(inner('map<'))
    return mapOf(glueToTrino(key ?? ''), glueToTrino(value ?? ''))
  }
  if (text.startsWith('struct<')) {
    return rowOf(
      splitTopLevel(inner('struct<')).map((field) => {
        const colon = field.indexOf(':')
        return { name: field.slice(0, colon).trim(), type: glueToTrino(field.slice(colon + 1)) }
      }),
    )
  }
  switch (text) {
    case 'string':
      return varchar()
    case 'float':
      return REAL
    case 'binary':
      return VARBINARY
    case 'timestamp':
      return timestamp(3)
    case 'decimal':
      // Hive's decimal without precision is decimal(10,0), not Trino's decimal(38,0).
      return decimal(10, 0)
    default:
      return parseTrinoType(text)
  }
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '<' || ch === '(') depth++
    else if (ch === '>' || ch === ')') depth--
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i))
      start = i + 1
    }
  }
  parts.push(text.slice(start))
  return parts.map((p) => p.trim())
}
