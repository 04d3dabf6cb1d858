/**
 * What a statement parsed by DuckDB (`json_serialize_sql`, which parses without binding, so
 * nothing is read yet) names: the tables it reads, with the CTEs in scope at each reference, the
 * table functions and functions it calls, the kinds of FROM items it uses, and the bare names
 * that DuckDB may bind to a function rather than a column (`current_user`).
 */

/** A table named in a FROM clause, as written: empty catalog or schema when not qualified. */
export interface TableReference {
  catalog: string
  schema: string
  table: string
  /** True when an unqualified name is a CTE in scope where it is read. */
  cte: boolean
  /** Byte offset of the reference in the SQL text, when DuckDB knows it. */
  location: number | undefined
}

export interface ParseTreeNames {
  tables: TableReference[]
  /** Table functions (`FROM read_csv(...)`), lower-cased. */
  tableFunctions: string[]
  /** Scalar, aggregate and window functions and macros, lower-cased, with their schema if qualified. */
  functions: { name: string; schema: string; catalog: string }[]
  /** Unqualified one-part column references, lower-cased. */
  bareColumns: string[]
  /** The kinds of FROM items (`BASE_TABLE`, `JOIN`, `SHOW_REF`, ...). */
  fromKinds: Set<string>
}

const QUERY_NODES = new Set(['SELECT_NODE', 'SET_OPERATION_NODE', 'RECURSIVE_CTE_NODE', 'CTE_NODE'])

/** Offsets DuckDB does not know are 2^64 - 1, which JSON.parse rounds. */
const NO_LOCATION = 2 ** 53

type Tree = Record<string, unknown>

/** Walks DuckDB's parse tree of one or more statements. */
export function parseTreeNames(statements: unknown): ParseTreeNames {
  const out: ParseTreeNames = {
    tables: [],
    tableFunctions: [],
    functions: [],
    bareColumns: [],
    fromKinds: new Set(),
  }
  visit(statements, new Set(), out)
  return out
}

function visit(node: unknown, ctes: ReadonlySet<string>, out: ParseTreeNames): void {
  if (Array.isArray(node)) {
    for (const child of node) visit(child, ctes, out)
    return
  }
  if (node === null || typeof node !== 'object') return
  const tree = node as Tree
  if (typeof tree.type === 'string' && QUERY_NODES.has(tree.type)) {
    visitQueryNode(tree, ctes, out)
    return
  }
  if (isTableReference(tree)) {
    out.fromKinds.add(tree.type as string)
    if (tree.type === 'BASE_TABLE') out.tables.push(tableReference(tree, ctes))
    if (tree.type === 'TABLE_FUNCTION') {
      const fn = tree.function as { function_name?: unknown } | undefined
      out.tableFunctions.push(String(fn?.function_name ?? '').toLowerCase())
    }
  } else if (tree.class === 'FUNCTION' && typeof tree.function_name === 'string' && !tree.is_operator) {
    out.functions.push({
      name: tree.function_name.toLowerCase(),
      schema: String(tree.schema ?? '').toLowerCase(),
      catalog: String(tree.catalog ?? '').toLowerCase(),
    })
  } else if (
    tree.class === 'COLUMN_REF' &&
    Array.isArray(tree.column_names) &&
    tree.column_names.length === 1
  ) {
    out.bareColumns.push(String(tree.column_names[0]).toLowerCase())
  }
  for (const value of Object.values(tree)) visit(value, ctes, out)
}

/**
 * A query node's WITH clause: each CTE sees the CTEs before it and itself (a recursive one reads
 * itself), the body sees them all. A name is a CTE only where DuckDB would read it as one.
 */
function visitQueryNode(tree: Tree, outer: ReadonlySet<string>, out: ParseTreeNames): void {
  const scope = new Set(outer)
  const map = ((tree.cte_map as { map?: unknown } | undefined)?.map ?? []) as {
    key?: unknown
    value?: { query?: unknown }
  }[]
  for (const entry of map) {
    scope.add(String(entry.key).toLowerCase())
    visit(entry.value?.query, new Set(scope), out)
  }
  if (tree.type === 'RECURSIVE_CTE_NODE' && typeof tree.cte_name === 'string') {
    scope.add(tree.cte_name.toLowerCase())
  }
  for (const [key, value] of Object.entries(tree)) if (key !== 'cte_map') visit(value, scope, out)
}

/** FROM items carry `sample` and no expression `class` or query `modifiers`. */
function isTableReference(tree: Tree): boolean {
  return typeof tree.type === 'string' && 'sample' in tree && !('class' in tree) && !('modifiers' in tree)
}

function tableReference(tree: Tree, ctes: ReadonlySet<string>): TableReference {
  const catalog = String(tree.catalog_name ?? '')
  const schema = String(tree.schema_name ?? '')
  const table = String(tree.table_name ?? '')
  const location = typeof tree.query_location === 'number' ? tree.query_location : NO_LOCATION
  return {
    catalog,
    schema,
    table,
    cte: catalog === '' && schema === '' && ctes.has(table.toLowerCase()),
    location: location >= NO_LOCATION ? undefined : location,
  }
}
