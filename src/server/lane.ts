import { QueryCancelledError } from '../query/errors.js'
import { ServerBusyError } from './errors.js'

/** How many tasks a lane runs at once and how many more may wait for a turn. */
export interface LaneCapacity {
  running: number
  queued: number
}

/**
 * A bounded queue in front of a kind of work (the charts' queries, the console's): at most
 * `running` tasks at once, at most `queued` waiting in order; one more is refused at once with
 * ServerBusyError (a 503 that says what is busy and what to do), and a waiting task whose
 * signal aborts (its client went away) leaves the queue without running.
 */
export class Lane {
  #running = 0
  readonly #waiting: { start: () => void }[] = []

  constructor(
    private readonly capacity: LaneCapacity,
    private readonly busy: (capacity: LaneCapacity) => string,
  ) {}

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.#turn(signal)
    try {
      return await task()
    } finally {
      const next = this.#waiting.shift()
      if (next) next.start()
      else this.#running--
    }
  }

  #turn(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(new QueryCancelledError('the query was cancelled'))
    if (this.#running < this.capacity.running) {
      this.#running++
      return Promise.resolve()
    }
    if (this.#waiting.length >= this.capacity.queued) {
      return Promise.reject(new ServerBusyError(this.busy(this.capacity)))
    }
    return new Promise((resolve, reject) => {
      const entry = {
        start: () => {
          signal?.removeEventListener('abort', leave)
          resolve()
        },
      }
      const leave = () => {
        const at = this.#waiting.indexOf(entry)
        if (at === -1) return
        this.#waiting.splice(at, 1)
        reject(new QueryCancelledError('the query was cancelled before it ran'))
      }
      signal?.addEventListener('abort', leave, { once: true })
      this.#waiting.push(entry)
    })
  }
}
