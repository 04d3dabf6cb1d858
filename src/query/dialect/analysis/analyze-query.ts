import { columnRef, type Expr, type Node, withAlias } from '../duck-ast.js'
import { refuse, sqlError } from '../refusal.js'
import { isIntegral, type TrinoType, typeName } from '../types/trino-type.js'
import { commonSuperType } from '../types/type-coercion.js'
import { analyzeRelation } from './analyze-relation.js'
import type { Analyzer, Ctes, OutputColumn, QueryShape } from './analyzer.js'
import { type Field, Scope } from './scope.js'
import type { Typed } from './typed.js'

/** A query node (SELECT, UNION/INTERSECT/EXCEPT) with its WITH clause and ORDER BY/LIMIT. */
export function analyzeQueryNode(an: Analyzer, node: Node, outer: Scope | undefined, ctes: Ctes): QueryShape {
  const withCtes = analyzeCtes(an, node, outer, ctes)
  switch (node.type) {
    case 'SELECT_NODE':
      return analyzeSelect(an, { ...node, cte_map: withCtes.cteMap }, outer, withCtes.ctes)
    case 'SET_OPERATION_NODE':
      return analyzeSetOperation(an, { ...node, cte_map: withCtes.cteMap }, outer, withCtes.ctes)
    case 'RECURSIVE_CTE_NODE':
      return refuse('WITH RECURSIVE', 'write the query without recursion')
    default:
      return sqlError(`unsupported query form ${String(node.type)}`)
  }
}

interface CteEntry {
  key: string
  value: { aliases?: string[]; query: { node: Node }; materialized?: string }
}

function analyzeCtes(an: Analyzer, node: Node, outer: Scope | undefined, ctes: Ctes) {
  const map = ((node.cte_map as { map?: CteEntry[] } | undefined)?.map ?? []) as CteEntry[]
  let visible = ctes
  const entries: CteEntry[] = []
  for (const entry of map) {
    if (entry.value.materialized === 'CTE_MATERIALIZE_ALWAYS') {
      sqlError('WITH ... AS MATERIALIZED is not Athena SQL; write WITH name AS (...)')
    }
    const shape = an.query(entry.value.query.node, outer, visible)
    const aliases = entry.value.aliases ?? []
    if (aliases.length > 0 && aliases.length !== shape.columns.length) {
      sqlError(`WITH ${entry.key} names ${aliases.length} columns, its query has ${shape.columns.length}`)
    }
    const columns = shape.columns.map((c, i) => ({ name: aliases[i] ?? c.name, type: c.type }))
    visible = new Map([...visible, [entry.key.toLowerCase(), columns]])
    entries.push({ ...entry, value: { ...entry.value, query: { ...entry.value.query, node: shape.node } } })
  }
  return { ctes: visible, cteMap: { map: entries } }
}

function analyzeSelect(an: Analyzer, node: Node, outer: Scope | undefined, ctes: Ctes): QueryShape {
  if (node.aggregate_handling !== 'STANDARD_HANDLING')
    sqlError('GROUP BY ALL is not Athena SQL; name the columns')
  if (node.qualify) sqlError('QUALIFY is not Athena SQL; filter on the window function in an outer query')
  if (node.sample) refuse('TABLESAMPLE', 'filter the rows with WHERE instead')
  const from = analyzeRelation(an, node.from_table as Node, outer, ctes)
  const scope = outer ? outer.child(from.fields, ctes) : new Scope(from.fields, undefined, new Map(), ctes)
  const where = node.where_clause ? condition(an, node.where_clause as Expr, scope, 'WHERE') : null
  const selectList: Expr[] = []
  const columns: OutputColumn[] = []
  for (const item of node.select_list as Expr[]) {
    if (item.class === 'STAR') {
      for (const field of expandStar(item, from.fields)) {
        selectList.push(withAlias(fieldRef(field), field.name))
        columns.push({ name: field.name, type: field.type })
      }
      continue
    }
    const typed = an.expr(item, scope)
    const name = outputName(item, columns.length)
    selectList.push(withAlias(typed.node, name))
    columns.push({ name, type: typed.type })
  }
  const groupExpressions = (node.group_expressions as Expr[]).map((e) =>
    groupingExpression(an, e, scope, columns),
  )
  const having = node.having ? condition(an, node.having as Expr, scope, 'HAVING') : null
  const orderScope = scope.child(
    columns.map((c, i) => ({ name: c.name, type: c.type, duckName: String(selectList[i]!.alias) })),
  )
  const modifiers = analyzeModifiers(an, node.modifiers as Node[], orderScope, columns)
  return {
    node: {
      ...node,
      from_table: from.node,
      where_clause: where,
      select_list: selectList,
      group_expressions: groupExpressions,
      having,
      modifiers,
    },
    columns,
  }
}

function analyzeSetOperation(an: Analyzer, node: Node, outer: Scope | undefined, ctes: Ctes): QueryShape {
  const kind = String(node.setop_type)
  if (kind !== 'UNION' && kind !== 'EXCEPT' && kind !== 'INTERSECT') {
    sqlError(`${kind.replace(/_/g, ' ')} is not Athena SQL`)
  }
  const left = an.query(node.left as Node, outer, ctes)
  const right = an.query(node.right as Node, outer, ctes)
  if (left.columns.length !== right.columns.length) {
    sqlError(`${kind} query has different number of fields: ${left.columns.length}, ${right.columns.length}`)
  }
  const columns = left.columns.map((column, i) => {
    const other = right.columns[i]!
    const type = commonSuperType(column.type, other.type)
    if (!type) {
      sqlError(
        `column ${i + 1} in ${kind} query has incompatible types: ${typeName(column.type)}, ${typeName(other.type)}`,
      )
    }
    return { name: column.name, type }
  })
  const fields = columns.map((c) => ({ name: c.name, type: c.type }))
  const scope = outer ? outer.child(fields, ctes) : new Scope(fields, undefined, new Map(), ctes)
  const modifiers = analyzeModifiers(an, node.modifiers as Node[], scope, columns)
  return { node: { ...node, left: left.node, right: right.node, modifiers }, columns }
}

/** ORDER BY (by output name, ordinal or expression), LIMIT and OFFSET (constants), DISTINCT. */
function analyzeModifiers(an: Analyzer, modifiers: Node[], scope: Scope, columns: OutputColumn[]): Node[] {
  return modifiers.map((modifier) => {
    switch (modifier.type) {
      case 'ORDER_MODIFIER': {
        const orders = (modifier.orders as Node[]).map((order) => ({
          ...order,
          expression: orderExpression(an, order.expression as Expr, scope, columns),
        }))
        return { ...modifier, orders }
      }
      case 'LIMIT_MODIFIER':
        for (const key of ['limit', 'offset'] as const) {
          const value = modifier[key] as Expr | null
          if (value && !(value.class === 'CONSTANT' && (value.value as { is_null?: boolean }).is_null)) {
            countExpression(an, value, scope, key.toUpperCase())
          }
        }
        return modifier
      case 'DISTINCT_MODIFIER':
        if ((modifier.distinct_on_targets as unknown[] | undefined)?.length) {
          sqlError('DISTINCT ON is not Athena SQL; use row_number() OVER (PARTITION BY ...) in a subquery')
        }
        return modifier
      case 'LIMIT_PERCENT_MODIFIER':
        return sqlError('LIMIT ... PERCENT is not Athena SQL')
      default:
        return sqlError(`unsupported clause ${String(modifier.type)}`)
    }
  })
}

function orderExpression(an: Analyzer, expression: Expr, scope: Scope, columns: OutputColumn[]): Expr {
  if (expression.class === 'STAR')
    sqlError('ORDER BY ALL is not Athena SQL; name the columns or their ordinals')
  if (ordinal(expression, columns, 'ORDER BY') !== undefined) return expression
  return an.expr(expression, scope).node
}

function groupingExpression(an: Analyzer, expression: Expr, scope: Scope, columns: OutputColumn[]): Expr {
  if (ordinal(expression, columns, 'GROUP BY') !== undefined) return expression
  return an.expr(expression, scope).node
}

/** The 1-based position an integer literal names in ORDER BY / GROUP BY, checked against the columns. */
function ordinal(expression: Expr, columns: OutputColumn[], clause: string): number | undefined {
  if (expression.class !== 'CONSTANT') return undefined
  const value = (expression.value as { value?: unknown }).value
  if (typeof value !== 'number' || !Number.isInteger(value)) return undefined
  if (value < 1 || value > columns.length) sqlError(`${clause} position ${value} is not in select list`)
  return value
}

function countExpression(an: Analyzer, expression: Expr, scope: Scope, clause: string): void {
  const typed = an.expr(expression, scope)
  if (!isIntegral(typed.type) || typed.literal === undefined) {
    sqlError(`${clause} must be an integer literal`)
  }
}

function condition(an: Analyzer, expression: Expr, scope: Scope, clause: string): Expr {
  const typed: Typed = an.expr(expression, scope)
  if (typed.type.kind !== 'boolean' && typed.type.kind !== 'unknown') {
    sqlError(`${clause} clause must evaluate to a boolean: actual type ${typeName(typed.type)}`)
  }
  return typed.node
}

/** The columns `*` or `t.*` stands for, in order (a USING column once, first). */
function expandStar(star: Expr, fields: readonly Field[]): Field[] {
  if (star.columns || star.expr || (star.exclude_list as unknown[] | undefined)?.length) {
    sqlError('COLUMNS(), EXCLUDE and REPLACE are not Athena SQL; name the columns')
  }
  if (
    (star.replace_list as unknown[] | undefined)?.length ||
    (star.rename_list as unknown[] | undefined)?.length
  ) {
    sqlError('REPLACE and RENAME in a select list are not Athena SQL; name the columns')
  }
  const relation = String(star.relation_name ?? '').toLowerCase()
  if (relation === '') {
    const visible = fields.filter((f) => !f.hidden)
    return [...visible.filter((f) => f.using), ...visible.filter((f) => !f.using)]
  }
  const own = fields.filter((f) => f.relation === relation)
  if (own.length === 0) sqlError(`Table '${star.relation_name}' not found in the FROM clause`)
  return own
}

/** A reference DuckDB resolves to exactly this field. */
export function fieldRef(field: Field): Expr {
  const name = field.duckName ?? field.name
  if (field.using || field.relation === undefined) return columnRef(name)
  return columnRef(field.relation, name)
}

/** The name Athena gives a result column: its alias, a column's (or row field's) name, else `_colN`. */
function outputName(item: Expr, index: number): string {
  if (item.alias) return item.alias
  if (item.class === 'COLUMN_REF') return (item.column_names as string[]).at(-1)!
  return `_col${index}`
}

export type { TrinoType }
