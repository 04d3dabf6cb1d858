import type { Analyzer } from '../analysis/analyzer.js'
import type { Typed } from '../analysis/typed.js'
import { constant, type Expr } from '../duck-ast.js'
import { sqlError } from '../refusal.js'
import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  decimal,
  INTEGER,
  type TrinoType,
  UNKNOWN,
  varchar,
} from '../types/trino-type.js'

interface ConstantValue {
  type: { id: string; type_info: { width?: number; scale?: number } | null }
  is_null: boolean
  value?: unknown
}

/**
 * A literal typed as Trino types it: `5` integer (bigint past 2^31), `2.50` decimal(3,2) (its
 * digits, not DuckDB's wider guess), `1e3` double, `'cat'` varchar(3), `NULL` unknown.
 */
export function analyzeConstant(an: Analyzer, node: Expr): Typed {
  const value = node.value as ConstantValue
  if (value.is_null) return { node, type: UNKNOWN, literal: null, isNullLiteral: true }
  switch (value.type.id) {
    case 'INTEGER':
      return { node, type: INTEGER, literal: Number(value.value) }
    case 'BIGINT':
      return { node, type: BIGINT, literal: Number(value.value) }
    case 'HUGEINT':
    case 'UBIGINT':
    case 'UHUGEINT':
      return sqlError(`Invalid numeric literal: ${literalText(an, node)}`)
    case 'DECIMAL':
      return decimalLiteral(node, value)
    case 'DOUBLE':
    case 'FLOAT': {
      const text = literalText(an, node)
      if (!/[eE]/.test(text)) sqlError(`Invalid numeric literal: ${text} has more than 38 digits`)
      // Written again as a cast of its text: a whole double would come back as an integer.
      return { node: constant(Number(value.value), 'DOUBLE'), type: DOUBLE, literal: Number(value.value) }
    }
    case 'VARCHAR': {
      const text = String(value.value)
      return { node, type: varchar([...text].length), literal: text }
    }
    case 'BOOLEAN':
      return { node, type: BOOLEAN, literal: Boolean(value.value) }
    default:
      return sqlError(`unsupported literal of type ${value.type.id}`)
  }
}

/** Trino's decimal literal type: every digit written (leading zeros too) and the digits after the point. */
function decimalLiteral(node: Expr, value: ConstantValue): Typed {
  const info = value.type.type_info ?? {}
  const type: TrinoType = decimal(info.width ?? 1, info.scale ?? 0)
  const literal = Number(value.value) / 10 ** (info.scale ?? 0)
  return { node, type, literal }
}

/** The literal as written in the query, up to the next delimiter. */
function literalText(an: Analyzer, node: Expr): string {
  return (
    /^[-+]?[\d._]+(?:[eE][-+]?\d+)?/.exec(an.sourceAt(node.query_location))?.[0] ??
    String((node.value as ConstantValue).value)
  )
}
