import type { Clock } from '../../clock.js'

/** What a job asks for when it cannot run yet (the lake is busy): to be tried again at `retryAt`. */
export interface Deferral {
  retryAt: number
}

/** One unit of the daemon's work. Jobs with the same key are one job: adding it again merges. */
export interface Job {
  readonly key: string
  /** Resolves with a Deferral to be tried again later; anything else means done. */
  run(signal: AbortSignal): Promise<unknown>
  /** The job that stands for this pending one and `incoming` (default: this one). */
  merge?(incoming: Job): Job
}

/**
 * Runs jobs one at a time, in the order they were added; a job added while one with its key is
 * pending merges into it. A job may defer itself; it then waits on the clock and counts as work
 * still to do. `stop()` aborts the running job's signal, drops the rest and waits for it.
 */
export class WorkQueue {
  readonly #pending: Job[] = []
  readonly #deferred = new Map<string, { job: Job; timer: unknown }>()
  #running: { job: Job; controller: AbortController } | undefined
  #stopped = false
  #draining = false
  #idleWaiters: (() => void)[] = []

  constructor(
    private readonly clock: Clock,
    private readonly hooks: {
      /** Before each job; may defer it (e.g. until the lease is free). */
      before?: (job: Job) => Promise<Deferral | undefined>
      onError: (job: Job, error: unknown) => void
      /** When no job is left to run now (deferred ones may wait). */
      onIdle?: () => Promise<void>
    },
  ) {}

  add(job: Job): void {
    if (this.#stopped) return
    const deferred = this.#deferred.get(job.key)
    if (deferred) {
      this.clock.clearTimeout(deferred.timer)
      this.#deferred.delete(job.key)
      job = deferred.job.merge?.(job) ?? deferred.job
    }
    const at = this.#pending.findIndex((p) => p.key === job.key)
    if (at >= 0) this.#pending[at] = this.#pending[at]!.merge?.(job) ?? this.#pending[at]!
    else this.#pending.push(job)
    if (!this.#draining) void this.#drain()
  }

  get busy(): boolean {
    return this.#draining || this.#pending.length > 0 || this.#deferred.size > 0
  }

  /** Resolves when no job is running, pending or deferred. */
  whenIdle(): Promise<void> {
    if (!this.busy) return Promise.resolve()
    return new Promise((resolve) => this.#idleWaiters.push(resolve))
  }

  /** Aborts the running job (it finishes the object in hand). */
  abortCurrent(reason: unknown): void {
    this.#running?.controller.abort(reason)
  }

  async stop(): Promise<void> {
    this.#stopped = true
    this.#pending.length = 0
    for (const { timer } of this.#deferred.values()) this.clock.clearTimeout(timer)
    this.#deferred.clear()
    const running = this.#running
    running?.controller.abort(new Error('stopping'))
    await this.whenIdle()
  }

  async #drain(): Promise<void> {
    this.#draining = true
    try {
      for (;;) {
        for (let job = this.#pending.shift(); job && !this.#stopped; job = this.#pending.shift()) {
          await this.#run(job)
        }
        await this.hooks.onIdle?.()
        if (this.#stopped || this.#pending.length === 0) break // else: added while going idle
      }
    } finally {
      this.#draining = false
    }
    if (!this.busy) {
      const waiters = this.#idleWaiters
      this.#idleWaiters = []
      for (const wake of waiters) wake()
    }
  }

  async #run(job: Job): Promise<void> {
    const controller = new AbortController()
    this.#running = { job, controller }
    try {
      const result = (await this.hooks.before?.(job)) ?? (await job.run(controller.signal))
      if (isDeferral(result) && !this.#stopped) this.#defer(job, result.retryAt)
    } catch (error) {
      this.hooks.onError(job, error)
    } finally {
      this.#running = undefined
    }
  }

  #defer(job: Job, retryAt: number): void {
    const timer = this.clock.setTimeout(
      () => {
        this.#deferred.delete(job.key)
        this.add(job)
      },
      Math.max(0, retryAt - this.clock.now()),
    )
    this.#deferred.set(job.key, { job, timer })
  }
}

function isDeferral(value: unknown): value is Deferral {
  return typeof (value as Deferral | undefined)?.retryAt === 'number'
}
