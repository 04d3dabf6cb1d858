import { EventEmitter } from 'node:events'
import type { ObjectCreatedRecord } from '../object-created.js'
import type { ObjectInfo, ObjectStore } from '../object-store.js'

/**
 * A store opened on first use: the CLI builds its lake before knowing whether the command will
 * touch it, and opening an S3 store loads the AWS SDK, which `--help` should not pay for.
 */
export class LazyObjectStore implements ObjectStore {
  readonly #open: () => Promise<ObjectStore>
  readonly #events = new EventEmitter()
  #store: Promise<ObjectStore> | undefined

  constructor(
    readonly location: string,
    open: () => Promise<ObjectStore>,
  ) {
    this.#open = open
  }

  async get(key: string): Promise<Uint8Array> {
    return (await this.#inner()).get(key)
  }

  async put(key: string, body: Uint8Array | string): Promise<ObjectInfo> {
    return (await this.#inner()).put(key, body)
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    return (await this.#inner()).head(key)
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    yield* (await this.#inner()).list(prefix)
  }

  async delete(key: string): Promise<void> {
    return (await this.#inner()).delete(key)
  }

  onObjectCreated(listener: (record: ObjectCreatedRecord) => void): () => void {
    this.#events.on('created', listener)
    return () => this.#events.off('created', listener)
  }

  #inner(): Promise<ObjectStore> {
    this.#store ??= this.#open().then((store) => {
      store.onObjectCreated((record) => this.#events.emit('created', record))
      return store
    })
    return this.#store
  }
}
