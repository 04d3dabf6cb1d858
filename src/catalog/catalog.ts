import type { GluePartitionInput, GlueTableInput } from './glue-shapes.js'

/** A table as the catalog keeps it: the Glue definition, its partitions, and its schema history. */
export interface CatalogTable {
  /** Bumped on every change of the table's definition (columns, partition keys, deprecation). */
  version: number
  table: GlueTableInput
  partitions: GluePartitionInput[]
  history: { version: number; at: string; changes: string[] }[]
}

/**
 * The catalog port: one adapter writes local JSON documents, another the Glue Data Catalog.
 *
 * @example
 * const catalog = new LocalCatalog(store)
 * const tracks = await catalog.getTable('tunelake', 'tracks')
 */
export interface Catalog {
  listTables(database: string): Promise<string[]>
  getTable(database: string, name: string): Promise<CatalogTable | undefined>
  /** Writes the table and its partitions (partitions not listed are dropped). */
  putTable(database: string, table: CatalogTable): Promise<void>
  /** Drops a table and its partitions (the crawler's `DELETE_FROM_DATABASE`); read-only adapters lack it. */
  deleteTable?(database: string, name: string): Promise<void>
}
