import type { Catalog } from '../../catalog/catalog.js'
import { type Clock, systemClock } from '../../clock.js'
import { RAW_PREFIX } from '../../lake/layout.js'
import { decodeEventKey, type ObjectCreatedRecord } from '../../lake/object-created.js'
import type { ObjectStore } from '../../lake/object-store.js'
import { describeHolder, type Lease } from '../../lease/lease.js'
import { keepRenewed } from '../../lease/lease-keeper.js'
import type { Logger } from '../../observability/logger.js'
import {
  ledgerCovers,
  pendingDates,
  rawKeyDate,
  rawObjectsByDate,
  readLedger,
} from '../../transform-stage/transform-ledger.js'
import { RunInterruptedError, type RunTrigger } from '../run-ledger.js'
import { runUpkeep } from '../run-pipeline.js'
import { frozenRawListing } from '../store-views.js'
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
  readonly #eventDates = new Set<string>()
  #unsubscribe: (() => void) | undefined
  #stopRenewal: (() => void) | undefined
  #waiting = false
  #stopping: Promise<void> | undefined
  #crawlTrigger: RunTrigger = 'event'

  constructor(options: DaemonOptions) {
    this.#o = options
    this.#clock = options.clock ?? systemClock
    this.#log = options.logger
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
      owner: () => options.lease.owner,
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
    const key = decodeEventKey(record.s3.object.key)
    if (!key.startsWith(RAW_PREFIX)) return // the transform's own outputs, the ledger...
    this.#eventDates.add(rawKeyDate(key))
    if (this.#timers.has('events')) return
    this.#after('events', this.#o.eventBatchMs ?? 1_000, () => {
      const dates = [...this.#eventDates]
      this.#eventDates.clear()
      this.#queue.add(this.#transformJob(dates, 'event'))
    })
  }

  /** Transforms the dates whose ledger lacks a raw object; a duplicate or late event finds none. */
  #transformJob(dates: readonly string[], trigger: RunTrigger): Job & { dates: readonly string[] } {
    return {
      key: `transform:${trigger}`,
      dates,
      merge: (incoming) => {
        const more = 'dates' in incoming ? (incoming.dates as readonly string[]) : []
        return this.#transformJob([...new Set([...dates, ...more])], trigger)
      },
      run: async (signal) => {
        const store = frozenRawListing(this.#o.store)
        const byDate = await rawObjectsByDate(store)
        const pending: string[] = []
        for (const date of [...dates].sort()) {
          if (!ledgerCovers(await readLedger(store, date), byDate.get(date) ?? [])) pending.push(date)
        }
        if (pending.length === 0) {
          this.#log.debug('nothing to transform: the ledger already covers these dates', { dates })
          return
        }
        await runUpkeep({ ...this.#context(trigger, signal), store, dates: pending, crawl: false })
        this.#crawlSoon(trigger)
      },
    }
  }

  #sweepJob(): Job {
    return {
      key: 'sweep',
      run: async (signal) => {
        const dates = await pendingDates(frozenRawListing(this.#o.store))
        if (dates.length === 0) return
        this.#log.info('reconcile sweep found raw objects the ledger lacks', { dates })
        await this.#transformJob(dates, 'sweep').run(signal)
      },
    }
  }

  #crawlSoon(trigger: RunTrigger): void {
    this.#crawlTrigger = trigger
    this.#clock.clearTimeout(this.#timers.get('crawl'))
    this.#timers.delete('crawl')
    this.#after('crawl', this.#o.crawlDebounceMs ?? 5_000, () =>
      this.#queue.add({
        key: 'crawl',
        run: async (signal) => {
          await runUpkeep({ ...this.#context(this.#crawlTrigger, signal), dates: [], crawl: true })
        },
      }),
    )
  }

  #context(trigger: RunTrigger, signal: AbortSignal) {
    const { store, catalog, database, lease } = this.#o
    return {
      store,
      catalog,
      database,
      trigger,
      signal,
      logger: this.#log,
      owner: lease.owner,
      now: () => this.#clock.now(),
    }
  }

  #armSchedule(): void {
    const next = this.#runs.nextSlot()
    if (!next) return
    this.#after('schedule', next.getTime() - this.#clock.now(), () => {
      this.#queue.add(this.#runs.checkJob())
      this.#armSchedule()
    })
  }

  async #holdLease(): Promise<{ retryAt: number } | undefined> {
    const { lease } = this.#o
    if (lease.held) return
    const attempt = await lease.tryAcquire()
    if (!attempt.acquired) {
      if (!this.#waiting)
        this.#log.info('waiting: another run holds the lake', { holder: describeHolder(attempt.holder) })
      this.#waiting = true
      return { retryAt: this.#clock.now() + (this.#o.leaseRetryMs ?? 5_000) }
    }
    this.#waiting = false
    this.#stopRenewal = keepRenewed(lease, this.#clock, (error) => {
      this.#log.error('lost the lease on the lake; stopping the job in hand', { err: error })
      this.#queue.abortCurrent(error)
    })
    return undefined
  }

  async #releaseLease(): Promise<void> {
    this.#stopRenewal?.()
    this.#stopRenewal = undefined
    await this.#o.lease.release()
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
