import type { Analyzer } from '../analysis/analyzer.js'
import type { Scope } from '../analysis/scope.js'
import type { Typed } from '../analysis/typed.js'
import type { Expr } from '../duck-ast.js'
import { refuse, sqlError } from '../refusal.js'
import { CallSite } from './call-site.js'
import type { FunctionRule } from './function-rule.js'
import { FUNCTIONS, SYNTAX } from './registry.js'
import { TRINO_FUNCTION_NAMES } from './trino-function-names.js'

/**
 * A function call: the rule for its Trino name, or a refusal naming it. SQL syntax DuckDB's parser
 * turns into calls (`AT TIME ZONE`, `EXTRACT`, `ROW(...)`, `POSITION(a IN b)`, `count(*)`) is
 * marked with the schema `main` and has rules of its own, so a user cannot reach them by name.
 */
export function analyzeCall(an: Analyzer, node: Expr, scope: Scope): Typed {
  const name = String(node.function_name).toLowerCase()
  if (node.schema === 'main' || name === 'count_star') {
    const rule = SYNTAX[name]
    if (!rule)
      return refuse(`the SQL form behind ${name}()`, 'write it another way, or run the query on Athena')
    return rule.analyze(new CallSite(name, node, an, scope))
  }
  if (node.schema || node.catalog) sqlError(`Function '${node.schema}.${name}' not registered`)
  const rule: FunctionRule | undefined = FUNCTIONS[name]
  if (!rule) {
    if (TRINO_FUNCTION_NAMES.has(name)) {
      return refuse(`the function ${name}()`, 'write the query without it, or run it on Athena')
    }
    return sqlError(`Function '${name}' not registered`)
  }
  if (rule.kind === 'window') sqlError(`${name}() is a window function and needs OVER (...)`)
  return rule.analyze(new CallSite(name, node, an, scope))
}
