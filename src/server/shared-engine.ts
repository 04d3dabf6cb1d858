import type { Catalog } from '../catalog/catalog.js'
import { CATALOG_PREFIX } from '../lake/layout.js'
import { listAll, type ObjectStore } from '../lake/object-store.js'
import type { QueryEngine } from '../query/query-engine.js'

export interface SharedEngineOptions {
  store: ObjectStore
  catalog: Catalog
  database: string
  open: () => Promise<QueryEngine>
  /** How long a check of the catalog stays good, in ms (default 2,000). */
  recheckMs?: number
}

/**
 * One query engine for all requests: queries run one at a time, and the engine is reopened when
 * the catalog changed (a run or crawl landed new partitions), so the page shows what the lake holds.
 */
export class SharedEngine {
  #engine: QueryEngine | undefined
  #signature = ''
  #checkedAt = 0
  #queue: Promise<unknown> = Promise.resolve()
  /** Answers that hold until the catalog changes (row counts, playlists): cleared on reopen. */
  readonly #memo = new Map<string, unknown>()

  constructor(private readonly options: SharedEngineOptions) {}

  /** True when the catalog has at least one table. */
  async hasTables(): Promise<boolean> {
    return (await this.options.catalog.listTables(this.options.database)).length > 0
  }

  /** Runs `use` with the engine, after every earlier use has finished. */
  use<T>(use: (engine: QueryEngine) => Promise<T>): Promise<T> {
    const next = this.#queue.then(async () => use(await this.#current()))
    this.#queue = next.catch(() => undefined)
    return next
  }

  /**
   * `compute`'s answer, computed once per state of the catalog: for questions about the lake as a
   * whole (row counts, the playlists), whose answers change only when a crawl changes the catalog.
   */
  memo<T>(key: string, compute: (engine: QueryEngine) => Promise<T>): Promise<T> {
    return this.use(async (engine) => {
      if (this.#memo.has(key)) return this.#memo.get(key) as T
      const value = await compute(engine)
      this.#memo.set(key, value)
      return value
    })
  }

  async close(): Promise<void> {
    await this.#queue
    await this.#engine?.close()
    this.#engine = undefined
  }

  async #current(): Promise<QueryEngine> {
    const now = Date.now()
    if (this.#engine && now - this.#checkedAt < (this.options.recheckMs ?? 2_000)) return this.#engine
    const signature = await this.#catalogSignature()
    this.#checkedAt = now
    if (this.#engine && signature === this.#signature) return this.#engine
    await this.#engine?.close()
    this.#engine = undefined
    this.#memo.clear()
    this.#engine = await this.options.open()
    this.#signature = signature
    return this.#engine
  }

  async #catalogSignature(): Promise<string> {
    const objects = await listAll(this.options.store, `${CATALOG_PREFIX}${this.options.database}/`)
    return objects.map((o) => `${o.key}:${o.etag}`).join('|')
  }
}
