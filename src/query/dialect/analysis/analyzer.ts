import type { Expr, Node } from '../duck-ast.js'
import type { TrinoType } from '../types/trino-type.js'
import { analyzeExpression } from './analyze-expression.js'
import { analyzeQueryNode } from './analyze-query.js'
import type { Scope } from './scope.js'
import type { Typed } from './typed.js'

/** A table a query may read: the catalog's, or one the engine adds (information_schema). */
export interface TableShape {
  /** The schema (database) it lives in, lower-cased. */
  schema: string
  /** The schema DuckDB knows it by, when that differs (the engine keeps information_schema apart). */
  duckSchema?: string
  name: string
  columns: { name: string; type: TrinoType }[]
}

/** A result column: its name as Athena names it and its Trino type. */
export interface OutputColumn {
  name: string
  type: TrinoType
}

/** An analysed query: the DuckDB query node that computes Trino's answer, and its columns. */
export interface QueryShape {
  node: Node
  columns: OutputColumn[]
}

/** The common table expressions a query can name, innermost first. */
export type Ctes = ReadonlyMap<string, OutputColumn[]>

/**
 * Walks a statement's parse tree once: types every expression by Trino's rules and puts in its
 * place the DuckDB expression that computes Trino's value, refusing what has no such expression.
 */
export class Analyzer {
  /** The SQL text DuckDB parsed, as bytes: a node's location is a byte offset. */
  private readonly bytes: Buffer

  constructor(
    private readonly tables: readonly TableShape[],
    /** The default schema, for unqualified table names. */
    readonly database: string,
    /** The SQL text DuckDB parsed, for a literal's exact spelling. */
    sql: string,
  ) {
    this.bytes = Buffer.from(sql, 'utf8')
  }

  expr(node: Expr, scope: Scope): Typed {
    return analyzeExpression(this, node, scope)
  }

  query(node: Node, scope: Scope | undefined, ctes: Ctes): QueryShape {
    return analyzeQueryNode(this, node, scope, ctes)
  }

  table(schema: string, name: string): TableShape | undefined {
    const wantedSchema = (schema || this.database).toLowerCase()
    const wanted = name.toLowerCase()
    return this.tables.find((t) => t.schema === wantedSchema && t.name.toLowerCase() === wanted)
  }

  tableNames(): string[] {
    return this.tables.filter((t) => t.schema === this.database).map((t) => t.name)
  }

  /** The source text from a node's location, for the exact spelling of a literal. */
  sourceAt(location: unknown): string {
    return typeof location === 'number' && location < this.bytes.length
      ? this.bytes.subarray(location).toString('utf8')
      : ''
  }
}
