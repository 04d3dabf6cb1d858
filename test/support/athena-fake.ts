/**
 * A stateful fake of Athena's query API behind aws-sdk-client-mock, for the QueryEngine contract.
 * Athena cannot run here, so the SQL is evaluated by a backing engine (DuckDB over the same lake)
 * and everything Athena adds is Athena's own shape: StartQueryExecution with an idempotency
 * token (the same token and query give the same id, another query under it is refused) and
 * `?` bound from ExecutionParameters; QUEUED, RUNNING, then SUCCEEDED, FAILED (AthenaError with
 * category 2 for the user's SQL) or CANCELLED after StopQueryExecution; GetQueryResults in pages
 * of at most 1,000 rows, every value a `VarCharValue` string (absent for NULL), the header row
 * first on the first page of a SELECT only; ColumnInfo types as Athena names them (`array`
 * without its element type, `decimal` with precision and scale); EXPLAIN (TYPE IO) as JSON.
 */
import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  InvalidRequestException,
  type QueryExecutionState,
  StartQueryExecutionCommand,
  type StartQueryExecutionCommandInput,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena'
import { mockClient } from 'aws-sdk-client-mock'
import { tokenize } from '../../src/query/dialect/sql-tokens.js'
import { QuerySqlError } from '../../src/query/errors.js'
import type {
  QueryColumn,
  QueryEngine,
  QueryResult,
  QueryValue,
  ScanEstimate,
} from '../../src/query/query-engine.js'
import { baseType } from '../../src/query/trino-values.js'

const $metadata = { httpStatusCode: 400, requestId: 'fake-athena' }
const EXPLAIN_IO = /^\s*EXPLAIN\s*\(\s*TYPE\s+IO\s*,\s*FORMAT\s+JSON\s*\)\s*/i

interface FakeQuery {
  id: string
  sql: string
  state: QueryExecutionState
  statementType: 'DML' | 'UTILITY'
  result?: { columns: QueryColumn[]; rows: (string | undefined)[][] }
  failure?: { message: string; category: number }
  stop: AbortController
}

const invalid = (message: string) => new InvalidRequestException({ message, $metadata })

export class AthenaFake {
  /** The StartQueryExecution requests Athena received, in order. */
  readonly started: StartQueryExecutionCommandInput[] = []
  readonly #queries = new Map<string, FakeQuery>()
  readonly #tokens = new Map<string, FakeQuery>()
  #ids = 0

  constructor(private readonly backend: QueryEngine) {}

  /** Answers every Athena call `client` sends from this fake. */
  install(client: AthenaClient): void {
    const mock = mockClient(client)
    mock
      .on(StartQueryExecutionCommand)
      .callsFake(async (input) => ({ QueryExecutionId: this.#start(input).id }))
    mock.on(GetQueryExecutionCommand).callsFake(async ({ QueryExecutionId }) => {
      const query = this.#query(QueryExecutionId)
      if (query.state === 'QUEUED') query.state = 'RUNNING'
      return {
        QueryExecution: {
          QueryExecutionId: query.id,
          Query: query.sql,
          StatementType: query.statementType,
          Status: {
            State: query.state,
            ...(query.failure && {
              StateChangeReason: query.failure.message,
              AthenaError: {
                ErrorCategory: query.failure.category,
                ErrorType: 1006,
                Retryable: false,
                ErrorMessage: query.failure.message,
              },
            }),
          },
          Statistics: { DataScannedInBytes: 0, EngineExecutionTimeInMillis: 1 },
        },
      }
    })
    mock.on(StopQueryExecutionCommand).callsFake(async ({ QueryExecutionId }) => {
      const query = this.#query(QueryExecutionId)
      if (query.state === 'QUEUED' || query.state === 'RUNNING') {
        query.state = 'CANCELLED'
        query.failure = { message: 'Query cancelled by user', category: 2 }
        query.stop.abort()
      }
      return {}
    })
    mock.on(GetQueryResultsCommand).callsFake(async ({ QueryExecutionId, NextToken, MaxResults = 1000 }) => {
      const query = this.#query(QueryExecutionId)
      if (MaxResults > 1000) throw invalid('MaxResults must be at most 1000')
      if (query.state !== 'SUCCEEDED' || !query.result) {
        throw invalid(`Query has not yet finished. Current state: ${query.state}`)
      }
      const { columns, rows } = query.result
      const all = query.statementType === 'DML' ? [columns.map((c) => c.name), ...rows] : rows
      const start = NextToken ? Number(NextToken) : 0
      const end = start + MaxResults
      return {
        ResultSet: {
          Rows: all.slice(start, end).map((row) => ({
            Data: row.map((text) => (text === undefined ? {} : { VarCharValue: text })),
          })),
          ResultSetMetadata: { ColumnInfo: columns.map(columnInfo) },
        },
        ...(end < all.length && { NextToken: String(end) }),
        UpdateCount: 0,
      }
    })
  }

  #query(id: string | undefined): FakeQuery {
    const query = this.#queries.get(id ?? '')
    if (!query) throw invalid(`QueryExecution ${id} was not found`)
    return query
  }

  #start(input: StartQueryExecutionCommandInput): FakeQuery {
    this.started.push(input)
    if (!input.WorkGroup) throw invalid('WorkGroup is required')
    const token = input.ClientRequestToken
    const earlier = token === undefined ? undefined : this.#tokens.get(token)
    if (earlier) {
      if (earlier.sql !== input.QueryString) throw invalid('Idempotent parameters do not match')
      return earlier
    }
    const sql = bind(input.QueryString ?? '', input.ExecutionParameters ?? [])
    const explain = EXPLAIN_IO.test(sql)
    const query: FakeQuery = {
      id: `fake-${String(++this.#ids).padStart(4, '0')}-0000-0000-0000-000000000000`,
      sql: input.QueryString ?? '',
      state: 'QUEUED',
      statementType: explain ? 'UTILITY' : 'DML',
      stop: new AbortController(),
    }
    this.#queries.set(query.id, query)
    if (token !== undefined) this.#tokens.set(token, query)
    void this.#evaluate(query, sql, explain, input.QueryExecutionContext?.Database ?? 'default')
    return query
  }

  async #evaluate(query: FakeQuery, sql: string, explain: boolean, database: string): Promise<void> {
    try {
      const result = explain
        ? ioPlanResult(await this.backend.explain(sql.replace(EXPLAIN_IO, '')), database)
        : textResult(await this.backend.run(sql, { maxRows: 10_000_000, signal: query.stop.signal }))
      if (query.state === 'CANCELLED') return
      query.result = result
      query.state = 'SUCCEEDED'
    } catch (error) {
      if (query.state === 'CANCELLED') return
      query.state = 'FAILED'
      const message = (error as Error).message.replace(/^SQL error: /, '').replace(/; fix the query.*$/, '')
      query.failure = { message, category: error instanceof QuerySqlError ? 2 : 1 }
    }
  }
}

/** The SQL with each `?` replaced by its ExecutionParameters literal, as Athena binds them. */
function bind(sql: string, params: readonly string[]): string {
  const tokens = tokenize(sql)
  const slots = tokens.filter((t) => t.kind === 'symbol' && t.text === '?').length
  if (slots !== params.length) {
    throw invalid(`Incorrect number of parameters: expected ${slots} but found ${params.length}`)
  }
  let next = 0
  return tokens.map((t) => (t.kind === 'symbol' && t.text === '?' ? params[next++] : t.text)).join('')
}

/** A value as Athena's GetQueryResults prints it: text, arrays as `[a, b]`, maps and rows as `{k=v}`. */
function athenaText(value: QueryValue): string | undefined {
  if (value === null) return undefined
  const inner = (v: QueryValue) => athenaText(v) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(inner).join(', ')}]`
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${inner(v)}`)
      .join(', ')}}`
  }
  return String(value)
}

function textResult(result: QueryResult): FakeQuery['result'] {
  return {
    columns: result.columns,
    rows: result.rows.map((row) => result.columns.map((c) => athenaText(row[c.name] ?? null))),
  }
}

/**
 * Athena's ColumnInfo for a Trino type: the base name only (`array`, `row`, `timestamp`, `varchar`),
 * decimals with precision and scale, a timestamp's precision and a bounded varchar's length.
 */
function columnInfo(column: QueryColumn) {
  const zoned = column.type.endsWith('with time zone')
  const base = zoned ? 'timestamp with time zone' : baseType(column.type)
  const decimal = /^decimal\((\d+),\s*(\d+)\)$/.exec(column.type)
  const sized = /^(?:timestamp|varchar)\((\d+)\)/.exec(column.type)
  return {
    CatalogName: 'hive',
    SchemaName: '',
    TableName: '',
    Name: column.name,
    Label: column.name,
    Type: base === 'real' ? 'float' : base,
    Precision: decimal
      ? Number(decimal[1])
      : sized
        ? Number(sized[1])
        : base === 'bigint'
          ? 19
          : base === 'varchar'
            ? 2147483647
            : 0,
    Scale: decimal ? Number(decimal[2]) : 0,
    Nullable: 'UNKNOWN' as const,
    CaseSensitive: base === 'varchar',
  }
}

/**
 * EXPLAIN (TYPE IO, FORMAT JSON) as Athena answers it: one `Query Plan` row naming each table
 * read and the ranges on its partition keys; no size estimate (Athena has one only from table
 * statistics, which crawled tables lack).
 */
function ioPlanResult(estimate: ScanEstimate, database: string): FakeQuery['result'] {
  const plan = {
    inputTableColumnInfos: estimate.scans.map((scan) => {
      const narrowed = scan.partitionsRead !== undefined && scan.partitionsRead < (scan.partitionsTotal ?? 0)
      const byKey = new Map<string, string[]>()
      for (const folder of narrowed ? (scan.partitions ?? []) : []) {
        for (const part of folder.split('/')) {
          const [key, value] = part.split('=') as [string, string]
          byKey.set(key, [...(byKey.get(key) ?? []), value])
        }
      }
      return {
        table: { catalog: 'awsdatacatalog', schemaTable: { schema: database, table: scan.table } },
        columnConstraints: [...byKey].map(([columnName, values]) => ({
          columnName,
          type: 'varchar',
          domain: {
            nullsAllowed: false,
            ranges: [...new Set(values)].map((value) => ({
              low: { value, bound: 'EXACTLY' },
              high: { value, bound: 'EXACTLY' },
            })),
          },
        })),
        estimate: {
          outputRowCount: 'NaN',
          outputSizeInBytes: 'NaN',
          cpuCost: 'NaN',
          maxMemory: 0,
          networkCost: 0,
        },
      }
    }),
  }
  return { columns: [{ name: 'Query Plan', type: 'varchar' }], rows: [[JSON.stringify(plan)]] }
}
