import type { Typed } from '../analysis/typed.js'
import { call, type Expr } from '../duck-ast.js'
import type { TrinoType } from '../types/trino-type.js'
import type { CallSite } from './call-site.js'

/**
 * How one Trino function is reproduced: the rule types the call by Trino's signature and builds
 * the DuckDB expression that gives Trino's value, or refuses. Every function the local engine
 * answers has one; a name without one is refused.
 */
export interface FunctionRule {
  kind: 'scalar' | 'aggregate' | 'window'
  analyze(site: CallSite): Typed
}

export type FunctionTable = Readonly<Record<string, FunctionRule>>

export const scalar = (analyze: (site: CallSite) => Typed): FunctionRule => ({ kind: 'scalar', analyze })
export const aggregate = (analyze: (site: CallSite) => Typed): FunctionRule => ({
  kind: 'aggregate',
  analyze,
})

/**
 * A function of fixed parameter types whose DuckDB counterpart gives the same value for every
 * input: arguments coerced as Trino coerces them, then `build` (default: DuckDB's function of
 * the same or the given name).
 *
 * @example
 * fixed([VARCHAR], BIGINT, 'length') // length(varchar) -> bigint
 */
export function fixed(
  params: readonly TrinoType[],
  returns: TrinoType,
  build: string | ((args: Expr[], site: CallSite) => Expr),
): FunctionRule {
  return scalar((site) => {
    site.plainCall()
    site.arity(params.length)
    const args = params.map((type, i) => site.argAs(i, type).node)
    const node = typeof build === 'string' ? call(build, args) : build(args, site)
    return { node, type: returns }
  })
}

/** Several fixed signatures by argument count. */
export function byArity(rules: Readonly<Record<number, FunctionRule>>): FunctionRule {
  return scalar((site) => {
    const rule = rules[site.argCount]
    site.arity(...Object.keys(rules).map(Number))
    return rule!.analyze(site)
  })
}
