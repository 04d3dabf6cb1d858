import type { DuckDBConnection } from '@duckdb/node-api'
import { sqlString } from '../../sql-quote.js'
import { inlineParams } from '../dialect/inline-params.js'
import { preParse } from '../dialect/pre-parse.js'
import { type OutputColumn, type TableShape, translateStatement } from '../dialect/translate.js'
import { glueToTrino } from '../dialect/types/parse-type.js'
import { QueryRefusedError } from '../errors.js'
import { INFORMATION_SCHEMA, INFORMATION_SCHEMA_TABLES } from '../metadata/information-schema.js'
import type { QueryParam } from '../query-engine.js'
import { confineToLake, INFORMATION_SCHEMA_SCHEMA, type LakeScope } from './duckdb-confinement.js'
import { assertReadOnlySelect, duckDbErrorToQueryError, type SerializedSql } from './duckdb-guard.js'
import type { LakeTable } from './duckdb-views.js'

/** A query ready for DuckDB: the SQL it runs, its parse tree, its columns' Trino types, the lake tables it reads. */
export interface PreparedQuery {
  local: string
  parsed: SerializedSql
  trinoColumns: OutputColumn[]
  tables: Set<string>
}

/** How many translated queries are kept (the dashboard's charts and console ask the same ones again). */
const PREPARED_QUERIES = 64

/**
 * Turns Athena SQL into the DuckDB query the local engine runs: parameters inlined, parsed by
 * DuckDB (json_serialize_sql), checked to be one SELECT over the lake only (duckdb-guard.ts,
 * duckdb-confinement.ts), translated on its parse tree (dialect/translate.ts) and written back
 * as SQL (json_deserialize_sql). The last translations are kept by their text.
 */
export class DuckDbPreparer {
  private readonly shapes: TableShape[]
  private readonly prepared = new Map<string, PreparedQuery>()

  constructor(
    private readonly control: DuckDBConnection,
    tables: LakeTable[],
    private readonly scope: LakeScope,
  ) {
    this.shapes = tableShapes(tables, scope.database)
  }

  async prepare(sql: string, params: readonly QueryParam[] = []): Promise<PreparedQuery> {
    const text = preParse(inlineParams(sql, params))
    const known = this.prepared.get(text)
    if (known) {
      // Most recently used last, so the oldest is the first to go.
      this.prepared.delete(text)
      this.prepared.set(text, known)
      return known
    }
    const reader = await this.control.runAndReadAll(`SELECT json_serialize_sql(${sqlString(text)}::VARCHAR)`)
    const serialized = String(reader.getRows()[0]?.[0])
    const parsed = JSON.parse(serialized) as SerializedSql
    // One SELECT parses as one serialized statement; anything else is counted by DuckDB's own
    // splitter, so that the refusal can say how many statements it saw.
    const statements = !parsed.error && parsed.statements?.length === 1 ? 1 : await this.countStatements(text)
    assertReadOnlySelect(text, statements, parsed)
    // The names are checked here; the translation writes them as the engine knows them.
    const confined = confineToLake(text, parsed.statements, this.scope)
    const translation = translateStatement(serialized, text, this.shapes, this.scope.database)
    const back = await this.control.runAndReadAll(
      `SELECT json_deserialize_sql(${sqlString(translation.json)}::JSON)`,
    )
    const query = {
      local: String(back.getRows()[0]?.[0]),
      parsed,
      trinoColumns: translation.columns,
      tables: confined.tables,
    }
    this.prepared.set(text, query)
    if (this.prepared.size > PREPARED_QUERIES) this.prepared.delete(this.prepared.keys().next().value!)
    return query
  }

  private async countStatements(sql: string): Promise<number> {
    try {
      return (await this.control.extractStatements(sql)).count
    } catch (error) {
      throw duckDbErrorToQueryError(error)
    }
  }
}

/**
 * The tables queries may name, with their columns' Trino types: the catalog's (partition keys
 * last, as Athena lists them) and Athena's information_schema, which the engine keeps under a
 * schema of its own.
 */
function tableShapes(tables: LakeTable[], database: string): TableShape[] {
  const lake = tables.map((t) => ({
    schema: database.toLowerCase(),
    name: t.name,
    columns: [...t.table.StorageDescriptor.Columns, ...t.table.PartitionKeys].map((c) => ({
      name: c.Name,
      type: glueToTrino(c.Type),
    })),
  }))
  const informationSchema = INFORMATION_SCHEMA.filter((t) => INFORMATION_SCHEMA_TABLES.has(t.name)).map(
    (t) => ({
      schema: 'information_schema',
      duckSchema: INFORMATION_SCHEMA_SCHEMA,
      name: t.name,
      columns: t.columns.map((c) => ({ name: c.name, type: glueToTrino(c.type) })),
    }),
  )
  return [...lake, ...informationSchema]
}

/**
 * A refusal the dialect could only make when it met the data (`from_utf8()` of bytes that are not
 * UTF-8): its translation fails with a message saying the local engine does not reproduce it.
 */
export function runtimeRefusal(error: unknown): QueryRefusedError | undefined {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!
  const refusal = /([^:]*is not reproduced by the local engine.*)$/.exec(message)?.[1]
  return refusal ? new QueryRefusedError(refusal.trim()) : undefined
}
