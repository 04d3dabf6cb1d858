import type { ObjectCreatedRecord } from '../lake/object-created.js'
import type { ObjectInfo, ObjectStore } from '../lake/object-store.js'

/** Keys under `prefix` live in `store`. */
export interface StoreRoute {
  prefix: string
  store: ObjectStore
}

/**
 * One lake over several stores, by key prefix: on AWS the raw zone (`raw/`) is its own bucket
 * and every other key (tables, quarantine, ledger, run records) is in the transformed bucket,
 * while the use cases keep seeing the one layout of DESIGN.md. `location` is the default
 * store's (where the lake's state lives).
 *
 * @example
 * const lake = new RoutedObjectStore([{ prefix: 'raw/', store: rawBucket }], transformedBucket)
 * await lake.put('raw/spotify/...json', body) // in the raw bucket
 */
export class RoutedObjectStore implements ObjectStore {
  readonly location: string

  constructor(
    private readonly routes: readonly StoreRoute[],
    private readonly fallback: ObjectStore,
  ) {
    this.location = fallback.location
  }

  get(key: string): Promise<Uint8Array> {
    return this.#storeOf(key).get(key)
  }

  put(key: string, body: Uint8Array | string): Promise<ObjectInfo> {
    return this.#storeOf(key).put(key, body)
  }

  head(key: string): Promise<ObjectInfo | undefined> {
    return this.#storeOf(key).head(key)
  }

  delete(key: string): Promise<void> {
    return this.#storeOf(key).delete(key)
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const within = this.routes.find((route) => prefix.startsWith(route.prefix))
    if (within) {
      yield* within.store.list(prefix)
      return
    }
    // The prefix spans stores (e.g. '' or 'r'): list each, keep each key where it belongs, merge by key.
    const found: ObjectInfo[] = []
    for await (const info of this.fallback.list(prefix))
      if (this.#storeOf(info.key) === this.fallback) found.push(info)
    for (const route of this.routes.filter((r) => r.prefix.startsWith(prefix))) {
      for await (const info of route.store.list(route.prefix)) found.push(info)
    }
    yield* found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  }

  onObjectCreated(listener: (record: ObjectCreatedRecord) => void): () => void {
    const stores = new Set([this.fallback, ...this.routes.map((r) => r.store)])
    const stops = [...stores].map((store) => store.onObjectCreated(listener))
    return () => {
      for (const stop of stops) stop()
    }
  }

  #storeOf(key: string): ObjectStore {
    return this.routes.find((route) => key.startsWith(route.prefix))?.store ?? this.fallback
  }
}
