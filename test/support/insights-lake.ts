import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { LocalCatalog } from '../../src/catalog/catalogs/local.js'
import { PLAYLIST_IDS } from '../../src/emulator/index.js'
import { loadInsight } from '../../src/insights/insights.js'
import { runInsight } from '../../src/insights/run-insight.js'
import { FsObjectStore } from '../../src/lake/stores/fs.js'
import { runDemo } from '../../src/pipeline/run-demo.js'
import { DuckDbEngine } from '../../src/query/engines/duckdb.js'
import type { QueryRow } from '../../src/query/query-engine.js'

/** The days the insights' demo lake holds, and the playlist most insights are asked about. */
export const DAYS = ['2026-03-01', '2026-03-02', '2026-03-03']
export const LAST = DAYS.at(-1)!
export const PREVIOUS = DAYS.at(-2)!
export const CHART = PLAYLIST_IDS.chart

/** A demo lake in a fresh temp folder, built in the given mode over the given days. */
export async function demoLake(mode: 'extended' | 'development', days: string[]): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `tunelake-insights-${mode}-`))
  const store = new FsObjectStore(dir)
  await runDemo({ store, catalog: new LocalCatalog(store), database: 'tunelake', mode, days })
  return dir
}

/** The local engine on a demo lake's folder. */
export async function openDemoLake(dir: string): Promise<DuckDbEngine> {
  const store = new FsObjectStore(dir)
  return DuckDbEngine.open({ store, catalog: new LocalCatalog(store), database: 'tunelake' })
}

/** The rows a named insight gives on an engine. */
export async function insightRows(
  engine: DuckDbEngine,
  name: string,
  values: Record<string, string>,
): Promise<QueryRow[]> {
  return (await runInsight(engine, await loadInsight(name), values)).result.rows
}
