import type { GlueTableInput } from '../../catalog/glue-shapes.js'
import { isTrivia, tokenize } from '../dialect/sql-tokens.js'
import { QueryRefusedError, QuerySqlError } from '../errors.js'
import type { QueryColumn, QueryRow } from '../query-engine.js'

/**
 * Athena's SHOW and DESCRIBE statements answered from the catalog, as Athena documents them: these
 * are Hive DDL in Athena (not Trino's SHOW), so names are matched without case, patterns are
 * Hive's (`*` and `.*` for any characters, `|` between choices; Trino's `LIKE` forms are
 * refused, as Athena documents none for SHOW TABLES and SHOW COLUMNS), results are one `string` column
 * per Hive field (`tab_name`, `database_name`, `field`; DESCRIBE's `col_name`, `data_type`,
 * `comment` with Hive's partition section), and column types are the catalog's Hive names
 * (`array<string>`). Other SHOW and DESCRIBE forms are refused.
 */

/** What the statements can see: one catalog database and its tables. */
export interface CatalogView {
  database: string
  tables: readonly GlueTableInput[]
}

export interface CatalogAnswer {
  columns: QueryColumn[]
  rows: QueryRow[]
}

const NAME = '(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)'
const PATTERN = "'((?:[^']|'')*)'"
const SHOW_TABLES = new RegExp(`^SHOW TABLES(?: (?:IN|FROM) ${NAME})?(?: ${PATTERN})?$`, 'i')
const SHOW_SCHEMAS = new RegExp(`^SHOW (?:DATABASES|SCHEMAS)(?: LIKE ${PATTERN})?$`, 'i')
const SHOW_COLUMNS = new RegExp(
  `^SHOW COLUMNS (?:FROM|IN) ${NAME}(?:\\.${NAME})?(?: (?:FROM|IN) ${NAME})?$`,
  'i',
)
const DESCRIBE = new RegExp(`^DESC(?:RIBE)? ${NAME}(?:\\.${NAME})?$`, 'i')

const SUPPORTED =
  "SHOW TABLES [IN db] ['pattern'], SHOW SCHEMAS [LIKE 'pattern'], SHOW COLUMNS IN [db.]table and DESCRIBE [db.]table (names bare or in backticks)"

/** HiveSerDes whose column comments come from the catalog; the others show `from deserializer`. */
const METASTORE_SERDES = new Set(
  [
    'ql.io.orc.OrcSerde',
    'serde2.lazy.LazySimpleSerDe',
    'serde2.columnar.ColumnarSerDe',
    'serde2.dynamic_type.DynamicSerDe',
    'serde2.MetadataTypedColumnsetSerDe',
    'serde2.columnar.LazyBinaryColumnarSerDe',
    'ql.io.parquet.serde.ParquetHiveSerDe',
    'serde2.lazybinary.LazyBinarySerDe',
  ].map((name) => `org.apache.hadoop.hive.${name}`),
)

/** The answer to a SHOW or DESCRIBE statement, or undefined when `sql` is neither. */
export function catalogStatement(sql: string, view: CatalogView): CatalogAnswer | undefined {
  const text = normalized(sql)
  if (!/^(SHOW|DESCRIBE|DESC)\b/i.test(text)) return undefined
  let match = SHOW_TABLES.exec(text)
  if (match) {
    checkDatabase(match[1], view)
    const names = view.tables.map((t) => t.Name).filter(hivePattern(match[2]))
    return answer(
      ['tab_name'],
      names.sort().map((name) => [name]),
    )
  }
  match = SHOW_SCHEMAS.exec(text)
  if (match)
    return answer(
      ['database_name'],
      [view.database].filter(hivePattern(match[1])).map((d) => [d]),
    )
  match = SHOW_COLUMNS.exec(text)
  if (match) {
    const [table, database] = match[2] ? [match[2], match[1]] : [match[1]!, match[3]]
    const found = findTable(table, database, view)
    return answer(
      ['field'],
      allColumns(found).map((c) => [c.Name]),
    )
  }
  match = DESCRIBE.exec(text)
  if (match) {
    const [table, database] = match[2] ? [match[2], match[1]] : [match[1]!, undefined]
    return answer(['col_name', 'data_type', 'comment'], describeRows(findTable(table, database, view)))
  }
  if (/^SHOW (TABLES|COLUMNS)\b.* LIKE\b/i.test(text)) {
    throw new QueryRefusedError(
      "LIKE in SHOW TABLES and SHOW COLUMNS is not Athena's (its SHOW TABLES takes a regular expression, SHOW TABLES 'play*'), so the local engine refuses it",
    )
  }
  throw new QueryRefusedError(`${statementName(text)}; it answers ${SUPPORTED} from the catalog`)
}

/** `SHOW CREATE is not reproduced ...`, or `this form of SHOW COLUMNS ...` for one it answers in other forms. */
function statementName(text: string): string {
  const [first, second = ''] = text.toUpperCase().split(' ')
  const other =
    first === 'SHOW'
      ? /^[A-Z_]+$/.test(second) && !['TABLES', 'COLUMNS', 'SCHEMAS', 'DATABASES'].includes(second)
      : ['EXTENDED', 'FORMATTED', 'TABLE', 'SELECT'].includes(second)
  const name = other ? `${first} ${second}` : `this form of ${first === 'SHOW' ? `SHOW ${second}` : first}`
  return `${name} is not reproduced by the local engine`
}

/** The statement without comments, its spaces collapsed and a final semicolon dropped. */
function normalized(sql: string): string {
  return tokenize(sql)
    .map((t) => (isTrivia(t) ? ' ' : t.text))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*;$/, '')
}

function answer(names: string[], rows: string[][]): CatalogAnswer {
  return {
    columns: names.map((name) => ({ name, type: 'string' })),
    rows: rows.map((cells) => Object.fromEntries(names.map((name, i) => [name, cells[i] ?? ''])) as QueryRow),
  }
}

function identifier(name: string): string {
  return (name.startsWith('`') ? name.slice(1, -1) : name).toLowerCase()
}

function checkDatabase(name: string | undefined, view: CatalogView): void {
  if (name === undefined || identifier(name) === view.database) return
  throw new QueryRefusedError(
    `database ${identifier(name)} is not served here: the local engine serves the database ${view.database} (choose another with --database)`,
  )
}

function findTable(name: string, database: string | undefined, view: CatalogView): GlueTableInput {
  checkDatabase(database, view)
  const wanted = identifier(name)
  const table = view.tables.find((t) => t.Name.toLowerCase() === wanted)
  if (table) return table
  const known = view.tables
    .map((t) => t.Name)
    .sort()
    .join(', ')
  throw new QuerySqlError(
    `SQL error: table ${view.database}.${wanted} does not exist; the tables are ${known}`,
  )
}

/**
 * A Hive name pattern as a test: the whole name, any case, `*` or `.*` for any characters, `.`
 * for one, `|` between alternatives; no pattern matches everything. Matched without regular
 * expressions (a pattern of many `.*` would backtrack for ages), so other regular expression
 * syntax is refused.
 */
function hivePattern(pattern: string | undefined): (name: string) => boolean {
  if (pattern === undefined) return () => true
  const text = pattern.replace(/''/g, "'").toLowerCase()
  if (/[^a-z0-9_*.|-]/.test(text)) {
    throw new QueryRefusedError(
      `the pattern '${pattern}' uses regular expression syntax the local engine does not reproduce; use * for any characters, . for one, and | between choices`,
    )
  }
  const alternatives = text.split('|').map((part) => part.replace(/\.\*/g, '*'))
  return (name) => alternatives.some((part) => globMatches(part, name.toLowerCase()))
}

/** Whether `name` is all of `pattern` (`*` any characters, `.` any one), backtracking to the last `*` only: at most pattern times name steps. */
function globMatches(pattern: string, name: string): boolean {
  let p = 0
  let n = 0
  let star = -1
  let resume = 0
  while (n < name.length) {
    if (p < pattern.length && (pattern[p] === '.' || pattern[p] === name[n])) {
      p++
      n++
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++
      resume = n
    } else if (star !== -1) {
      p = star + 1
      n = ++resume
    } else {
      return false
    }
  }
  while (pattern[p] === '*') p++
  return p === pattern.length
}

type GlueColumnWithComment = GlueTableInput['PartitionKeys'][number] & { Comment?: string }

function allColumns(table: GlueTableInput): GlueColumnWithComment[] {
  return [...table.StorageDescriptor.Columns, ...table.PartitionKeys]
}

/**
 * Hive's DESCRIBE: every column with its catalog type and comment (partition keys last), then for
 * a partitioned table a blank line, `# Partition Information`, a header and the keys again.
 */
function describeRows(table: GlueTableInput): string[][] {
  const fromSerde = !METASTORE_SERDES.has(table.StorageDescriptor.SerdeInfo.SerializationLibrary)
  const data = table.StorageDescriptor.Columns.map((c: GlueColumnWithComment) => [
    c.Name,
    c.Type,
    fromSerde ? 'from deserializer' : (c.Comment ?? ''),
  ])
  const keys = table.PartitionKeys.map((c: GlueColumnWithComment) => [c.Name, c.Type, c.Comment ?? ''])
  if (keys.length === 0) return data
  return [
    ...data,
    ...keys,
    [''],
    ['# Partition Information'],
    ['# col_name', 'data_type', 'comment'],
    [''],
    ...keys,
  ]
}
