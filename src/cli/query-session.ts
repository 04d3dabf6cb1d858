import { DuckDbEngine } from '../query/engines/duckdb.js'
import type { QueryEngine } from '../query/query-engine.js'
import { ArgumentError } from './fail.js'
import { openLake } from './lake.js'

/** The local engine over a lake's catalog; says what to do when the lake has no tables yet. */
export async function openQueryEngine(lake: string | undefined, database: string): Promise<QueryEngine> {
  const { store, catalog } = openLake(lake)
  if ((await catalog.listTables(database)).length === 0) {
    throw new ArgumentError(
      `the lake at ${store.location} has no catalog tables in database ${database}; run tunelake demo, or tunelake run then tunelake crawl`,
    )
  }
  return DuckDbEngine.open({ store, catalog, database })
}
