import type { Dirent } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import type { Catalog } from '../../catalog/catalog.js'
import { CatalogLocationOutsideLakeError } from '../../catalog/errors.js'
import type { GlueTableInput } from '../../catalog/glue-shapes.js'
import { keyOfUri } from '../../lake/lake-uri.js'
import type { ObjectStore } from '../../lake/object-store.js'
import { quoteIdent, sqlString } from '../../sql-quote.js'
import { QueryError } from '../errors.js'
import { duckDbType } from './glue-to-duckdb.js'

/** One catalog table as the local engine reads it: its partitions and their Parquet files. */
export interface LakeTable {
  name: string
  table: GlueTableInput
  partitionKeys: string[]
  partitions: { values: string[]; files: string[] }[]
  /** Total size of the files. */
  bytes: number
  /**
   * True when every partition has the table's columns in one file: files can then be read
   * without unifying their schemas by name, which costs a third of a scan's time.
   */
  uniform: boolean
}

/**
 * The catalog's tables with the local files of each partition: the files Athena would read
 * (every object under the partition's location, except names starting with `_` or `.`).
 * A lake folder is walked directly (one walk per table location; partitions outside it on their
 * own) rather than listed through the store, which hashes every file for its eTag; a local
 * mirror of a remote lake is listed through the mirror, which brings the copies up to date.
 */
export async function lakeTables(
  store: ObjectStore,
  catalog: Catalog,
  database: string,
): Promise<LakeTable[]> {
  const localPath = store.localPath?.bind(store)
  if (!localPath) {
    throw new QueryError(`the local engine reads a lake folder; ${store.location} is not one`)
  }
  const tables: LakeTable[] = []
  for (const name of await catalog.listTables(database)) {
    const entry = await catalog.getTable(database, name)
    if (!entry) continue
    const tablePrefix = lakeFolder(store, name, entry.table.StorageDescriptor.Location)
    const listed = byKey(await filesUnder(store, localPath, tablePrefix))
    const columns = JSON.stringify(entry.table.StorageDescriptor.Columns)
    const partitions: LakeTable['partitions'] = []
    let uniform = true
    let bytes = 0
    for (const partition of entry.partitions) {
      uniform &&= JSON.stringify(partition.StorageDescriptor.Columns) === columns
      const prefix = lakeFolder(store, name, partition.StorageDescriptor.Location)
      const objects = prefix.startsWith(tablePrefix)
        ? keysUnder(listed, prefix)
        : await filesUnder(store, localPath, prefix)
      const files: string[] = []
      for (const object of objects) {
        files.push(object.file)
        bytes += object.size
      }
      uniform &&= files.length <= 1
      partitions.push({ values: partition.Values, files })
    }
    const partitionKeys = entry.table.PartitionKeys.map((k) => k.Name)
    tables.push({ name, table: entry.table, partitionKeys, partitions, bytes, uniform })
  }
  return tables
}

type LakeFile = { key: string; file: string; size: number }

/** The files under a folder of the lake, by key, leaving out hidden (`_`, `.`) and half-written ones. */
async function filesUnder(
  store: ObjectStore,
  localPath: (key: string) => string,
  prefix: string,
): Promise<LakeFile[]> {
  if (store.remoteLocation === undefined) return walkFolder(localPath, prefix)
  const out: LakeFile[] = []
  for await (const object of store.list(prefix)) {
    if (object.key.slice(prefix.length).split('/').some(isHidden)) continue
    out.push({ key: object.key, file: localPath(object.key), size: object.size })
  }
  return out
}

function isHidden(name: string): boolean {
  return name.startsWith('_') || name.startsWith('.') || name.includes('.tmp-')
}

async function walkFolder(localPath: (key: string) => string, prefix: string): Promise<LakeFile[]> {
  const walk = async (key: string): Promise<LakeFile[]> => {
    let entries: Dirent[]
    try {
      entries = await readdir(localPath(key.replace(/\/$/, '')), { withFileTypes: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    }
    const visible = entries.filter((e) => !isHidden(e.name)).sort((a, b) => (a.name < b.name ? -1 : 1))
    // Siblings at once: a year of daily partitions is thousands of folders and files, and
    // listed one by one they took most of the engine's start (~0.4 s of 0.6 s).
    const nested = await Promise.all(
      visible.map(async (entry): Promise<LakeFile[]> => {
        const child = `${key}${entry.name}`
        if (entry.isDirectory()) return walk(`${child}/`)
        if (!entry.isFile()) return []
        const file = localPath(child)
        return [{ key: child, file, size: (await stat(file)).size }]
      }),
    )
    return nested.flat()
  }
  return walk(prefix)
}

function byKey(files: LakeFile[]): LakeFile[] {
  return files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

/**
 * The files of `sorted` (in key order) whose keys start with `prefix`: one contiguous run, found
 * by binary search, since filtering the table's whole listing for each of its partitions grows
 * with the square of the days (a year: ~0.1 s of the engine's start).
 */
function keysUnder(sorted: LakeFile[], prefix: string): LakeFile[] {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (sorted[mid]!.key < prefix) low = mid + 1
    else high = mid
  }
  let end = low
  while (end < sorted.length && sorted[end]!.key.startsWith(prefix)) end++
  return sorted.slice(low, end)
}

/**
 * The lake key of a table's or partition's folder, with its trailing slash (so `day=1/` never
 * matches `day=10/`). A location outside the lake is refused: read as an empty folder it would
 * answer 0 rows for a lake copied or moved with an older catalog of absolute locations.
 */
function lakeFolder(store: ObjectStore, table: string, location: string): string {
  const key = keyOfUri(store, location)
  if (key === undefined) {
    const lake = store.remoteLocation ?? store.location
    throw new CatalogLocationOutsideLakeError(
      `the catalog's table ${table} points to ${location}, outside this lake (${lake}): the lake was copied or moved with a catalog that kept absolute locations; run tunelake crawl --lake ${lake} to point the catalog at it`,
    )
  }
  return key === '' || key.endsWith('/') ? key : `${key}/`
}

/**
 * The SELECT behind a table's view: its files read as Athena reads them (partition keys from
 * `key=value` folders as strings, columns matched by name across files whose schemas differ).
 * `parquet_scan` is the same reader under another name; the explain step uses it to tell
 * tables apart in a plan.
 */
export function viewSelect(
  table: LakeTable,
  reader: 'read_parquet' | 'parquet_scan' = 'read_parquet',
): string {
  const files = table.partitions.flatMap((p) => p.files)
  if (files.length === 0) {
    const columns = [
      ...table.table.StorageDescriptor.Columns.map(
        (c) => `CAST(NULL AS ${duckDbType(c.Type)}) AS ${quoteIdent(c.Name)}`,
      ),
      ...table.partitionKeys.map((k) => `CAST(NULL AS VARCHAR) AS ${quoteIdent(k)}`),
    ]
    return `SELECT ${columns.join(', ')} WHERE false`
  }
  const list = files.map(sqlString).join(', ')
  const byName = table.uniform ? '' : ', union_by_name = true'
  return `SELECT * FROM ${reader}([${list}], hive_partitioning = true, hive_types_autocast = false${byName})`
}
