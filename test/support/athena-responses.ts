/**
 * The Athena engine tests' shared mock of the Athena client, and builders for responses shaped like
 * the ones Athena really returns. Not a test file: athena-results.test.ts and athena-failures.test.ts
 * import it, and each calls resetAthena() before every test.
 */
import { AthenaClient } from '@aws-sdk/client-athena'
import { mockClient } from 'aws-sdk-client-mock'
import { AthenaEngine } from '../../src/query/engines/athena.js'

export const athena = mockClient(AthenaClient)
export const QUERY_ID = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111'

/** ColumnInfo as Athena returns it for a SELECT. */
export const column = (name: string, type: string, precision = 0, scale = 0) => ({
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

export const row = (...values: (string | undefined)[]) => ({
  Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })),
})

/** GetQueryExecution's answer in a given state, with the statistics of a finished query. */
export function execution(state: string, extra: Record<string, unknown> = {}) {
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

export const COLUMNS = [
  column('track', 'varchar', 2147483647),
  column('entries', 'bigint', 19),
  column('share_pct', 'double', 17),
  column('explicit', 'boolean'),
  column('released', 'date'),
  column('added_at', 'timestamp', 3),
  column('ratio', 'decimal', 4, 1),
  column('genres', 'array'),
]
export const HEADER = row(
  'track',
  'entries',
  'share_pct',
  'explicit',
  'released',
  'added_at',
  'ratio',
  'genres',
)
export const dataRow = (i: number) =>
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

/** The waits the engine asked for, in order; engine()'s sleep records them and returns at once. */
export const sleeps: number[] = []
export const engine = (extra: Partial<ConstructorParameters<typeof AthenaEngine>[0]> = {}) =>
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

/** Forgets every mocked answer and recorded call, and every recorded sleep. */
export function resetAthena(): void {
  athena.reset()
  sleeps.length = 0
}
