import { randomUUID } from 'node:crypto'
import {
  type AthenaClient,
  GetQueryExecutionCommand,
  type GetQueryExecutionCommandOutput,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  type QueryExecution,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena'
import { athenaCostUsd } from '../athena-cost.js'
import { inlineParams } from '../dialect/inline-params.js'
import { QueryCancelledError, QueryTimeoutError } from '../errors.js'
import type {
  QueryEngine,
  QueryParam,
  QueryResult,
  QueryRow,
  QueryStats,
  QueryStream,
  RunOptions,
  ScanEstimate,
} from '../query-engine.js'
import { collectStream, DEFAULT_MAX_ROWS, limitedStream } from '../query-stream.js'
import { sqlLiteral } from '../sql-literal.js'
import { athenaCallError, athenaFailure, isTransient } from './athena-errors.js'
import { athenaIoPlan } from './athena-explain.js'
import { assertAthenaSelect } from './athena-guard.js'
import { athenaColumns, athenaRows } from './athena-results.js'

/** The slice of the AWS SDK's Athena client the engine needs. */
export type AthenaSend = Pick<AthenaClient, 'send'>

export interface AthenaEngineOptions {
  client: AthenaSend
  workgroup: string
  /** The Glue database the query's table names resolve in. */
  database: string
  catalog?: string
  /** Where results go, when the workgroup does not enforce a location of its own. */
  outputLocation?: string
  /** Rows returned at most (default 10,000). */
  maxRows?: number
  /** A result weighing more MB (of values as text) fails with QueryLimitError (default: no limit). */
  resultMb?: number
  /** A query running longer is stopped (StopQueryExecution) with QueryTimeoutError (default 5 min). */
  timeoutMs?: number
  /** Polling of GetQueryExecution: first wait, growth factor, longest wait (default 200 ms, x1.5, 2 s). */
  poll?: { firstMs: number; factor: number; maxMs: number }
  /** How the engine waits between polls (tests pass one that does not). */
  sleep?: (ms: number) => Promise<void>
  /** The ClientRequestToken of each new query (default a random UUID). */
  newToken?: () => string
}

type Stop = 'cancelled' | 'timeout'

/**
 * Athena (engine v3) behind the query port: StartQueryExecution in a workgroup with an
 * idempotency token (a retried start returns the same query), `?` values as
 * ExecutionParameters, polling with backoff through QUEUED and RUNNING, results paged 1,000
 * rows at a time (the header row only on the first page of a SELECT) and typed from the result
 * metadata, StopQueryExecution on cancel or time limit, and the bytes scanned and their cost.
 */
export class AthenaEngine implements QueryEngine {
  readonly name = 'athena' as const
  private readonly running = new Set<AbortController>()
  private readonly poll: { firstMs: number; factor: number; maxMs: number }

  constructor(private readonly options: AthenaEngineOptions) {
    this.poll = options.poll ?? { firstMs: 200, factor: 1.5, maxMs: 2_000 }
  }

  async run(sql: string, options: RunOptions = {}): Promise<QueryResult> {
    return collectStream(await this.stream(sql, options))
  }

  async stream(sql: string, options: RunOptions = {}): Promise<QueryStream> {
    assertAthenaSelect(sql)
    return this.execute(sql, options.params ?? [], options)
  }

  async explain(sql: string, options: RunOptions = {}): Promise<ScanEstimate> {
    assertAthenaSelect(sql)
    const inlined = inlineParams(sql, options.params ?? [])
    const result = await collectStream(
      await this.execute(`EXPLAIN (TYPE IO, FORMAT JSON) ${inlined}`, [], { ...options, maxRows: 10 }),
    )
    const text = String(Object.values(result.rows[0] ?? {})[0] ?? '{}')
    return athenaIoPlan(text)
  }

  async cancel(): Promise<void> {
    for (const controller of this.running) controller.abort('cancelled' satisfies Stop)
  }

  async close(): Promise<void> {
    await this.cancel()
  }

  private async execute(
    sql: string,
    params: readonly QueryParam[],
    options: RunOptions,
  ): Promise<QueryStream> {
    const started = performance.now()
    const controller = new AbortController()
    const timer = setTimeout(
      () => controller.abort('timeout' satisfies Stop),
      this.options.timeoutMs ?? 300_000,
    )
    const onAbort = () => controller.abort('cancelled' satisfies Stop)
    options.signal?.addEventListener('abort', onAbort)
    if (options.signal?.aborted) onAbort()
    this.running.add(controller)
    const cleanup = () => {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      this.running.delete(controller)
    }
    try {
      const queryId = await this.start(sql, params)
      const execution = await this.wait(queryId, controller.signal)
      const first = await this.page(queryId, undefined)
      const columns = athenaColumns(first.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [])
      const header = execution.StatementType === 'DML'
      const statistics = execution.Statistics
      const stats = (): QueryStats => {
        const bytes = statistics?.DataScannedInBytes
        return {
          engine: 'athena',
          elapsedMs: performance.now() - started,
          queryId,
          ...(bytes !== undefined && { bytesScanned: bytes, costUsd: athenaCostUsd(bytes) }),
        }
      }
      const engine = this
      async function* rows(): AsyncGenerator<QueryRow> {
        let page: GetQueryResultsCommandOutput | undefined = first
        let firstPage = true
        while (page) {
          yield* athenaRows(page.ResultSet?.Rows ?? [], columns, header && firstPage)
          firstPage = false
          if (!page.NextToken) break
          if (controller.signal.aborted) throw engine.stopped(controller.signal.reason as Stop)
          page = await engine.page(queryId, page.NextToken)
        }
      }
      const maxRows = options.maxRows ?? this.options.maxRows ?? DEFAULT_MAX_ROWS
      const maxMb = this.options.resultMb
      return limitedStream({ columns, rows: rows(), maxRows, ...(maxMb && { maxMb }), stats, cleanup })
    } catch (error) {
      cleanup()
      throw error
    }
  }

  /** StartQueryExecution, sent again with the same token when the first try hit a transient error. */
  private async start(sql: string, params: readonly QueryParam[]): Promise<string> {
    const { workgroup, database, catalog, outputLocation } = this.options
    const command = new StartQueryExecutionCommand({
      QueryString: sql,
      WorkGroup: workgroup,
      QueryExecutionContext: { Database: database, Catalog: catalog ?? 'AwsDataCatalog' },
      ClientRequestToken: (this.options.newToken ?? randomUUID)(),
      ...(params.length > 0 && { ExecutionParameters: params.map(sqlLiteral) }),
      ...(outputLocation && { ResultConfiguration: { OutputLocation: outputLocation } }),
    })
    for (let attempt = 1; ; attempt++) {
      try {
        const output = await this.options.client.send(command)
        if (!output.QueryExecutionId) throw new Error('StartQueryExecution returned no QueryExecutionId')
        return output.QueryExecutionId
      } catch (error) {
        if (attempt < 3 && isTransient(error)) {
          await this.sleep(this.poll.firstMs * attempt)
          continue
        }
        throw athenaCallError(error, { workgroup, action: 'StartQueryExecution' })
      }
    }
  }

  /** Polls until the query ends; on cancel or time limit stops it in Athena first. */
  private async wait(queryId: string, signal: AbortSignal): Promise<QueryExecution> {
    let delay = this.poll.firstMs
    for (;;) {
      if (signal.aborted) return this.stop(queryId, signal.reason as Stop)
      let output: GetQueryExecutionCommandOutput
      try {
        output = await this.options.client.send(new GetQueryExecutionCommand({ QueryExecutionId: queryId }))
      } catch (error) {
        if (isTransient(error)) {
          await this.sleep(delay)
          continue
        }
        throw athenaCallError(error, { workgroup: this.options.workgroup, action: 'GetQueryExecution' })
      }
      const execution = output.QueryExecution ?? {}
      const state = execution.Status?.State
      if (state === 'SUCCEEDED') return execution
      if (state === 'FAILED' || state === 'CANCELLED') {
        throw athenaFailure({
          state,
          reason: execution.Status?.StateChangeReason,
          ...(execution.Status?.AthenaError && { error: execution.Status.AthenaError }),
        })
      }
      if (signal.aborted) return this.stop(queryId, signal.reason as Stop)
      await this.sleep(delay, signal)
      delay = Math.min(delay * this.poll.factor, this.poll.maxMs)
    }
  }

  private async stop(queryId: string, reason: Stop): Promise<never> {
    try {
      await this.options.client.send(new StopQueryExecutionCommand({ QueryExecutionId: queryId }))
    } catch {
      // the query may have ended meanwhile; the caller hears why we stopped it
    }
    throw this.stopped(reason)
  }

  private stopped(reason: Stop): Error {
    if (reason === 'timeout') {
      return new QueryTimeoutError(
        `the query ran past the ${(this.options.timeoutMs ?? 300_000) / 1000} s time limit and was stopped in Athena; narrow it or raise the limit (--timeout)`,
      )
    }
    return new QueryCancelledError('the query was cancelled and stopped in Athena')
  }

  private async page(queryId: string, token: string | undefined): Promise<GetQueryResultsCommandOutput> {
    try {
      return await this.options.client.send(
        new GetQueryResultsCommand({
          QueryExecutionId: queryId,
          MaxResults: 1000,
          ...(token && { NextToken: token }),
        }),
      )
    } catch (error) {
      throw athenaCallError(error, { workgroup: this.options.workgroup, action: 'GetQueryResults' })
    }
  }

  /** Waits `ms`, or less when `signal` aborts meanwhile. */
  private sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.options.sleep) return this.options.sleep(ms)
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      signal?.addEventListener('abort', done)
    })
  }
}
