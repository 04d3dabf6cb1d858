import type { Catalog, CatalogTable } from '../catalog/catalog.js'

/**
 * The catalog, read at most once per `ttlMs` (default 1 s): a page load asks the API several
 * questions at once, and each would otherwise re-read every catalog document. Read-only.
 */
export class CachedCatalog implements Catalog {
  readonly #lists = new Map<string, { at: number; value: Promise<string[]> }>()
  readonly #tables = new Map<string, { at: number; value: Promise<CatalogTable | undefined> }>()

  constructor(
    private readonly catalog: Catalog,
    private readonly ttlMs = 1_000,
  ) {}

  listTables(database: string): Promise<string[]> {
    return this.#cached(this.#lists, database, () => this.catalog.listTables(database))
  }

  getTable(database: string, name: string): Promise<CatalogTable | undefined> {
    return this.#cached(this.#tables, `${database}/${name}`, () => this.catalog.getTable(database, name))
  }

  putTable(): Promise<void> {
    return Promise.reject(new Error('the dashboard reads the catalog; it never writes it'))
  }

  #cached<T>(
    cache: Map<string, { at: number; value: Promise<T> }>,
    key: string,
    load: () => Promise<T>,
  ): Promise<T> {
    const now = Date.now()
    const hit = cache.get(key)
    if (hit && now - hit.at < this.ttlMs) return hit.value
    const value = load()
    cache.set(key, { at: now, value })
    value.catch(() => cache.delete(key))
    return value
  }
}
