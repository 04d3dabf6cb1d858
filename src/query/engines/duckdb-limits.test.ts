import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EscapeLake, escapeLake } from '../../../test/support/escape-lake.js'
import { QueryLimitError } from '../errors.js'
import type { QueryLimits } from '../query-limits.js'
import { DuckDbEngine } from './duckdb.js'

let paths: EscapeLake
const engines: DuckDbEngine[] = []

async function engineWith(limits: Partial<QueryLimits>) {
  const engine = await DuckDbEngine.open({
    store: paths.store,
    catalog: paths.catalog,
    database: 'tunelake',
    limits,
  })
  engines.push(engine)
  return engine
}

beforeAll(async () => {
  paths = await escapeLake()
})

afterAll(async () => {
  for (const engine of engines) await engine.close()
})

describe("the local engine's limits", () => {
  it('stops a query that needs more memory than its limit, naming the limit and how to raise it', async () => {
    const engine = await engineWith({ memoryMb: 64, tempSpaceMb: 0 })
    const error = await engine
      .run(
        'SELECT array_agg(a.x) AS xs FROM UNNEST(sequence(1, 10000)) a(x) CROSS JOIN UNNEST(sequence(1, 3000)) b(y)',
      )
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(QueryLimitError)
    expect((error as Error).message).toMatch(
      /^the query needed more than the 64 MB memory limit; filter on snapshot_date, aggregate, or raise it with --memory-limit-mb or query_limits\.memory_mb in the config file$/,
    )
  })

  it('spills what does not fit in memory, up to the temp space limit', async () => {
    const sorted =
      "SELECT count(*) AS n FROM (SELECT lpad(CAST(a.x * 1000 + b.y AS varchar), 120, 'x') AS s FROM UNNEST(sequence(1, 800)) a(x) CROSS JOIN UNNEST(sequence(1, 1000)) b(y) ORDER BY s)"
    const spilling = await engineWith({ memoryMb: 64, tempSpaceMb: 1024 })
    expect((await spilling.run(sorted)).rows).toEqual([{ n: 800_000 }])
    const cramped = await engineWith({ memoryMb: 64, tempSpaceMb: 8 })
    const error = await cramped.run(sorted).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(QueryLimitError)
    expect((error as Error).message).toMatch(
      /^the query needed more than the 8 MB temp space limit \(it spills there when its 64 MB of memory are full\); .* raise it with --temp-limit-mb or query_limits\.temp_mb in the config file$/,
    )
  })

  it('fails a result larger than the result size limit instead of holding it, and says after how many rows', async () => {
    const engine = await engineWith({ resultMb: 1 })
    const error = await engine
      .run("SELECT lpad('x', 30000, 'x') AS x FROM UNNEST(sequence(1, 1000))")
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(QueryLimitError)
    expect((error as Error).message).toMatch(
      /^the result is over the 1 MB result size limit after 33 rows; select fewer or shorter columns, add a LIMIT, or raise it with --result-limit-mb or query_limits\.result_mb in the config file$/,
    )
    expect(
      (await engine.run("SELECT lpad('x', 30000, 'x') AS x FROM UNNEST(sequence(1, 30))")).rows,
    ).toHaveLength(30)
  })
})
