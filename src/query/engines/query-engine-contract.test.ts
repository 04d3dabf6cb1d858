import { AthenaClient } from '@aws-sdk/client-athena'
import { queryEngineContract } from '../../../test/contracts/query-engine-contract.js'
import { AthenaFake } from '../../../test/support/athena-fake.js'
import { AthenaEngine } from './athena.js'
import { DuckDbEngine } from './duckdb.js'

queryEngineContract('DuckDB over the lake folder', (lake, limits) =>
  DuckDbEngine.open({ ...lake, ...limits }),
)

queryEngineContract(
  'Athena (stateful fake of the Athena API)',
  async (lake, limits) => {
    // The fake evaluates the SQL on DuckDB over the same lake, with no limits of its own.
    const backend = await DuckDbEngine.open({ ...lake, timeoutMs: 60_000 })
    const client = new AthenaClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'k', secretAccessKey: 's' },
    })
    new AthenaFake(backend).install(client)
    const engine = new AthenaEngine({
      client,
      workgroup: 'tunelake',
      database: lake.database,
      outputLocation: 's3://tunelake-athena-results/',
      poll: { firstMs: 5, factor: 1.5, maxMs: 50 },
      ...limits,
    })
    const close = engine.close.bind(engine)
    engine.close = async () => {
      await close()
      await backend.close()
    }
    return engine
  },
  {
    unsupported: [
      {
        case: 'types array elements and names them in the column type',
        reason: "Athena's result metadata types an array column `array`, without its element type",
        fails: /expected \[ { name: 'xs', type: 'array' } \] to deeply equal/,
      },
      {
        case: 'explains which partitions a filter reads, and their bytes',
        reason:
          'EXPLAIN (TYPE IO) gives the filter on the partition key, not the partitions, and sizes only from table statistics',
        fails: /expected undefined to deeply equal \[ 'snapshot_date=2026-11-21' \]/,
      },
    ],
  },
)
