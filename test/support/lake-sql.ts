import { LocalCatalog } from '../../src/catalog/catalogs/local.js'
import { FsObjectStore } from '../../src/lake/stores/fs.js'
import { DuckDbEngine } from '../../src/query/engines/duckdb.js'
import type { QueryValue } from '../../src/query/query-engine.js'

/** Opens the lake's query engine, runs `use`, closes it. */
export async function withLakeSql<T>(
  dir: string,
  use: (sql: (query: string) => Promise<Record<string, QueryValue>[]>) => Promise<T>,
): Promise<T> {
  const store = new FsObjectStore(dir)
  const engine = await DuckDbEngine.open({
    store,
    catalog: new LocalCatalog(store),
    database: 'tunelake',
    maxRows: 1_000_000,
  })
  try {
    return await use(async (query) => (await engine.run(query)).rows)
  } finally {
    await engine.close()
  }
}
