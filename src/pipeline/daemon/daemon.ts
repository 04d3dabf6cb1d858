import type { Catalog } from '../../catalog/catalog.js'
import { type Clock, systemClock } from '../../clock.js'
import { rawKeysNamed } from '../../lake/lake-location.js'
import type { ObjectCreatedRecord } from '../../lake/object-created.js'
import type { ObjectStore } from '../../lake/object-store.js'
import { describeHolder, type Lease } from '../../lease/lease.js'
import { LakeBusyError, LakeHold } from '../../lease/lease-keeper.js'
import type { Logger } from '../../observability/logger.js'
import { RunInterruptedError, type RunTrigger } from '../run-ledger.js'
import { runCrawl } from '../run-pipeline.js'
import { type DateSelection, runTransform } from '../run-transform.js'
import type { RetryPolicy } from './retry-policy.js'
import { type Extraction, ScheduledRuns } from './scheduled-runs.js'
import { type Job, WorkQueue } from './work-queue.js'

export interface DaemonOptions {
  store: ObjectStore
  catalog: Catalog
  database: string
  lease: Lease
  logger: Logger
  clock?: Clock
  /** Scheduled full runs; without it the daemon only transforms and crawls. */
  extraction?: Extraction
  /** Start with a full run, then follow the schedule. */
  runNow?: boolean
  /** The reconcile sweep's interval (default 5 min). */
  reconcileIntervalMs?: number
  /** Quiet time before the catalog is refreshed after transforms (default 5 s). */
  crawlDebounceMs?: number
  /** Events are gathered this long, then their dates transformed together (default 1 s). */
  eventBatchMs?: number
  /** How often a job waiting for the lake's lease tries again (default 5 s). */
  leaseRetryMs?: number
  retry?: Partial<RetryPolicy>
  /** Where object-created events come from (default the store's own). */
  events?: Pick<ObjectStore, 'onObjectCreated'>
}

/**
 * `tunelake daemon`: runs the pipeline until stopped. A cron schedule fires full runs;
 * object-created events transform each new raw object's partition; a reconcile sweep transforms
 * whatever the ledger lacks (objects written by another process, or while the daemon was down);
 * the catalog is refreshed after transforms, debounced. One job at a time, each under the lake's
 * lease, so no other run acts on the lake meanwhile. `stop()` lets the job in hand finish its
 * current object and leaves nothing half written.
 */
export class Daemon {
  readonly #o: DaemonOptions
  readonly #clock: Clock
  readonly #log: Logger
  readonly #queue: WorkQueue
  readonly #runs: ScheduledRuns
  readonly #timers = new Map<string, unknown>()
  readonly #eventKeys = new Set<string>()
  readonly #hold: LakeHold
  #unsubscribe: (() => void) | undefined
  #waiting = false
  #stopping: Promise<void> | undefined
  #crawlTrigger: RunTrigger = 'event'

  constructor(options: DaemonOptions) {
    this.#o = options
    this.#clock = options.clock ?? systemClock
    this.#log = options.logger
    this.#hold = new LakeHold(options.lease, options.store.location, {
      waitMs: 0,
      clock: this.#clock,
      onLost: (error) => {
        this.#log.error('lost the lease on the lake; stopping the job in hand', { err: error })
        this.#queue.abortCurrent(error)
        void this.#hold.release() // the daemon's own count: the next job takes the lease afresh
      },
    })
    this.#queue = new WorkQueue(this.#clock, {
      before: () => this.#holdLease(),
      onError: (job, error) => {
        if (error instanceof RunInterruptedError) this.#log.info('job stopped', { job: job.key })
        else this.#log.error('daemon job failed', { job: job.key, err: error })
      },
      onIdle: async () => {
        await this.#releaseLease()
        if (!this.#stopping && !this.#waiting) {
          this.#log.info('daemon idle', { next_run: this.#runs.nextSlot()?.toISOString() ?? null })
        }
      },
    })
    this.#runs = new ScheduledRuns({
      store: options.store,
      catalog: options.catalog,
      database: options.database,
      clock: this.#clock,
      logger: this.#log,
      lease: this.#hold,
      extraction: options.extraction,
      retry: { baseMs: 60_000, maxMs: 3_600_000, maxAttempts: 5, ...options.retry },
      enqueue: (job) => this.#queue.add(job),
    })
  }

  async start(): Promise<void> {
    const schedule = this.#o.extraction?.schedule
    this.#log.info('daemon started', {
      lake: this.#o.store.location,
      schedule: schedule
        ? `${schedule.cron} (${schedule.timezone})`
        : 'none: no config, transform and crawl only',
      next_run: this.#runs.nextSlot()?.toISOString() ?? null,
      reconcile_interval_s: this.#reconcileMs / 1000,
    })
    this.#unsubscribe = (this.#o.events ?? this.#o.store).onObjectCreated((record) => this.#onEvent(record))
    this.#queue.add(this.#runs.recoverJob(() => this.#queue.add(this.#sweepJob())))
    if (schedule) this.#queue.add(this.#runs.checkJob())
    if (this.#o.runNow && this.#o.extraction) this.#queue.add(this.#runs.startupJob())
    this.#armSchedule()
    this.#every('sweep', this.#reconcileMs, () => {
      this.#queue.add(this.#sweepJob())
      if (schedule) this.#queue.add(this.#runs.checkJob()) // also catches a timer missed in a sleep
    })
  }

  /** Finishes the object in hand, writes nothing partial, releases the lease. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#log.info('daemon stopping: finishing the object in hand')
      for (const timer of this.#timers.values()) this.#clock.clearTimeout(timer)
      this.#timers.clear()
      this.#unsubscribe?.()
      this.#runs.dispose()
      await this.#queue.stop()
      await this.#releaseLease()
      this.#log.info('daemon stopped')
    })()
    return this.#stopping
  }

  /** Resolves when no job is running, queued or waiting for the lease. */
  whenIdle(): Promise<void> {
    return this.#queue.whenIdle()
  }

  get #reconcileMs(): number {
    return this.#o.reconcileIntervalMs ?? 300_000
  }

  #onEvent(record: ObjectCreatedRecord): void {
    if (this.#stopping) return
    // Records of anything but raw objects (the transform's own outputs, the ledger...) name none.
    const { keys } = rawKeysNamed(this.#o.store.location, [record])
    if (keys.length === 0) return
    for (const key of keys) this.#eventKeys.add(key)
    if (this.#timers.has('events')) return
    this.#after('events', this.#o.eventBatchMs ?? 1_000, () => {
      const rawKeys = [...this.#eventKeys]
      this.#eventKeys.clear()
      this.#queue.add(this.#transformJob({ rawKeys }, 'event'))
    })
  }

  /**
   * Transforms the selected dates whose ledger lacks a raw object (a duplicate or late event finds
   * none); jobs of one trigger waiting together merge, their raw keys joined.
   */
  #transformJob(select: DateSelection, trigger: RunTrigger): Job & { select: DateSelection } {
    return {
      key: `transform:${trigger}`,
      select,
      merge: (incoming) => {
        const more = (incoming as { select?: DateSelection }).select
        if (typeof select !== 'object' || typeof more !== 'object')
          return this.#transformJob('pending', trigger)
        return this.#transformJob({ rawKeys: [...new Set([...select.rawKeys, ...more.rawKeys])] }, trigger)
      },
      run: async (signal) => {
        const run = await runTransform({ ...this.#context(trigger, signal), select })
        if (run.dates.some((d) => d.status === 'transformed')) this.#crawlSoon(trigger)
      },
    }
  }

  #sweepJob(): Job {
    return this.#transformJob('pending', 'sweep')
  }

  #crawlSoon(trigger: RunTrigger): void {
    this.#crawlTrigger = trigger
    this.#clock.clearTimeout(this.#timers.get('crawl'))
    this.#timers.delete('crawl')
    this.#after('crawl', this.#o.crawlDebounceMs ?? 5_000, () =>
      this.#queue.add({
        key: 'crawl',
        run: async (signal) => {
          const { catalog, database } = this.#o
          await runCrawl({ ...this.#context(this.#crawlTrigger, signal), catalog, database })
        },
      }),
    )
  }

  #context(trigger: RunTrigger, signal: AbortSignal) {
    return { store: this.#o.store, trigger, signal, logger: this.#log, lease: this.#hold, clock: this.#clock }
  }

  #armSchedule(): void {
    const next = this.#runs.nextSlot()
    if (!next) return
    this.#after('schedule', next.getTime() - this.#clock.now(), () => {
      this.#queue.add(this.#runs.checkJob())
      this.#armSchedule()
    })
  }

  /** Holds the lake from the first job until the queue is idle; a busy lake defers the job. */
  async #holdLease(): Promise<{ retryAt: number } | undefined> {
    if (this.#hold.held) return
    try {
      await this.#hold.take()
    } catch (error) {
      if (!(error instanceof LakeBusyError)) throw error
      if (!this.#waiting)
        this.#log.info('waiting: another run holds the lake', { holder: describeHolder(error.holder) })
      this.#waiting = true
      return { retryAt: this.#clock.now() + (this.#o.leaseRetryMs ?? 5_000) }
    }
    this.#waiting = false
    return undefined
  }

  async #releaseLease(): Promise<void> {
    await this.#hold.release()
  }

  #after(name: string, ms: number, callback: () => void): void {
    this.#timers.set(
      name,
      this.#clock.setTimeout(
        () => {
          this.#timers.delete(name)
          callback()
        },
        Math.max(0, ms),
      ),
    )
  }

  #every(name: string, ms: number, callback: () => void): void {
    this.#after(name, ms, () => {
      callback()
      this.#every(name, ms, callback)
    })
  }
}
