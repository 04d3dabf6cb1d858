import type { Expr, Node } from '../duck-ast.js'
import { refuse, sqlError } from '../refusal.js'
import { typeName } from '../types/trino-type.js'
import { analyzeUnnest } from './analyze-unnest.js'
import { analyzeValues } from './analyze-values.js'
import type { Analyzer, Ctes, OutputColumn } from './analyzer.js'
import { type Field, Scope } from './scope.js'

/** A FROM item analysed: the DuckDB node that reads it and the columns it makes visible. */
export interface RelationShape {
  node: Node
  fields: Field[]
}

/**
 * A FROM item: a catalog table or CTE, a subquery, VALUES, UNNEST, or a join of two. `lateral`
 * is what the items to its left make visible, which UNNEST and LATERAL may read (Trino's rule).
 */
export function analyzeRelation(
  an: Analyzer,
  node: Node,
  outer: Scope | undefined,
  ctes: Ctes,
  lateral: readonly Field[] = [],
): RelationShape {
  switch (node.type) {
    case 'EMPTY':
      return { node, fields: [] }
    case 'BASE_TABLE':
      return baseTable(an, node, ctes)
    case 'SUBQUERY': {
      const scope = withFields(outer, lateral)
      const shape = an.query((node.subquery as { node: Node }).node, scope, ctes)
      const alias = String(node.alias ?? '').toLowerCase()
      const fields = renamed(shape.columns, node, alias || undefined)
      return { node: { ...node, subquery: { ...(node.subquery as Node), node: shape.node } }, fields }
    }
    case 'JOIN':
      return join(an, node, outer, ctes, lateral)
    case 'TABLE_FUNCTION':
      return tableFunction(an, node, withFields(outer, lateral))
    case 'EXPRESSION_LIST':
      return analyzeValues(an, node, outer)
    case 'PIVOT':
      return sqlError('PIVOT is not Athena SQL; aggregate with CASE or FILTER instead')
    default:
      return sqlError(`unsupported FROM item ${String(node.type)}`)
  }
}

function withFields(outer: Scope | undefined, fields: readonly Field[]): Scope | undefined {
  if (fields.length === 0) return outer
  return outer ? outer.child(fields) : new Scope(fields)
}

function baseTable(an: Analyzer, node: Node, ctes: Ctes): RelationShape {
  const name = String(node.table_name)
  const schema = String(node.schema_name ?? '')
  const catalog = String(node.catalog_name ?? '').toLowerCase()
  const alias = String(node.alias || name).toLowerCase()
  if (catalog !== '' && catalog !== 'awsdatacatalog') {
    sqlError(`Catalog '${node.catalog_name}' does not exist; the catalog is awsdatacatalog`)
  }
  const cte = schema === '' ? ctes.get(name.toLowerCase()) : undefined
  if (cte) return { node: { ...node, catalog_name: '' }, fields: renamed(cte, node, alias) }
  const table = an.table(schema, name)
  if (!table) {
    const qualified = schema ? `${schema}.${name}` : `${an.database}.${name}`
    sqlError(`Table '${qualified}' does not exist; the tables are ${an.tableNames().join(', ')}`)
  }
  const columns = table.columns.map((c) => ({ name: c.name, type: c.type }))
  const fields = renamed(columns, node, alias).map((f) => ({ ...f, schema: table.schema }))
  // An unaliased table keeps its own name as DuckDB's name for it, wherever DuckDB keeps it.
  const schemaName = table.duckSchema ?? (node.schema_name || '')
  return {
    node: { ...node, catalog_name: '', schema_name: schemaName, alias: node.alias || table.name },
    fields,
  }
}

/** A relation's columns under its alias, renamed by `AS t(a, b)` when it names them. */
function renamed(columns: readonly OutputColumn[], node: Node, relation: string | undefined): Field[] {
  const aliases = (node.column_name_alias as string[] | undefined) ?? []
  if (aliases.length > 0 && aliases.length !== columns.length) {
    sqlError(`column alias list has ${aliases.length} entries but relation has ${columns.length} columns`)
  }
  return columns.map((c, i) => ({ relation, name: aliases[i] ?? c.name, type: c.type }))
}

function join(
  an: Analyzer,
  node: Node,
  outer: Scope | undefined,
  ctes: Ctes,
  lateral: readonly Field[],
): RelationShape {
  const refType = String(node.ref_type)
  const joinType = String(node.join_type)
  if (refType === 'NATURAL') sqlError('NATURAL JOIN is not supported by Athena; write JOIN ... USING (...)')
  if (refType === 'ASOF' || refType === 'POSITIONAL') sqlError(`${refType} JOIN is not Athena SQL`)
  if (joinType === 'SEMI' || joinType === 'ANTI') sqlError(`${joinType} JOIN is not Athena SQL; use EXISTS`)
  const left = analyzeRelation(an, node.left as Node, outer, ctes, lateral)
  const visible = [...lateral, ...left.fields]
  // DuckDB's parser drops the word LATERAL, so a subquery on the right may read the left's columns.
  const right = analyzeRelation(an, node.right as Node, outer, ctes, visible)
  const using = ((node.using_columns as string[] | undefined) ?? []).map((c) => c.toLowerCase())
  const fields = [...left.fields, ...right.fields]
  if (using.length > 0) {
    for (const column of using) {
      const l = left.fields.filter((f) => !f.hidden && f.name.toLowerCase() === column)
      const r = right.fields.filter((f) => !f.hidden && f.name.toLowerCase() === column)
      if (l.length !== 1 || r.length !== 1)
        sqlError(`Column '${column}' is missing from a side of JOIN ... USING`)
      if (typeName(l[0]!.type) !== typeName(r[0]!.type)) {
        sqlError(`JOIN USING column ${column} has types ${typeName(l[0]!.type)} and ${typeName(r[0]!.type)}`)
      }
    }
    const out = fields.map((f, i) => {
      const isUsing = !f.hidden && using.includes(f.name.toLowerCase())
      if (!isUsing) return f
      return i < left.fields.length ? { ...f, using: true } : { ...f, hidden: true }
    })
    return { node: { ...node, left: left.node, right: right.node }, fields: out }
  }
  let condition = node.condition as Expr | null
  if (condition) {
    const scope = withFields(outer, [...lateral, ...fields])!
    const typed = an.expr(condition, scope)
    if (typed.type.kind !== 'boolean' && typed.type.kind !== 'unknown') {
      sqlError(`JOIN ON clause must evaluate to a boolean: actual type ${typeName(typed.type)}`)
    }
    condition = typed.node
  }
  // json_deserialize_sql prints a CROSS JOIN as a comma, which binds looser than the joins after
  // it (`a, b LEFT JOIN c ON a.x = c.x` cannot see a): written as `INNER JOIN ... ON true` instead.
  if (refType === 'CROSS') {
    const always = {
      class: 'CONSTANT',
      type: 'VALUE_CONSTANT',
      alias: '',
      value: { type: { id: 'BOOLEAN', type_info: null }, is_null: false, value: true },
    }
    return {
      node: {
        ...node,
        left: left.node,
        right: right.node,
        ref_type: 'REGULAR',
        join_type: 'INNER',
        condition: always,
      },
      fields,
    }
  }
  return { node: { ...node, left: left.node, right: right.node, condition }, fields }
}

function tableFunction(an: Analyzer, node: Node, scope: Scope | undefined): RelationShape {
  const fn = node.function as Expr
  const name = String(fn.function_name).toLowerCase()
  if (name === 'unnest') return analyzeUnnest(an, node, scope ?? new Scope([]))
  return refuse(
    `the table function ${name}()`,
    'read the catalog’s tables, or UNNEST(sequence(...)) for a series',
  )
}
