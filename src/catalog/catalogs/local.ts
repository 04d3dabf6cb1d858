import { lakeRelativeLocation, resolveLakeLocation } from '../../lake/lake-uri.js'
import { CATALOG_PREFIX, catalogKey } from '../../lake/layout.js'
import { getText, listAll, type ObjectStore, putJson } from '../../lake/object-store.js'
import type { Catalog, CatalogTable } from '../catalog.js'
import { CatalogDocumentInvalidError } from '../errors.js'

/**
 * The catalog as JSON documents in the lake, `_catalog/<database>/<table>.json`, written
 * atomically. Locations inside the lake are kept relative to it and resolved against the lake
 * they are read from, so a lake moved, copied or synced to S3 and back keeps its tables.
 */
export class LocalCatalog implements Catalog {
  constructor(private readonly store: ObjectStore) {}

  async listTables(database: string): Promise<string[]> {
    const prefix = `${CATALOG_PREFIX}${database}/`
    const objects = await listAll(this.store, prefix)
    return objects
      .map((o) => o.key.slice(prefix.length))
      .filter((name) => name.endsWith('.json') && !name.includes('/'))
      .map((name) => name.slice(0, -'.json'.length))
  }

  async getTable(database: string, name: string): Promise<CatalogTable | undefined> {
    const key = catalogKey(database, name)
    if (!(await this.store.head(key))) return undefined
    const text = await getText(this.store, key)
    try {
      const doc = JSON.parse(text) as CatalogTable
      if (
        typeof doc.version !== 'number' ||
        !doc.table?.StorageDescriptor ||
        !Array.isArray(doc.partitions)
      ) {
        throw new Error('missing version, table or partitions')
      }
      return withLocations(doc, (location) => resolveLakeLocation(this.store, location))
    } catch (error) {
      throw new CatalogDocumentInvalidError(
        `catalog document ${key} in ${this.store.location} is invalid (${(error as Error).message}); delete it and run tunelake crawl to rebuild it`,
      )
    }
  }

  async putTable(database: string, table: CatalogTable): Promise<void> {
    const stored = withLocations(table, (location) => lakeRelativeLocation(this.store, location))
    await putJson(this.store, catalogKey(database, table.table.Name), stored)
  }

  async deleteTable(database: string, name: string): Promise<void> {
    await this.store.delete(catalogKey(database, name))
  }
}

/** The table with the location of its storage descriptor and of each partition's mapped. */
function withLocations(doc: CatalogTable, map: (location: string) => string): CatalogTable {
  const sd = doc.table.StorageDescriptor
  return {
    ...doc,
    table: { ...doc.table, StorageDescriptor: { ...sd, Location: map(sd.Location) } },
    partitions: doc.partitions.map((p) => ({
      ...p,
      StorageDescriptor: { ...p.StorageDescriptor, Location: map(p.StorageDescriptor.Location) },
    })),
  }
}
