import type { Analyzer } from '../analysis/analyzer.js'
import type { Scope } from '../analysis/scope.js'
import { coerce, type Typed } from '../analysis/typed.js'
import { call, type Expr, type Node } from '../duck-ast.js'
import { sqlError } from '../refusal.js'
import { BOOLEAN, type TrinoType, typeName } from '../types/trino-type.js'

/** The aggregate calls a rule built, so a window (`OVER (...)`) can turn each into a window call. */
export const AGGREGATE_CALLS = new WeakSet<Expr>()

/**
 * One call of a Trino function, as a rule sees it: its arguments analysed on demand (a lambda
 * once its parameters' types are known), and for aggregates the call's DISTINCT, FILTER and
 * ORDER BY carried over to the DuckDB aggregate the rule builds.
 */
export class CallSite {
  private readonly analysed = new Map<number, Typed>()

  constructor(
    readonly name: string,
    private readonly node: Expr,
    readonly analyzer: Analyzer,
    readonly scope: Scope,
  ) {}

  /** The call's arguments as parsed, for rules that analyse them their own way. */
  children(): Expr[] {
    return this.node.children as Expr[]
  }

  get argCount(): number {
    return this.children().length
  }

  get distinct(): boolean {
    return this.node.distinct === true
  }

  /** Argument `i`, analysed. */
  arg(i: number): Typed {
    let typed = this.analysed.get(i)
    if (!typed) {
      const child = this.children()[i]
      if (!child) return sqlError(`${this.name}() needs more arguments`)
      if (child.class === 'LAMBDA') sqlError(`${this.name}() does not take a lambda as argument ${i + 1}`)
      typed = this.analyzer.expr(child, this.scope)
      this.analysed.set(i, typed)
    }
    return typed
  }

  args(): Typed[] {
    return this.children().map((_, i) => this.arg(i))
  }

  /** Argument `i` coerced to `type` (Trino's implicit conversion, else its type error). */
  argAs(i: number, type: TrinoType): Typed {
    return coerce(this.arg(i), type, `${this.name}() argument ${i + 1}`)
  }

  /** Exactly `counts` arguments (one of them), else Trino's error. */
  arity(...counts: number[]): number {
    if (!counts.includes(this.argCount)) {
      sqlError(`${this.name}() takes ${counts.join(' or ')} arguments, not ${this.argCount}`)
    }
    return this.argCount
  }

  isLambda(i: number): boolean {
    return this.children()[i]?.class === 'LAMBDA'
  }

  /** The lambda at argument `i`, its parameters typed `params`: the LAMBDA node and its body's type. */
  lambda(i: number, params: readonly TrinoType[]): Typed {
    const node = this.children()[i]
    if (node?.class !== 'LAMBDA')
      return sqlError(`${this.name}() argument ${i + 1} must be a lambda expression`)
    const lhs = node.lhs as Expr
    const names = (lhs.class === 'COLUMN_REF' ? [lhs] : (lhs.children as Expr[])).map((p) => {
      const parts = p.column_names as string[] | undefined
      if (parts?.length !== 1) sqlError('lambda parameters must be plain names')
      return parts[0]!
    })
    if (names.length !== params.length) {
      sqlError(`${this.name}() expects a lambda of ${params.length} parameter(s), not ${names.length}`)
    }
    const scope = this.scope.withLambdas(new Map(names.map((n, k) => [n.toLowerCase(), params[k]!])))
    const body = this.analyzer.expr(node.expr as Expr, scope)
    return { node: { ...node, expr: body.node }, type: body.type }
  }

  /** A DuckDB aggregate over `args` with this call's DISTINCT, FILTER (WHERE ...) and ORDER BY. */
  aggregate(duckName: string, args: Expr[], options: { distinct?: boolean } = {}): Expr {
    const condition = this.node.filter as Expr | null
    const filter = condition
      ? coerce(this.analyzer.expr(condition, this.scope), BOOLEAN, 'FILTER').node
      : null
    const distinct = options.distinct ?? this.distinct
    const node: Expr = { ...call(duckName, args, { distinct, orderBy: this.orderBy() }), filter }
    AGGREGATE_CALLS.add(node)
    return node
  }

  /** The call's own `ORDER BY` (array_agg(x ORDER BY y)), analysed. */
  orderBy(): Node[] {
    const orders = ((this.node.order_bys as { orders?: Node[] } | undefined)?.orders ?? []) as Node[]
    return orders.map((o) => ({
      ...o,
      expression: this.analyzer.expr(o.expression as Expr, this.scope).node,
    }))
  }

  /** Refuses the call's DISTINCT / ORDER BY / FILTER where the rule does not carry them. */
  plainCall(): void {
    if (this.node.distinct || this.node.filter || this.orderBy().length > 0) {
      sqlError(`${this.name}() is not an aggregate: DISTINCT, ORDER BY and FILTER do not apply`)
    }
  }

  /** Trino's error for arguments of the wrong types. */
  unexpected(): never {
    return sqlError(
      `Unexpected parameters (${this.args()
        .map((a) => typeName(a.type))
        .join(', ')}) for function ${this.name}`,
    )
  }
}
