import type { Catalog } from '../catalog/catalog.js'
import type { ObjectStore } from '../lake/object-store.js'
import type { RunRecords } from './run-records.js'
import type { SharedEngine } from './shared-engine.js'

/** What every API handler reads: the lake, its catalog, the shared engine and the run records. */
export interface DashboardContext {
  store: ObjectStore
  catalog: Catalog
  database: string
  engine: SharedEngine
  runs: RunRecords
}
