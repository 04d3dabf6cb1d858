import type { Analyzer } from '../analysis/analyzer.js'
import type { Scope } from '../analysis/scope.js'
import { coerce, type Typed } from '../analysis/typed.js'
import type { Expr } from '../duck-ast.js'
import { BOOLEAN } from '../types/trino-type.js'

/** `a AND b`, `a OR b`: boolean operands (NULL is unknown), three-valued as in Trino. */
export function analyzeConjunction(an: Analyzer, node: Expr, scope: Scope): Typed {
  const children = (node.children as Expr[]).map((child) => boolean(an, child, scope, 'AND/OR operand'))
  return { node: { ...node, children }, type: BOOLEAN }
}

export function analyzeNot(an: Analyzer, node: Expr, scope: Scope): Typed {
  const [child] = node.children as Expr[]
  return { node: { ...node, children: [boolean(an, child!, scope, 'NOT operand')] }, type: BOOLEAN }
}

/** `x IS [NOT] NULL`: any type. */
export function analyzeIsNull(an: Analyzer, node: Expr, scope: Scope): Typed {
  const [child] = node.children as Expr[]
  return { node: { ...node, children: [an.expr(child!, scope).node] }, type: BOOLEAN }
}

function boolean(an: Analyzer, node: Expr, scope: Scope, what: string): Expr {
  return coerce(an.expr(node, scope), BOOLEAN, what).node
}
