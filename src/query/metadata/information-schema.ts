import type { GlueTableInput } from '../../catalog/glue-shapes.js'
import { glueToTrino } from '../dialect/types/parse-type.js'
import { typeName } from '../dialect/types/trino-type.js'

/**
 * Athena's `information_schema` (Trino's) over one catalog database, as rows: the catalog
 * `awsdatacatalog`, the schemas `information_schema` and the database, every table of both with
 * its columns (data columns, then partition keys marked `partition key`), types as the SQL
 * engine names them (`varchar`, `array(varchar)`). The local engine serves one database, so
 * that is the one listed.
 */

export const ATHENA_CATALOG = 'awsdatacatalog'

export type InformationSchemaValue = string | number | null

interface InformationSchemaTable {
  name: string
  columns: { name: string; type: 'varchar' | 'bigint' }[]
}

const varchar = (...names: string[]) => names.map((name) => ({ name, type: 'varchar' as const }))

/** The tables of Trino's information_schema with the columns Athena shows (`SELECT *`). */
export const INFORMATION_SCHEMA: readonly InformationSchemaTable[] = [
  {
    name: 'columns',
    columns: [
      ...varchar('table_catalog', 'table_schema', 'table_name', 'column_name'),
      { name: 'ordinal_position', type: 'bigint' },
      ...varchar('column_default', 'is_nullable', 'data_type', 'comment', 'extra_info'),
    ],
  },
  { name: 'tables', columns: varchar('table_catalog', 'table_schema', 'table_name', 'table_type') },
  {
    name: 'views',
    columns: varchar('table_catalog', 'table_schema', 'table_name', 'view_definition'),
  },
  { name: 'schemata', columns: varchar('catalog_name', 'schema_name') },
  {
    name: 'table_privileges',
    columns: varchar(
      'grantor',
      'grantor_type',
      'grantee',
      'grantee_type',
      'table_catalog',
      'table_schema',
      'table_name',
      'privilege_type',
      'is_grantable',
      'with_hierarchy',
    ),
  },
  { name: 'roles', columns: varchar('role_name') },
  {
    name: 'applicable_roles',
    columns: varchar('grantee', 'grantee_type', 'role_name', 'is_grantable'),
  },
  { name: 'enabled_roles', columns: varchar('role_name') },
]

/** The information_schema tables the local engine answers (the others are about Athena's users). */
export const INFORMATION_SCHEMA_TABLES: ReadonlySet<string> = new Set([
  'columns',
  'tables',
  'views',
  'schemata',
])

/** The rows of each answered table, for `database` and its tables. */
export function informationSchemaRows(
  database: string,
  tables: readonly GlueTableInput[],
): Record<string, InformationSchemaValue[][]> {
  const schema = 'information_schema'
  const own = INFORMATION_SCHEMA.map((t) => ({ schema, name: t.name, columns: ownColumns(t) }))
  const lake = [...tables]
    .sort((a, b) => (a.Name < b.Name ? -1 : 1))
    .map((t) => ({ schema: database, name: t.Name, columns: lakeColumns(t) }))
  const all = [...own, ...lake]
  return {
    schemata: [
      [ATHENA_CATALOG, schema],
      [ATHENA_CATALOG, database],
    ],
    tables: all.map((t) => [ATHENA_CATALOG, t.schema, t.name, 'BASE TABLE']),
    views: [],
    columns: all.flatMap((t) =>
      t.columns.map((c, i) => [
        ATHENA_CATALOG,
        t.schema,
        t.name,
        c.name,
        i + 1,
        null,
        'YES',
        c.type,
        c.comment,
        c.extra,
      ]),
    ),
  }
}

interface ColumnRow {
  name: string
  type: string
  comment: string | null
  extra: string | null
}

function ownColumns(table: InformationSchemaTable): ColumnRow[] {
  return table.columns.map((c) => ({ name: c.name, type: c.type, comment: null, extra: null }))
}

function lakeColumns(table: GlueTableInput): ColumnRow[] {
  const column = (c: { Name: string; Type: string; Comment?: string }, extra: string | null) => ({
    name: c.Name,
    type: typeName(glueToTrino(c.Type)),
    comment: c.Comment ?? null,
    extra,
  })
  return [
    ...table.StorageDescriptor.Columns.map((c) => column(c, null)),
    ...table.PartitionKeys.map((c) => column(c, 'partition key')),
  ]
}
