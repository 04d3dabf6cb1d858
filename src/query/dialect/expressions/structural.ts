import type { Analyzer } from '../analysis/analyzer.js'
import type { Scope } from '../analysis/scope.js'
import { coerce, coerceAll, type Typed } from '../analysis/typed.js'
import { call, constant, type Expr } from '../duck-ast.js'
import { sqlError } from '../refusal.js'
import { arrayOf, BIGINT, isIntegral, typeName } from '../types/trino-type.js'
import { rowField } from './columns.js'

/**
 * `a[i]` on an array (1-based; 0, negative or past the end is an error in Trino, never NULL),
 * `m[k]` on a map (a missing key is an error), `r[i]` on a row (a constant position).
 */
export function analyzeSubscript(an: Analyzer, node: Expr, scope: Scope): Typed {
  const [base, index] = (node.children as Expr[]).map((child) => an.expr(child, scope)) as [Typed, Typed]
  const type = base.type
  if (type.kind === 'array') {
    if (!isIntegral(index.type) && index.type.kind !== 'unknown') {
      sqlError(`array subscript must be an integer, not ${typeName(index.type)}`)
    }
    return { node: call('tl_array_subscript', [base.node, coerce(index, BIGINT).node]), type: type.element }
  }
  if (type.kind === 'map') {
    const key = coerce(index, type.key, 'map key')
    return { node: call('tl_map_subscript', [base.node, key.node]), type: type.value }
  }
  if (type.kind === 'row') {
    const position = index.literal
    if (typeof position !== 'number' || !Number.isInteger(position))
      sqlError('row subscript must be a constant integer')
    if (position < 1 || position > type.fields.length) {
      sqlError(`Invalid subscript index: ${position}, ROW type has ${type.fields.length} fields`)
    }
    return {
      node: call('struct_extract_at', [base.node, constant(position, 'BIGINT')]),
      type: type.fields[position - 1]!.type,
    }
  }
  return sqlError(`Cannot use subscript on ${typeName(type)}`)
}

/** `(expr).field`: a row field by name. */
export function analyzeStructExtract(an: Analyzer, node: Expr, scope: Scope): Typed {
  const [base, name] = node.children as [Expr, Expr]
  const fieldName = (name.value as { value?: unknown }).value
  if (typeof fieldName !== 'string') sqlError('a row field is named by an identifier')
  return rowField(an.expr(base, scope), fieldName)
}

/** `ARRAY[a, b, ...]`: the elements to their common type. */
export function analyzeArrayConstructor(an: Analyzer, node: Expr, scope: Scope): Typed {
  const elements = (node.children as Expr[]).map((child) => an.expr(child, scope))
  const { values, type } = coerceAll(elements, 'ARRAY elements')
  return { node: { ...node, children: values.map((v) => v.node) }, type: arrayOf(type) }
}
