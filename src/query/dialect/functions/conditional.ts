import { coerce, coerceAll } from '../analysis/typed.js'
import {
  call,
  caseWhen,
  coalesce,
  comparison,
  constant,
  iff,
  isNotNull,
  isNull,
  NULL,
  or,
} from '../duck-ast.js'
import { refuse, sqlError } from '../refusal.js'
import { BOOLEAN, typeName, varchar } from '../types/trino-type.js'
import { commonSuperType } from '../types/type-coercion.js'
import { type FunctionTable, scalar } from './function-rule.js'

/**
 * Conditional expressions (docs: functions/conditional.md): `if` with two or three arguments,
 * `coalesce`, `nullif`, and `greatest`/`least`, which are NULL when any argument is (DuckDB's
 * skip NULLs); `typeof` answers Trino's type name.
 */
export const CONDITIONAL_FUNCTIONS: FunctionTable = {
  if: scalar((site) => {
    site.plainCall()
    site.arity(2, 3)
    const condition = coerce(site.arg(0), BOOLEAN, 'if() condition')
    const results = site.argCount === 3 ? [site.arg(1), site.arg(2)] : [site.arg(1)]
    const { values, type } = coerceAll(results, 'if() results')
    return { node: iff(condition.node, values[0]!.node, values[1]?.node ?? NULL()), type }
  }),
  coalesce: scalar((site) => {
    site.plainCall()
    if (site.argCount < 2) sqlError('coalesce() needs at least two arguments')
    const { values, type } = coerceAll(site.args(), 'coalesce() arguments')
    return { node: coalesce(...values.map((v) => v.node)), type }
  }),
  nullif: scalar((site) => {
    site.plainCall()
    site.arity(2)
    const [a, b] = [site.arg(0), site.arg(1)]
    const common = commonSuperType(a.type, b.type)
    if (!common) sqlError(`nullif() arguments ${typeName(a.type)} and ${typeName(b.type)} cannot be compared`)
    const equal = comparison('COMPARE_EQUAL', coerce(a, common).node, coerce(b, common).node)
    return { node: caseWhen([[equal, NULL()]], a.node), type: a.type }
  }),
  greatest: extreme('greatest'),
  least: extreme('least'),
  typeof: scalar((site) => {
    site.plainCall()
    site.arity(1)
    const arg = site.arg(0)
    const name = typeName(arg.type)
    // The argument stays in the query, so typeof(count(*)) still makes it an aggregation.
    return {
      node: iff(or(isNull(arg.node), isNotNull(arg.node)), constant(name), constant(name)),
      type: varchar(),
      literal: name,
    }
  }),
  try: scalar(() =>
    refuse('try()', 'guard the failing expression with CASE, or use try_cast for conversions'),
  ),
}

function extreme(name: 'greatest' | 'least') {
  return scalar((site) => {
    site.plainCall()
    if (site.argCount < 1) sqlError(`${name}() needs arguments`)
    const { values, type } = coerceAll(site.args(), `${name}() arguments`)
    if (type.kind === 'double' || type.kind === 'real') {
      refuse(`${name}() of floating point numbers`, `cast them to decimal, or compare with CASE`)
    }
    const nodes = values.map((v) => v.node)
    return { node: iff(or(...nodes.map(isNull)), NULL(), call(name, nodes)), type }
  })
}
