import { fieldRef } from '../analysis/analyze-query.js'
import type { Scope } from '../analysis/scope.js'
import type { Typed } from '../analysis/typed.js'
import { call, columnRef, constant, type Expr, op } from '../duck-ast.js'
import { currentTimestamp } from '../functions/datetime.js'
import { refuse, sqlError } from '../refusal.js'
import { SESSION_ZONE } from '../types/parse-type.js'
import { instantToWall } from '../types/time-zones.js'
import { DATE, type TrinoType, timestamp } from '../types/trino-type.js'

/**
 * A name: a lambda parameter, a column (`a`, `t.a`, `tunelake.t.a`), or a row field of one
 * (`a.field`, `t.a.field`), resolved by Trino's rules and written back so DuckDB reads the same.
 */
export function analyzeColumn(node: Expr, scope: Scope): Typed {
  const names = node.column_names as string[]
  const lambda = scope.lambda(names[0]!)
  if (lambda && names.length >= 1) {
    return fieldPath({ node: columnRef(names[0]!), type: lambda }, names.slice(1), names)
  }
  const resolved = scope.resolve(names)
  if (!resolved) {
    const special = names.length === 1 ? specialValue(names[0]!.toLowerCase()) : undefined
    if (special) return special
    sqlError(`Column '${names.join('.')}' cannot be resolved`)
  }
  const column: Typed = { node: fieldRef(resolved.field), type: resolved.field.type }
  return fieldPath(column, names.slice(resolved.prefix + 1), names)
}

/** `value.f.g`: row fields by name, each a struct extract. */
function fieldPath(value: Typed, path: readonly string[], names: readonly string[]): Typed {
  let current = value
  for (const part of path) current = rowField(current, part, names)
  return current
}

export function rowField(value: Typed, name: string, names: readonly string[] = [name]): Typed {
  const type: TrinoType = value.type
  if (type.kind !== 'row') sqlError(`Expression '${names.join('.')}' is not of type ROW`)
  const wanted = name.toLowerCase()
  const index = type.fields.findIndex((f) => f.name?.toLowerCase() === wanted)
  if (index === -1) sqlError(`Column '${names.join('.')}' cannot be resolved`)
  const field = type.fields[index]!
  return { node: op('STRUCT_EXTRACT', [value.node, constant(field.name!)]), type: field.type }
}

/** `current_date`, `current_timestamp`, `localtimestamp`: SQL's special values, written without parentheses. */
function specialValue(name: string): Typed | undefined {
  switch (name) {
    case 'current_date':
      return { node: call('current_date', []), type: DATE }
    case 'current_timestamp':
      return currentTimestamp()
    case 'localtimestamp':
      return { node: instantToWall(currentTimestamp().node, SESSION_ZONE), type: timestamp(3) }
    case 'current_time':
    case 'localtime':
      return refuse(name, 'use current_timestamp')
    default:
      return undefined
  }
}
