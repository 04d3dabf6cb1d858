import type { Analyzer } from '../analysis/analyzer.js'
import type { Scope } from '../analysis/scope.js'
import { coerce, coerceAll, type Typed } from '../analysis/typed.js'
import type { Expr } from '../duck-ast.js'
import { BOOLEAN } from '../types/trino-type.js'

interface CaseCheck {
  when_expr: Expr
  then_expr: Expr
}

/**
 * `CASE WHEN c THEN a ... ELSE b END` (DuckDB's parser writes the simple `CASE x WHEN v` form as
 * `x = v` conditions): boolean conditions, the results to their common type.
 */
export function analyzeCase(an: Analyzer, node: Expr, scope: Scope): Typed {
  const checks = node.case_checks as CaseCheck[]
  const whens = checks.map((c) => coerce(an.expr(c.when_expr, scope), BOOLEAN, 'CASE condition').node)
  const results = [...checks.map((c) => an.expr(c.then_expr, scope)), an.expr(node.else_expr as Expr, scope)]
  const { values, type } = coerceAll(results, 'CASE results')
  const case_checks = checks.map((_, i) => ({ when_expr: whens[i]!, then_expr: values[i]!.node }))
  return { node: { ...node, case_checks, else_expr: values.at(-1)!.node }, type }
}
