import type { Clock } from '../clock.js'
import type { OnProgress } from '../observability/progress.js'

/**
 * The crawler's settings, named as in Glue's `CreateCrawler` API.
 *
 * @example
 * await crawl(store, catalog, 'tunelake', { updateBehavior: 'LOG', recrawlBehavior: 'CRAWL_NEW_FOLDERS_ONLY' })
 */
export interface CrawlerOptions {
  /** Recorded as `UPDATED_BY_CRAWLER`; tables with another value are never touched. Default `tunelake`. */
  crawlerName?: string
  /** The S3 target's path inside the lake, a folder. Default `transformed/`. */
  includePath?: string
  /**
   * `Grouping.TableLevelConfiguration`: the folder level of the tables, counted from the bucket
   * (the top-level folder is 1; a lake's key prefix counts). Default: the level right under the
   * include path.
   */
  tableLevel?: number
  /** `SchemaChangePolicy.UpdateBehavior`. Default `UPDATE_IN_DATABASE`. */
  updateBehavior?: 'UPDATE_IN_DATABASE' | 'LOG'
  /** `SchemaChangePolicy.DeleteBehavior`. Default `DEPRECATE_IN_DATABASE`. */
  deleteBehavior?: 'DEPRECATE_IN_DATABASE' | 'DELETE_FROM_DATABASE' | 'LOG'
  /** `RecrawlPolicy.RecrawlBehavior`. Default `CRAWL_EVERYTHING`. */
  recrawlBehavior?: 'CRAWL_EVERYTHING' | 'CRAWL_NEW_FOLDERS_ONLY'
  /** The clock (deprecation stamps, history); default the system's. */
  clock?: Clock
  /**
   * Progress (not a Glue setting): stage `crawl` at 0 tables when the crawl starts, then `done`
   * of `total` tables as each table found is settled (its definition built and compared).
   */
  onProgress?: OnProgress
}

/** What a crawl did (and, under `LOG`, what it would have done), as the CLI prints it. */
export interface CrawlReport {
  tablesCreated: string[]
  tablesUpdated: string[]
  tablesDeprecated: string[]
  tablesDeleted: string[]
  partitionsAdded: number
  partitionsUpdated: number
  partitionsDeleted: number
  /** `table.column type` */
  columnsAdded: string[]
  /** `table.column from -> to`, by the widening lattice. */
  columnsWidened: string[]
  /** `table.column type` no file has any more, and `table.column from -> to` changed otherwise. */
  columnsRemoved: string[]
  columnsChanged: string[]
  /** Changes the policy (LOG, new-folders-only) left undone, one line each. */
  logged: string[]
  /** Files not crawled, with why. */
  skipped: { key: string; reason: string }[]
}

export function emptyReport(): CrawlReport {
  return {
    tablesCreated: [],
    tablesUpdated: [],
    tablesDeprecated: [],
    tablesDeleted: [],
    partitionsAdded: 0,
    partitionsUpdated: 0,
    partitionsDeleted: 0,
    columnsAdded: [],
    columnsWidened: [],
    columnsRemoved: [],
    columnsChanged: [],
    logged: [],
    skipped: [],
  }
}
