import type { Catalog } from '../catalog/catalog.js'
import { CATALOG_PREFIX } from '../lake/layout.js'
import { listAll, type ObjectStore } from '../lake/object-store.js'
import type { QueryEngine } from '../query/query-engine.js'
import { Lane, type LaneCapacity } from './lane.js'

/** How much of each kind of work the dashboard takes at once (README, The dashboard). */
export interface DashboardCapacity {
  /** The overview, tables, filters and charts: many small queries. */
  charts: LaneCapacity
  /** The SQL console: queries of any size. */
  console: LaneCapacity
}

export const DEFAULT_CAPACITY: DashboardCapacity = {
  charts: { running: 2, queued: 64 },
  console: { running: 1, queued: 3 },
}

export interface SharedEngineOptions {
  store: ObjectStore
  catalog: Catalog
  database: string
  open: () => Promise<QueryEngine>
  /** How long a check of the catalog stays good, in ms (default 2,000). */
  recheckMs?: number
  capacity?: DashboardCapacity
}

/** One opened engine, closed once the catalog moved on and its last user is done. */
interface Generation {
  engine: QueryEngine
  users: number
  retired: boolean
  /** Answers that hold while the catalog is unchanged (row counts, playlists). */
  memo: Map<string, Promise<unknown>>
}

/**
 * One query engine for all requests, reopened when the catalog changed (a run or crawl landed
 * new partitions), so the page shows what the lake holds. Work comes in two lanes with their own
 * capacity, so the charts and the overview answer while console queries run: a console query
 * never waits behind a chart, nor a chart behind a console query. A full lane refuses more with
 * a 503 (ServerBusyError).
 */
export class SharedEngine {
  #current: Generation | undefined
  #signature = ''
  #checkedAt = 0
  #refreshing: Promise<void> | undefined
  readonly #charts: Lane
  readonly #console: Lane

  constructor(private readonly options: SharedEngineOptions) {
    const capacity = options.capacity ?? DEFAULT_CAPACITY
    this.#charts = new Lane(
      capacity.charts,
      (c) =>
        `the dashboard is already answering ${c.running + c.queued} chart and overview requests; wait a moment and reload`,
    )
    this.#console = new Lane(
      capacity.console,
      (c) =>
        `the SQL console already runs ${c.running} ${c.running === 1 ? 'query' : 'queries'} and ${c.queued} more wait; wait for one to finish (or close the tab that runs it) and run this again`,
    )
  }

  /** True when the catalog has at least one table. */
  async hasTables(): Promise<boolean> {
    return (await this.options.catalog.listTables(this.options.database)).length > 0
  }

  /** Runs a chart's or the overview's queries in the charts lane. */
  charts<T>(use: (engine: QueryEngine) => Promise<T>): Promise<T> {
    return this.#charts.run(() => this.#withEngine(async (generation) => use(generation.engine)))
  }

  /** Runs a console query in the console lane; `signal` aborting (the client went away) drops it from the queue. */
  console<T>(use: (engine: QueryEngine) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.#console.run(() => this.#withEngine(async (generation) => use(generation.engine)), signal)
  }

  /**
   * `compute`'s answer, computed once per state of the catalog (in the charts lane): for questions
   * about the lake as a whole (row counts, the playlists), whose answers change only when a crawl
   * changes the catalog.
   */
  memo<T>(key: string, compute: (engine: QueryEngine) => Promise<T>): Promise<T> {
    return this.#withEngine((generation) => {
      let answer = generation.memo.get(key) as Promise<T> | undefined
      if (!answer) {
        answer = this.#charts.run(() => compute(generation.engine))
        generation.memo.set(key, answer)
        answer.catch(() => generation.memo.delete(key))
      }
      return answer
    })
  }

  async close(): Promise<void> {
    await this.#refreshing?.catch(() => undefined)
    const generation = this.#current
    this.#current = undefined
    await generation?.engine.close()
  }

  async #withEngine<T>(use: (generation: Generation) => Promise<T>): Promise<T> {
    await this.#refresh()
    const generation = this.#current!
    generation.users++
    try {
      return await use(generation)
    } finally {
      generation.users--
      if (generation.retired && generation.users === 0) await generation.engine.close()
    }
  }

  /** Opens the engine, or a new one when the catalog changed; one check at a time. */
  #refresh(): Promise<void> {
    const fresh = Date.now() - this.#checkedAt < (this.options.recheckMs ?? 2_000)
    if (this.#current && fresh) return Promise.resolve()
    this.#refreshing ??= this.#reopenIfChanged().finally(() => {
      this.#refreshing = undefined
    })
    return this.#refreshing
  }

  async #reopenIfChanged(): Promise<void> {
    const signature = await this.#catalogSignature()
    if (this.#current && signature === this.#signature) {
      this.#checkedAt = Date.now()
      return
    }
    // A failed open leaves the check stale, so the next request tries again.
    const engine = await this.options.open()
    const previous = this.#current
    this.#current = { engine, users: 0, retired: false, memo: new Map() }
    this.#signature = signature
    this.#checkedAt = Date.now()
    if (previous) {
      previous.retired = true
      if (previous.users === 0) await previous.engine.close()
    }
  }

  async #catalogSignature(): Promise<string> {
    const objects = await listAll(this.options.store, `${CATALOG_PREFIX}${this.options.database}/`)
    return objects.map((o) => `${o.key}:${o.etag}`).join('|')
  }
}
