import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  athena,
  COLUMNS,
  engine,
  execution,
  HEADER,
  QUERY_ID,
  resetAthena,
} from '../../../test/support/athena-responses.js'
import {
  QueryCancelledError,
  QueryEngineError,
  QueryRefusedError,
  QuerySetupError,
  QuerySqlError,
  QueryTimeoutError,
} from '../errors.js'

beforeEach(resetAthena)

describe('AthenaEngine', () => {
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
