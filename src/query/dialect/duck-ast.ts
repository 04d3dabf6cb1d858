import type { DuckType } from './types/duck-type.js'

/**
 * DuckDB's parse tree as `json_serialize_sql` writes it and `json_deserialize_sql` reads it back:
 * plain JSON records. The dialect reads the nodes the user wrote and builds the ones it puts in
 * their place with the builders below, so that the tree it hands back is always one DuckDB wrote.
 */
export type Node = Record<string, unknown>

/** An expression node (`class` is FUNCTION, COLUMN_REF, CONSTANT, CAST, ...). */
export interface Expr extends Node {
  class: string
  type: string
  alias: string
}

const NO_LOCATION = { query_location: 18446744073709551615n }

function base(cls: string, type: string): Expr {
  return { class: cls, type, alias: '', ...NO_LOCATION }
}

/** A call of a DuckDB function or macro. */
export function call(
  name: string,
  args: Expr[],
  options: { distinct?: boolean; orderBy?: Node[] } = {},
): Expr {
  return {
    ...base('FUNCTION', 'FUNCTION'),
    function_name: name,
    schema: '',
    children: args,
    filter: null,
    order_bys: { type: 'ORDER_MODIFIER', orders: options.orderBy ?? [] },
    distinct: options.distinct ?? false,
    is_operator: false,
    export_state: false,
    catalog: '',
  }
}

/** An operator written as a function (`+`, `-`, `*`, `/`, `//`, `%`, `||`, `~~`). */
export function operator(name: string, args: Expr[]): Expr {
  return { ...call(name, args), is_operator: true }
}

export function cast(child: Expr, castType: DuckType, tryCast = false): Expr {
  return { ...base('CAST', 'OPERATOR_CAST'), child, cast_type: castType, try_cast: tryCast }
}

export type ConstantType = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'BOOLEAN' | 'DOUBLE' | 'NULL'

export function constant(value: string | number | boolean | bigint | null, type?: ConstantType): Expr {
  // DuckDB reads a DOUBLE constant only from a JSON number with a fraction, which JSON.stringify
  // does not write for whole numbers: a cast of the text says the same.
  if (type === 'DOUBLE' || (typeof value === 'number' && !Number.isInteger(value))) {
    return {
      ...base('CAST', 'OPERATOR_CAST'),
      child: constant(String(value)),
      cast_type: { id: 'DOUBLE', type_info: null },
      try_cast: false,
    }
  }
  const id =
    type ??
    (value === null
      ? 'NULL'
      : typeof value === 'string'
        ? 'VARCHAR'
        : typeof value === 'boolean'
          ? 'BOOLEAN'
          : typeof value === 'bigint'
            ? 'BIGINT'
            : !Number.isInteger(value)
              ? 'DOUBLE'
              : Math.abs(value) < 2 ** 31
                ? 'INTEGER'
                : 'BIGINT')
  return {
    ...base('CONSTANT', 'VALUE_CONSTANT'),
    value:
      value === null
        ? { type: { id: 'NULL', type_info: null }, is_null: true }
        : { type: { id, type_info: null }, is_null: false, value },
  }
}

export const NULL = (): Expr => constant(null)

export function comparison(type: ComparisonType, left: Expr, right: Expr): Expr {
  return { ...base('COMPARISON', type), left, right }
}

export type ComparisonType =
  | 'COMPARE_EQUAL'
  | 'COMPARE_NOTEQUAL'
  | 'COMPARE_LESSTHAN'
  | 'COMPARE_GREATERTHAN'
  | 'COMPARE_LESSTHANOREQUALTO'
  | 'COMPARE_GREATERTHANOREQUALTO'
  | 'COMPARE_DISTINCT_FROM'
  | 'COMPARE_NOT_DISTINCT_FROM'

export function and(...children: Expr[]): Expr {
  return children.length === 1 ? children[0]! : { ...base('CONJUNCTION', 'CONJUNCTION_AND'), children }
}

export function or(...children: Expr[]): Expr {
  return children.length === 1 ? children[0]! : { ...base('CONJUNCTION', 'CONJUNCTION_OR'), children }
}

/** OPERATOR_NOT, OPERATOR_IS_NULL, OPERATOR_IS_NOT_NULL, COMPARE_IN, ARRAY_EXTRACT, ... */
export function op(type: string, children: Expr[]): Expr {
  return { ...base('OPERATOR', type), children }
}

export const not = (child: Expr): Expr => op('OPERATOR_NOT', [child])
export const coalesce = (...children: Expr[]): Expr => op('OPERATOR_COALESCE', children)
export const isNull = (child: Expr): Expr => op('OPERATOR_IS_NULL', [child])
export const isNotNull = (child: Expr): Expr => op('OPERATOR_IS_NOT_NULL', [child])

export function caseWhen(checks: [when: Expr, then: Expr][], otherwise: Expr = NULL()): Expr {
  return {
    ...base('CASE', 'CASE_EXPR'),
    case_checks: checks.map(([when_expr, then_expr]) => ({ when_expr, then_expr })),
    else_expr: otherwise,
  }
}

/** `CASE WHEN when THEN then ELSE otherwise END`. */
export const iff = (when: Expr, then: Expr, otherwise: Expr = NULL()): Expr =>
  caseWhen([[when, then]], otherwise)

/** DuckDB's `error(message)`: the query fails with the message when it is evaluated. */
export const fail = (message: string): Expr => call('error', [constant(message)])

export function columnRef(...names: string[]): Expr {
  return { ...base('COLUMN_REF', 'COLUMN_REF'), column_names: names }
}

export function lambda(params: string[], body: Expr): Expr {
  const lhs =
    params.length === 1
      ? columnRef(params[0]!)
      : {
          ...call(
            'row',
            params.map((p) => columnRef(p)),
          ),
          schema: 'main',
        }
  return { ...base('LAMBDA', 'LAMBDA'), lhs, expr: body }
}

export function withAlias<T extends Node>(node: T, alias: string): T {
  return { ...node, alias }
}

/**
 * Parses DuckDB's JSON without losing digits: integers beyond a double's exact range (BIGINT
 * constants, the "no location" marker) become BigInts, which `stringifyTree` writes back as numbers.
 */
export function parseTree(json: string): Node {
  return JSON.parse(
    json.replace(/([:[,]\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"\\u0000big:$2"'),
    (_key, value) =>
      typeof value === 'string' && value.startsWith('\u0000big:') ? BigInt(value.slice(5)) : value,
  ) as Node
}

export function stringifyTree(tree: unknown): string {
  return JSON.stringify(tree, (_key, value) =>
    typeof value === 'bigint' ? `\u0000big:${value}` : value,
  ).replace(/"\\u0000big:(-?\d+)"/g, '$1')
}

/** `SELECT <list> FROM <from>` as a query node. */
export function selectNode(selectList: Expr[], from: Node = emptyRef()): Node {
  return {
    type: 'SELECT_NODE',
    modifiers: [],
    cte_map: { map: [] },
    select_list: selectList,
    from_table: from,
    where_clause: null,
    group_expressions: [],
    group_sets: [],
    aggregate_handling: 'STANDARD_HANDLING',
    having: null,
    sample: null,
    qualify: null,
  }
}

export function emptyRef(): Node {
  return { type: 'EMPTY', alias: '', sample: null, ...NO_LOCATION }
}

/** `(<query>) AS alias(columns)` in a FROM clause. */
export function subqueryRef(query: Node, alias: string, columns: string[] = []): Node {
  return {
    type: 'SUBQUERY',
    alias,
    sample: null,
    ...NO_LOCATION,
    subquery: { node: query, named_param_map: [] },
    column_name_alias: columns,
  }
}
