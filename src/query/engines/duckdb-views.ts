import type { Catalog } from '../../catalog/catalog.js'
import type { GlueTableInput } from '../../catalog/glue-shapes.js'
import { keyOfUri } from '../../lake/lake-uri.js'
import { listAll, type ObjectStore } from '../../lake/object-store.js'
import { sqlString } from '../../lake/parquet/duckdb-session.js'
import { QueryError } from '../errors.js'
import { duckDbType } from './glue-to-duckdb.js'

/** One catalog table as the local engine reads it: its partitions and their Parquet files. */
export interface LakeTable {
  name: string
  table: GlueTableInput
  partitionKeys: string[]
  partitions: { values: string[]; files: string[] }[]
}

/**
 * The catalog's tables with the local files of each partition: the files Athena would read
 * (every object under the partition's location, except names starting with `_` or `.`).
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
    const partitions: LakeTable['partitions'] = []
    for (const partition of entry.partitions) {
      const prefix = keyOfUri(store, partition.StorageDescriptor.Location)
      if (prefix === undefined) continue
      const files: string[] = []
      for (const object of await listAll(store, prefix)) {
        const base = object.key.slice(object.key.lastIndexOf('/') + 1)
        if (base.startsWith('_') || base.startsWith('.')) continue
        files.push(localPath(object.key))
      }
      partitions.push({ values: partition.Values, files })
    }
    tables.push({
      name,
      table: entry.table,
      partitionKeys: entry.table.PartitionKeys.map((k) => k.Name),
      partitions,
    })
  }
  return tables
}

/**
 * The SELECT behind a table's view: its files read as Athena reads them (partition keys from
 * `key=value` folders as strings, columns matched by name across files). `parquet_scan` is the
 * same reader under another name; the explain step uses it to tell tables apart in a plan.
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
  return `SELECT * FROM ${reader}([${list}], hive_partitioning = true, hive_types_autocast = false, union_by_name = true)`
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}
