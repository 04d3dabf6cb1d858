import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { type RawReadResult, readRawObject } from './transform-read.js'
import type { ReadRequest } from './transform-worker.js'

interface Pending {
  resolve(result: RawReadResult): void
  reject(error: unknown): void
}

/**
 * Reads raw objects into contents on worker threads (JSON parsing is the transform's costliest
 * step), or on the calling thread when there is one core, little to read, or no compiled worker
 * (under the TypeScript test runner). Results are the same either way: the workers run
 * `readRawObject`, the pure transform.
 */
export class RawReadPool {
  readonly #workers: Worker[] = []
  readonly #idle: Worker[] = []
  readonly #waiting: ((worker: Worker) => void)[] = []
  readonly #pending = new Map<number, Pending>()
  #failure: unknown
  #next = 0

  private constructor(size: number) {
    const script = fileURLToPath(new URL('./transform-worker.js', import.meta.url))
    for (let i = 0; i < size; i++) {
      const worker = new Worker(script)
      worker.on('message', ({ id, result }: { id: number; result: RawReadResult }) => {
        const pending = this.#pending.get(id)
        this.#pending.delete(id)
        this.#release(worker)
        pending?.resolve(result)
      })
      worker.on('error', (error) => this.#fail(error))
      this.#workers.push(worker)
      this.#idle.push(worker)
    }
  }

  /** A pool of `size` workers (default: the cores, at most 4), or none when workers cannot help. */
  static open(options: { size?: number; expectedBytes: number }): RawReadPool | undefined {
    const size = options.size ?? Math.min(4, availableParallelism())
    const compiled = import.meta.url.endsWith('.js')
    if (size < 2 || !compiled || options.expectedBytes < 4 * 1024 * 1024) return undefined
    return new RawReadPool(size)
  }

  /** Reads one object; its bytes are handed over to the worker (unusable afterwards). */
  async read(bytes: Uint8Array, folderDate: string): Promise<RawReadResult> {
    if (this.#failure) throw this.#failure
    const worker = await this.#acquire()
    const id = this.#next++
    return new Promise((resolve, reject) => {
      if (this.#failure) return reject(this.#failure)
      this.#pending.set(id, { resolve, reject })
      const request: ReadRequest = { id, bytes, folderDate }
      const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      worker.postMessage(request, whole ? [bytes.buffer as ArrayBuffer] : [])
    })
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()))
  }

  #acquire(): Promise<Worker> {
    const worker = this.#idle.pop()
    if (worker) return Promise.resolve(worker)
    return new Promise((resolve) => this.#waiting.push(resolve))
  }

  #release(worker: Worker): void {
    const waiter = this.#waiting.shift()
    if (waiter) waiter(worker)
    else this.#idle.push(worker)
  }

  /** A worker died (out of memory, say): every read in flight fails with that error. */
  #fail(error: unknown): void {
    this.#failure = error
    for (const waiter of this.#waiting.splice(0)) waiter(this.#workers[0]!) // they fail in read()
    for (const pending of this.#pending.values()) pending.reject(error)
    this.#pending.clear()
  }
}

/** Reads with the pool when there is one, else on this thread. */
export function readWith(
  pool: RawReadPool | undefined,
  bytes: Uint8Array,
  folderDate: string,
): Promise<RawReadResult> {
  return pool ? pool.read(bytes, folderDate) : Promise.resolve(readRawObject(bytes, folderDate))
}
