import { sqlError } from '../refusal.js'
import type { TrinoType } from '../types/trino-type.js'
import type { Ctes } from './analyzer.js'

/** One column a FROM item makes visible: under its relation's name (if any) and its own. */
export interface Field {
  /** The relation's name or alias, lower-cased (`t` in `tracks t`); none for an unaliased subquery. */
  relation?: string
  /** The schema the relation was named with (`tunelake` in `tunelake.tracks`), lower-cased. */
  schema?: string
  /** The column's name as the relation gives it (case kept, matched case-insensitively). */
  name: string
  type: TrinoType
  /** The name DuckDB knows the column by, when it differs (`col0` of a VALUES list is Athena's `_col0`). */
  duckName?: string
  /** A column of `JOIN ... USING`, shown once by `SELECT *` and named without a relation. */
  using?: boolean
  /** The second copy of a USING column: reachable through its relation only, left out of `*`. */
  hidden?: boolean
}

/** A name resolved in a scope: the field, and how many scopes out it was found (0 = this one). */
export interface Resolved {
  field: Field
  /** How many of the leading name parts named the relation (and schema); the rest are row fields. */
  prefix: number
  depth: number
}

/**
 * The names an expression can see: the columns of its FROM clause, then those of the queries
 * around it (a correlated subquery), and lambda parameters innermost of all.
 */
export class Scope {
  constructor(
    readonly fields: readonly Field[],
    readonly parent?: Scope,
    /** Lambda parameters by lower-cased name. */
    readonly lambdas: ReadonlyMap<string, TrinoType> = new Map(),
    /** The WITH queries a subquery here may name. */
    readonly ctes: Ctes = parent?.ctes ?? new Map(),
  ) {}

  /** A scope with lambda parameters added in front. */
  withLambdas(params: ReadonlyMap<string, TrinoType>): Scope {
    return new Scope(this.fields, this.parent, new Map([...this.lambdas, ...params]), this.ctes)
  }

  /** A scope for a subquery, whose own FROM columns come first, then these. */
  child(fields: readonly Field[], ctes: Ctes = this.ctes): Scope {
    return new Scope(fields, this, this.lambdas, ctes)
  }

  /**
   * Resolves `a`, `t.a`, `schema.t.a` or `a.field` (a row field) as Trino does: the longest
   * relation prefix that exists wins; a name two relations give is ambiguous, an error as in Trino.
   */
  resolve(names: readonly string[]): Resolved | undefined {
    const lower = names.map((n) => n.toLowerCase())
    for (let scope: Scope | undefined = this, depth = 0; scope; scope = scope.parent, depth++) {
      for (const prefix of [2, 1, 0]) {
        if (lower.length <= prefix) continue
        const visible = scope.fields.filter((f) => matches(f, lower, prefix))
        if (visible.length > 1) sqlError(`Column '${names.slice(0, prefix + 1).join('.')}' is ambiguous`)
        if (visible.length === 1) return { field: visible[0]!, prefix, depth }
      }
    }
    return undefined
  }

  /** The lambda parameter of this name, if there is one. */
  lambda(name: string): TrinoType | undefined {
    return this.lambdas.get(name.toLowerCase())
  }
}

function matches(field: Field, names: readonly string[], prefix: number): boolean {
  if (field.name.toLowerCase() !== names[prefix]) return false
  if (prefix === 0) return !field.hidden
  if (prefix === 1) return field.relation === names[0]
  return field.relation === names[1] && field.schema === names[0]
}
