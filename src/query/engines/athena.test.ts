import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it } from 'vitest'
import { athenaCostUsd } from '../athena-cost.js'
import {
  QueryCancelledError,
  QueryEngineError,
  QueryRefusedError,
  QuerySetupError,
  QuerySqlError,
  QueryTimeoutError,
} from '../errors.js'
import { AthenaEngine } from './athena.js'

const athena = mockClient(AthenaClient)
const QUERY_ID = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111'

/** ColumnInfo as Athena returns it for a SELECT. */
const column = (name: string, type: string, precision = 0, scale = 0) => ({
  CatalogName: 'hive',
  SchemaName: '',
  TableName: '',
  Name: name,
  Label: name,
  Type: type,
  Precision: precision,
  Scale: scale,
  Nullable: 'UNKNOWN' as const,
  CaseSensitive: type === 'varchar',
})

const row = (...values: (string | undefined)[]) => ({
  Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })),
})

/** GetQueryExecution's answer in a given state, with the statistics of a finished query. */
function execution(state: string, extra: Record<string, unknown> = {}) {
  return {
    QueryExecution: {
      QueryExecutionId: QUERY_ID,
      Query: 'SELECT ...',
      StatementType: 'DML' as const,
      SubstatementType: 'SELECT',
      ResultConfiguration: { OutputLocation: `s3://tunelake-athena-results/${QUERY_ID}.csv` },
      QueryExecutionContext: { Database: 'tunelake', Catalog: 'awsdatacatalog' },
      Status: { State: state as 'SUCCEEDED', SubmissionDateTime: new Date('2026-11-23T06:00:00Z') },
      Statistics: {
        EngineExecutionTimeInMillis: 812,
        DataScannedInBytes: 123_456_789,
        TotalExecutionTimeInMillis: 1024,
        QueryQueueTimeInMillis: 95,
        QueryPlanningTimeInMillis: 150,
        ServiceProcessingTimeInMillis: 17,
        ResultReuseInformation: { ReusedPreviousResult: false },
      },
      WorkGroup: 'analytics',
      EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
      ...extra,
    },
  }
}

const COLUMNS = [
  column('track', 'varchar', 2147483647),
  column('entries', 'bigint', 19),
  column('share_pct', 'double', 17),
  column('explicit', 'boolean'),
  column('released', 'date'),
  column('added_at', 'timestamp', 3),
  column('ratio', 'decimal', 4, 1),
  column('genres', 'array'),
]
const HEADER = row('track', 'entries', 'share_pct', 'explicit', 'released', 'added_at', 'ratio', 'genres')
const dataRow = (i: number) =>
  row(
    `Track ${i}`,
    String(i),
    '12.5',
    i % 2 === 0 ? 'true' : 'false',
    '2026-11-20',
    '2026-11-20 06:00:01.250',
    '33.3',
    '[rock, pop]',
  )

let sleeps: number[]
const engine = (extra: Partial<ConstructorParameters<typeof AthenaEngine>[0]> = {}) =>
  new AthenaEngine({
    client: new AthenaClient({ region: 'eu-west-1' }),
    workgroup: 'analytics',
    database: 'tunelake',
    outputLocation: 's3://tunelake-athena-results/',
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    newToken: () => 'token-0000000000000000000000000001',
    ...extra,
  })

beforeEach(() => {
  athena.reset()
  sleeps = []
})

describe('AthenaEngine', () => {
  it('starts the query in the workgroup with a token and parameters, polls with backoff and pages the results', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID })
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(execution('QUEUED'))
      .resolvesOnce(execution('RUNNING'))
      .resolvesOnce(execution('RUNNING'))
      .resolves(execution('SUCCEEDED'))
    athena
      .on(GetQueryResultsCommand, { QueryExecutionId: QUERY_ID, MaxResults: 1000 })
      .resolves({
        ResultSet: {
          Rows: [HEADER, ...Array.from({ length: 999 }, (_, i) => dataRow(i))],
          ResultSetMetadata: { ColumnInfo: COLUMNS },
        },
        NextToken: 'page-2',
        UpdateCount: 0,
      })
      .on(GetQueryResultsCommand, { QueryExecutionId: QUERY_ID, MaxResults: 1000, NextToken: 'page-2' })
      .resolves({
        ResultSet: {
          Rows: [
            ...Array.from({ length: 999 }, (_, i) => dataRow(999 + i)),
            row(undefined, '1', 'NaN', undefined, undefined, undefined, undefined, '[]'),
          ],
          ResultSetMetadata: { ColumnInfo: COLUMNS },
        },
        UpdateCount: 0,
      })

    const result = await engine().run('SELECT * FROM t WHERE playlist_id = ? AND snapshot_date <= ?', {
      params: ["it's", '2026-11-23'],
      maxRows: 5000,
    })

    const start = athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input
    expect(start).toEqual({
      QueryString: 'SELECT * FROM t WHERE playlist_id = ? AND snapshot_date <= ?',
      WorkGroup: 'analytics',
      QueryExecutionContext: { Database: 'tunelake', Catalog: 'AwsDataCatalog' },
      ClientRequestToken: 'token-0000000000000000000000000001',
      ExecutionParameters: ["'it''s'", "'2026-11-23'"],
      ResultConfiguration: { OutputLocation: 's3://tunelake-athena-results/' },
    })
    expect(sleeps).toEqual([200, 300, 450])
    expect(result.rows).toHaveLength(1999)
    expect(result.rows[0]).toEqual({
      track: 'Track 0',
      entries: 0,
      share_pct: 12.5,
      explicit: true,
      released: '2026-11-20',
      added_at: '2026-11-20 06:00:01.250',
      ratio: 33.3,
      genres: ['rock', 'pop'],
    })
    expect(result.rows[999]?.track).toBe('Track 999')
    expect(result.rows.at(-1)).toEqual({
      track: null,
      entries: 1,
      share_pct: 'NaN',
      explicit: null,
      released: null,
      added_at: null,
      ratio: null,
      genres: [],
    })
    expect(result.columns.map((c) => c.type)).toEqual([
      'varchar',
      'bigint',
      'double',
      'boolean',
      'date',
      'timestamp',
      'decimal(4,1)',
      'array',
    ])
    expect(result.truncated).toBe(false)
    expect(result.stats).toMatchObject({
      engine: 'athena',
      queryId: QUERY_ID,
      bytesScanned: 123_456_789,
      costUsd: athenaCostUsd(123_456_789),
    })
  })

  it('cuts at the row limit without fetching the pages it does not need', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID })
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'))
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        Rows: [HEADER, dataRow(1), dataRow(2), dataRow(3)],
        ResultSetMetadata: { ColumnInfo: COLUMNS },
      },
      NextToken: 'more',
    })
    const result = await engine().run('SELECT * FROM t', { maxRows: 2 })
    expect(result.rows.map((r) => r.track)).toEqual(['Track 1', 'Track 2'])
    expect(result.truncated).toBe(true)
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(1)
  })

  it('reads no header row from a statement that is not DML', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID })
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED', { StatementType: 'UTILITY' }))
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        Rows: [row('{"inputTableColumnInfos": []}')],
        ResultSetMetadata: { ColumnInfo: [column('Query Plan', 'varchar')] },
      },
    })
    const estimate = await engine().explain('SELECT 1 FROM t WHERE d = ?', { params: ['x'] })
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input.QueryString).toBe(
      "EXPLAIN (TYPE IO, FORMAT JSON) SELECT 1 FROM t WHERE d = 'x'",
    )
    expect(estimate.scans).toEqual([])
  })

  it('explains which tables and partitions Athena would read', async () => {
    const plan = {
      inputTableColumnInfos: [
        {
          table: { catalog: 'awsdatacatalog', schemaTable: { schema: 'tunelake', table: 'playlist_tracks' } },
          columnConstraints: [
            {
              columnName: 'snapshot_date',
              type: 'varchar',
              domain: {
                nullsAllowed: false,
                ranges: [
                  {
                    low: { value: '2026-11-21', bound: 'EXACTLY' },
                    high: { value: '2026-11-21', bound: 'EXACTLY' },
                  },
                ],
              },
            },
          ],
          estimate: {
            outputRowCount: 'NaN',
            outputSizeInBytes: 'NaN',
            cpuCost: 'NaN',
            maxMemory: 0,
            networkCost: 0,
          },
        },
      ],
    }
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID })
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED', { StatementType: 'UTILITY' }))
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        Rows: [row(JSON.stringify(plan))],
        ResultSetMetadata: { ColumnInfo: [column('Query Plan', 'varchar')] },
      },
    })
    const estimate = await engine().explain(
      "SELECT * FROM playlist_tracks WHERE snapshot_date = '2026-11-21'",
    )
    expect(estimate.scans).toEqual([
      {
        table: 'playlist_tracks',
        constraints: ['snapshot_date = 2026-11-21'],
        columns: [],
        bytes: undefined,
      },
    ])
    expect(estimate.bytes).toBeUndefined()
    expect(estimate.notes[0]).toMatch(/table statistics/)
  })

  it('sends a start that hit throttling again with the same token', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' })
    athena.on(StartQueryExecutionCommand).rejectsOnce(throttled).resolves({ QueryExecutionId: QUERY_ID })
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'))
    athena
      .on(GetQueryResultsCommand)
      .resolves({ ResultSet: { Rows: [HEADER], ResultSetMetadata: { ColumnInfo: COLUMNS } } })
    let n = 0
    await engine({ newToken: () => `token-${++n}-0000000000000000000000000000` }).run('SELECT 1')
    const tokens = athena
      .commandCalls(StartQueryExecutionCommand)
      .map((c) => c.args[0].input.ClientRequestToken)
    expect(tokens).toEqual(['token-1-0000000000000000000000000000', 'token-1-0000000000000000000000000000'])
  })

  it.each([
    [
      {
        ErrorCategory: 2,
        ErrorType: 1006,
        Retryable: false,
        ErrorMessage: "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved",
      },
      QuerySqlError,
      /^SQL error \(Athena\): COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved; fix the query/,
      false,
    ],
    [
      {
        ErrorCategory: 1,
        ErrorType: 401,
        Retryable: true,
        ErrorMessage: 'Failed to write query results to S3',
      },
      QueryEngineError,
      /Athena failed the query \(Failed to write query results to S3\); it may succeed if you run it again/,
      true,
    ],
    [
      { ErrorCategory: 1, ErrorType: 206, Retryable: false, ErrorMessage: 'Query timeout' },
      QueryTimeoutError,
      /Athena stopped the query at its time limit/,
      false,
    ],
    [
      {
        ErrorCategory: 2,
        ErrorType: 1000,
        Retryable: false,
        ErrorMessage: 'Query exhausted resources at this scale factor',
      },
      QuerySqlError,
      /Query exhausted resources/,
      false,
    ],
  ])('maps a failed query to a clear error (%j)', async (athenaError, type, message, retryable) => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID })
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(execution('RUNNING'))
      .resolves(
        execution('FAILED', {
          Status: { State: 'FAILED', StateChangeReason: athenaError.ErrorMessage, AthenaError: athenaError },
        }),
      )
    const error = await engine()
      .run('SELECT nope FROM t')
      .catch((e) => e)
    expect(error).toBeInstanceOf(type)
    expect(error.message).toMatch(message)
    expect(error.retryable).toBe(retryable)
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0)
  })

  it('says when the workgroup scan limit stopped the query', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID })
    athena.on(GetQueryExecutionCommand).resolves(
      execution('CANCELLED', {
        Status: {
          State: 'CANCELLED',
          StateChangeReason: 'Query cancelled! : Bytes scanned limit was exceeded',
        },
      }),
    )
    await expect(engine().run('SELECT * FROM t')).rejects.toThrow(QueryRefusedError)
  })

  it.each([
    [
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
      QuerySetupError,
      /no AWS credentials found/,
    ],
    [
      Object.assign(
        new Error('User: arn:aws:iam::1:user/x is not authorized to perform: athena:StartQueryExecution'),
        { name: 'AccessDeniedException' },
      ),
      QuerySetupError,
      /AWS denied StartQueryExecution on workgroup analytics/,
    ],
    [
      Object.assign(new Error('WorkGroup analytics is not found.'), { name: 'InvalidRequestException' }),
      QuerySetupError,
      /workgroup analytics does not exist/,
    ],
    [
      Object.assign(new Error("line 1:8: mismatched input 'FORM'"), { name: 'InvalidRequestException' }),
      QuerySqlError,
      /^SQL error \(Athena\): line 1:8: mismatched input 'FORM'/,
    ],
  ])('maps %s from StartQueryExecution', async (thrown, type, message) => {
    athena.on(StartQueryExecutionCommand).rejects(thrown)
    const error = await engine()
      .run('SELECT 1')
      .catch((e) => e)
    expect(error).toBeInstanceOf(type)
    expect(error.message).toMatch(message)
  })

  it('stops the query in Athena when cancelled', async () => {
    const controller = new AbortController()
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID })
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(execution('RUNNING'))
      .callsFake(() => {
        controller.abort()
        return execution('RUNNING')
      })
    athena.on(StopQueryExecutionCommand).resolves({})
    const error = await engine()
      .run('SELECT * FROM t', { signal: controller.signal })
      .catch((e) => e)
    expect(error).toBeInstanceOf(QueryCancelledError)
    expect(athena.commandCalls(StopQueryExecutionCommand)[0]!.args[0].input).toEqual({
      QueryExecutionId: QUERY_ID,
    })
  })

  it('stops the query in Athena at the time limit', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID })
    athena.on(GetQueryExecutionCommand).resolves(execution('RUNNING'))
    athena.on(StopQueryExecutionCommand).resolves({})
    const slow = engine({ timeoutMs: 50, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 20))) })
    const error = await slow.run('SELECT * FROM t').catch((e) => e)
    expect(error).toBeInstanceOf(QueryTimeoutError)
    expect(athena.commandCalls(StopQueryExecutionCommand)).toHaveLength(1)
  })

  it('refuses anything but one SELECT without calling Athena', async () => {
    for (const sql of ['DROP TABLE tracks', 'SELECT 1; SELECT 2', '/* SELECT */ INSERT INTO t VALUES (1)']) {
      await expect(engine().run(sql)).rejects.toThrow(QueryRefusedError)
    }
    expect(athena.calls()).toHaveLength(0)
  })
})
