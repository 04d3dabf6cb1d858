import pLimit from 'p-limit'
import { systemClock } from '../clock.js'
import { parseLakeLocation } from '../lake/lake-location.js'
import { keyOfUri, lakeUri } from '../lake/lake-uri.js'
import type { ObjectStore } from '../lake/object-store.js'
import type { Catalog, CatalogTable } from './catalog.js'
import { classifyFile } from './classify.js'
import { tableDocuments } from './crawl-documents.js'
import { type CrawlerOptions, type CrawlReport, emptyReport } from './crawl-options.js'
import { type PlannedFile, planTables } from './crawl-plan.js'
import { addNewFolders, createdTable, deprecatedTable, updatedTable } from './crawl-updates.js'
import { CatalogError, CrawlConfigError } from './errors.js'

export type { CrawlerOptions, CrawlReport } from './crawl-options.js'

/**
 * Crawls the lake's `transformed/` folder (or another include path) into Glue table
 * definitions, as a Glue crawler with `CombineCompatibleSchemas` grouping does, deterministically:
 *
 * - every file is classified by its content (Parquet footer, JSON, CSV with Glue's header rule;
 *   gzip unpacked), hidden (`_`, `.`) and empty files are left out, unknown ones reported;
 * - the folders at the table level (`tableLevel`, default right under the include path) are
 *   tables; the folders below them partitions (`key=value` -> string key `key`, others
 *   `partition_<i>`); the schemas of all files of a table are combined, types widened by the lattice;
 * - `updateBehavior` says whether changes to existing tables are applied or only reported,
 *   `deleteBehavior` what becomes of tables and partitions whose data is gone (deprecated: the
 *   table gets `DEPRECATED_BY_CRAWLER` and the partitions go), and `CRAWL_NEW_FOLDERS_ONLY` reads
 *   only folders the catalog does not know yet, adding them as partitions when their schema fits
 *   (after a first full crawl; it forces both behaviours to `LOG`, as Glue does).
 *
 * Everything is read and checked before anything is written, so a corrupt file or an unreadable
 * catalog document stops the crawl with the catalog as it was.
 */
export async function crawl(
  store: ObjectStore,
  catalog: Catalog,
  database: string,
  options: CrawlerOptions = {},
): Promise<CrawlReport> {
  const crawler = options.crawlerName ?? 'tunelake'
  const includePath = options.includePath ?? 'transformed/'
  const now = new Date((options.clock ?? systemClock).now())
  const report = emptyReport()
  options.onProgress?.({ stage: 'crawl', done: 0, unit: 'tables' })
  const tableDepth = tableDepthOf(store, includePath, options.tableLevel)

  const existing = new Map<string, CatalogTable>()
  for (const name of await catalog.listTables(database)) {
    const table = await catalog.getTable(database, name)
    if (table) existing.set(name, table)
  }
  const owned = [...existing.values()].filter((t) => t.table.Parameters?.UPDATED_BY_CRAWLER === crawler)
  const incremental = options.recrawlBehavior === 'CRAWL_NEW_FOLDERS_ONLY' && owned.length > 0
  const update = incremental ? 'LOG' : (options.updateBehavior ?? 'UPDATE_IN_DATABASE')
  const remove = incremental ? 'LOG' : (options.deleteBehavior ?? 'DEPRECATE_IN_DATABASE')

  const known = incremental ? knownFolders(store, owned) : new Set<string>()
  const files = await classifiedFiles(store, includePath, known, report)
  const { tables, skipped } = planTables(files, tableDepth)
  report.skipped.push(...skipped)
  report.skipped.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))

  /** The table's next definition, or undefined when it stays as it is (noted in the report). */
  const settledTable = (planned: (typeof tables)[number]): CatalogTable | undefined => {
    const scanned = tableDocuments(planned, (key) => lakeUri(store, key), crawler)
    const before = existing.get(planned.name)
    if (before && before.table.Parameters?.UPDATED_BY_CRAWLER !== crawler) {
      report.logged.push(
        `${planned.name}: a table of that name exists and was not made by crawler ${crawler}; left alone`,
      )
      return undefined
    }
    if (!before && incremental) {
      report.logged.push(
        `${planned.root}: new table folder not added (new-folders-only crawls add partitions to known tables)`,
      )
      return undefined
    }
    return !before
      ? createdTable(scanned, now, report)
      : incremental
        ? addNewFolders(before, scanned, report)
        : updatedTable(before, scanned, update, remove, now, report)
  }
  const writes: CatalogTable[] = []
  const deletes: string[] = []
  for (const [i, planned] of tables.entries()) {
    const next = settledTable(planned)
    if (next) writes.push(next)
    options.onProgress?.({ stage: 'crawl', done: i + 1, total: tables.length, unit: 'tables' })
  }
  if (!incremental) {
    const found = new Set(tables.map((t) => t.name))
    for (const table of owned) {
      const root = keyOfUri(store, table.table.StorageDescriptor.Location)
      if (found.has(table.table.Name) || root === undefined || !root.startsWith(includePath)) continue
      if (remove === 'LOG') {
        report.logged.push(`${table.table.Name}: no data under ${root} any more; kept (DeleteBehavior LOG)`)
      } else if (remove === 'DELETE_FROM_DATABASE') {
        deletes.push(table.table.Name)
        report.tablesDeleted.push(table.table.Name)
      } else {
        const deprecated = deprecatedTable(table, root, now)
        if (deprecated) {
          writes.push(deprecated)
          report.tablesDeprecated.push(table.table.Name)
        }
      }
    }
  }
  if (deletes.length > 0 && !catalog.deleteTable) {
    throw new CatalogError('this catalog cannot delete tables; crawl with --delete-behavior deprecate or log')
  }
  for (const table of writes) await catalog.putTable(database, table)
  for (const name of deletes) await catalog.deleteTable!(database, name)
  return report
}

/** The table level as a number of lake folders (the S3 key prefix does not count). */
function tableDepthOf(store: ObjectStore, includePath: string, tableLevel: number | undefined): number {
  const location = parseLakeLocation(store.remoteLocation ?? store.location)
  const prefixDepth = location.kind === 's3' ? location.prefix.split('/').filter(Boolean).length : 0
  const includeDepth = includePath.split('/').filter(Boolean).length
  const level = tableLevel ?? prefixDepth + includeDepth + 1
  if (!Number.isInteger(level) || level - prefixDepth < includeDepth) {
    throw new CrawlConfigError(
      `table level ${tableLevel} is above the include path ${includePath} (level ${prefixDepth + includeDepth} in ${store.location}); choose ${prefixDepth + includeDepth} or more`,
    )
  }
  return level - prefixDepth
}

/** The folders (partitions, and unpartitioned tables) the catalog already knows. */
function knownFolders(store: ObjectStore, tables: readonly CatalogTable[]): Set<string> {
  const folders = new Set<string>()
  for (const table of tables) {
    const locations = [
      table.table.StorageDescriptor.Location,
      ...table.partitions.map((p) => p.StorageDescriptor.Location),
    ]
    for (const location of locations) {
      const key = keyOfUri(store, location)
      if (key !== undefined) folders.add(key)
    }
  }
  return folders
}

async function classifiedFiles(
  store: ObjectStore,
  includePath: string,
  known: ReadonlySet<string>,
  report: CrawlReport,
): Promise<PlannedFile[]> {
  const limit = pLimit(8)
  const work: Promise<PlannedFile | undefined>[] = []
  for await (const info of store.list(includePath)) {
    const parts = info.key.slice(includePath.length).split('/')
    if (parts.some((part) => part.startsWith('_') || part.startsWith('.'))) continue
    if (known.has(info.key.slice(0, info.key.lastIndexOf('/') + 1))) continue
    if (info.size === 0) {
      report.skipped.push({ key: info.key, reason: 'empty file' })
      continue
    }
    const next = limit(async () => {
      const classified = await classifyFile(
        info.key,
        await store.get(info.key),
        `${store.location}/${info.key}`,
      )
      if ('unknown' in classified) {
        report.skipped.push({ key: info.key, reason: classified.unknown })
        return undefined
      }
      return { info, classified }
    })
    next.catch(() => {}) // a failure is rethrown by Promise.all below; the listing goes on meanwhile
    work.push(next)
  }
  return (await Promise.all(work)).filter((f): f is PlannedFile => f !== undefined)
}
