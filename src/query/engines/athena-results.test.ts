import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  athena,
  COLUMNS,
  column,
  dataRow,
  engine,
  execution,
  HEADER,
  QUERY_ID,
  resetAthena,
  row,
  sleeps,
} from '../../../test/support/athena-responses.js'
import { athenaCostUsd } from '../athena-cost.js'

beforeEach(resetAthena)

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
      'timestamp(3)',
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
})
