import type { Catalog } from '../../catalog/catalog.js'
import type { Clock } from '../../clock.js'
import type { ObjectStore } from '../../lake/object-store.js'
import type { LakeHold } from '../../lease/lease-keeper.js'
import type { Logger } from '../../observability/logger.js'
import { markInterrupted, RunInterruptedError, readRunRecords } from '../run-ledger.js'
import { type RunRequest, runPipeline } from '../run-pipeline.js'
import { localDate, nextSlot, type Schedule, slotsBetween } from '../schedule.js'
import { type RetryPolicy, retryDecision } from './retry-policy.js'
import {
  type PendingRetry,
  readScheduleState,
  type ScheduleState,
  writeScheduleState,
} from './schedule-state.js'
import type { Job } from './work-queue.js'

/** What a full run extracts, as the config says, and when the daemon runs it. */
export type Extraction = Pick<
  RunRequest,
  'client' | 'playlistIds' | 'sources' | 'settings' | 'apiMode' | 'enrich'
> & {
  schedule: Schedule
}

interface RunSpec {
  snapshotDate: string
  trigger: 'scheduled' | 'startup' | 'retry'
  slot?: string
  attempt: number
}

interface Deps {
  store: ObjectStore
  catalog: Catalog
  database: string
  clock: Clock
  logger: Logger
  /** The daemon's hold on the lake, under which the runs act. */
  lease: LakeHold
  extraction: Extraction | undefined
  retry: RetryPolicy
  enqueue: (job: Job) => void
}

const iso = (at: number | Date) => new Date(at).toISOString()

/**
 * The daemon's full runs: the schedule's slots (a day missed entirely becomes a gap), runs at
 * start, retries after a rate limit (at the time Spotify named) or a transient failure (with
 * backoff), and the recovery of runs whose process died. State lives in the lake, so a restart
 * carries on; every method runs as a queue job, under the lake's lease.
 */
export class ScheduledRuns {
  /** Retry timers by snapshot date. */
  readonly #timers = new Map<string, unknown>()

  constructor(private readonly deps: Deps) {}

  get timezone(): string {
    return this.deps.extraction?.schedule.timezone ?? 'UTC'
  }

  today(): string {
    return localDate(this.deps.clock.now(), this.timezone)
  }

  /**
   * Marks runs left `running` by a dead process `interrupted`; today's daemon runs are run again,
   * then `after` (the first sweep, so it does not transform a half-extracted day first).
   */
  recoverJob(after: () => void = () => {}): Job {
    return {
      key: 'recover',
      run: async () => {
        try {
          const changed = await markInterrupted(this.deps.store, await readRunRecords(this.deps.store, 50))
          for (const run of changed) {
            this.deps.logger.warn('found a run its process did not finish; marked interrupted', {
              interrupted_run: run.run_id,
              trigger: run.trigger,
              started_at: run.started_at,
            })
            const daemonRun =
              run.trigger === 'scheduled' || run.trigger === 'startup' || run.trigger === 'retry'
            if (this.deps.extraction && daemonRun && run.snapshot_date === this.today()) {
              this.deps.enqueue(
                this.runJob({
                  snapshotDate: run.snapshot_date,
                  trigger: 'retry',
                  attempt: (run.attempt ?? 1) + 1,
                  ...(run.scheduled_for ? { slot: run.scheduled_for } : {}),
                }),
              )
            }
          }
        } finally {
          after()
        }
      },
    }
  }

  /** Looks at the slots since the last one dealt with: today's runs, earlier days become gaps. */
  checkJob(): Job {
    return { key: 'schedule', run: () => this.#check() }
  }

  startupJob(): Job {
    return this.runJob({ snapshotDate: this.today(), trigger: 'startup', attempt: 1 })
  }

  runJob(spec: RunSpec): Job & { spec: RunSpec } {
    return {
      key: `run:${spec.snapshotDate}`,
      spec,
      run: (signal) => this.#run(spec, signal),
      // One run a day at a time; it stands for the schedule's slot if either asked for it.
      merge: (incoming) => {
        const slot = 'spec' in incoming ? (incoming.spec as RunSpec).slot : undefined
        return this.runJob(slot && !spec.slot ? { ...spec, slot } : spec)
      },
    }
  }

  /** The next slot after now. */
  nextSlot(): Date | undefined {
    const schedule = this.deps.extraction?.schedule
    return schedule ? nextSlot(schedule, new Date(this.deps.clock.now())) : undefined
  }

  dispose(): void {
    for (const timer of this.#timers.values()) this.deps.clock.clearTimeout(timer)
    this.#timers.clear()
  }

  async #check(): Promise<void> {
    const { extraction, store, clock, logger } = this.deps
    if (!extraction) return
    const { schedule } = extraction
    const now = clock.now()
    const state: ScheduleState = (await readScheduleState(store)) ?? {
      cron: schedule.cron,
      timezone: schedule.timezone,
      gaps: [],
      updated_at: iso(now),
    }
    Object.assign(state, { cron: schedule.cron, timezone: schedule.timezone, updated_at: iso(now) })
    // First start: the schedule begins now; nothing before it was expected.
    const due = state.last_slot ? slotsBetween(schedule, new Date(state.last_slot), new Date(now)) : []
    state.last_slot ??= iso(now)
    const today = localDate(now, schedule.timezone)
    const latest = due.at(-1)
    const runnable = latest && localDate(latest, schedule.timezone) === today ? latest : undefined
    const missed = due.filter((slot) => slot !== runnable && localDate(slot, schedule.timezone) !== today)
    if (missed.length > 0) {
      const ran = new Set(
        (await readRunRecords(store, 200))
          .filter((r) => r.outcome === 'succeeded' || r.outcome === 'partial')
          .map((r) => r.snapshot_date),
      )
      for (const slot of missed) {
        const date = localDate(slot, schedule.timezone)
        if (ran.has(date) || state.gaps.some((g) => g.snapshot_date === date)) continue
        const reason = `no run at the scheduled ${iso(slot)}: the daemon was not running`
        state.gaps.push({ snapshot_date: date, scheduled_for: iso(slot), reason, recorded_at: iso(now) })
        logger.warn('scheduled day missed; recorded as a gap', {
          snapshot_date: date,
          scheduled_for: iso(slot),
        })
      }
      state.last_slot = iso(missed.at(-1)!)
    }
    if (runnable) {
      const retry = state.retry
      if (retry?.snapshot_date === today && Date.parse(retry.at) > now) this.#armRetry(retry)
      else {
        const attempt = retry?.snapshot_date === today ? retry.attempt + 1 : 1
        this.deps.enqueue(
          this.runJob({ snapshotDate: today, trigger: 'scheduled', slot: iso(runnable), attempt }),
        )
      }
    }
    const next = nextSlot(schedule, new Date(now))
    if (next) state.next_slot = iso(next)
    await writeScheduleState(store, state)
  }

  async #run(spec: RunSpec, signal: AbortSignal): Promise<void> {
    const { extraction, clock, logger } = this.deps
    if (!extraction) return
    try {
      await runPipeline({
        store: this.deps.store,
        catalog: this.deps.catalog,
        database: this.deps.database,
        client: extraction.client,
        playlistIds: extraction.playlistIds,
        ...(extraction.sources ? { sources: extraction.sources } : {}),
        ...(extraction.settings ? { settings: extraction.settings } : {}),
        apiMode: extraction.apiMode,
        ...(extraction.enrich ? { enrich: extraction.enrich } : {}),
        snapshotDate: spec.snapshotDate,
        trigger: spec.trigger,
        logger,
        signal,
        clock,
        lease: this.deps.lease,
        attempt: spec.attempt,
        ...(spec.slot ? { scheduledFor: spec.slot } : {}),
      })
    } catch (error) {
      if (error instanceof RunInterruptedError || signal.aborted) return // the next start runs it again
      await this.#failed(spec, error)
      return
    }
    await this.#settle(spec)
  }

  async #failed(spec: RunSpec, error: unknown): Promise<void> {
    const { clock, logger, retry: policy } = this.deps
    const decision = retryDecision(error, { ...spec, now: clock.now(), timezone: this.timezone, policy })
    if ('retryAt' in decision) {
      const retry: PendingRetry = {
        snapshot_date: spec.snapshotDate,
        ...(spec.slot ? { scheduled_for: spec.slot } : {}),
        attempt: spec.attempt,
        at: iso(decision.retryAt),
        reason: decision.reason,
      }
      await this.#update((state) => {
        state.retry = retry
      })
      this.#armRetry(retry)
      logger.warn('run stopped; trying again later', {
        snapshot_date: spec.snapshotDate,
        retry_at: retry.at,
        err: error,
      })
      return
    }
    logger.error(decision.gap ? 'run given up for today' : 'run failed and will not be retried', {
      snapshot_date: spec.snapshotDate,
      err: error,
    })
    await this.#settle(spec, decision.gap)
  }

  /** The spec's slot is dealt with: the state moves past it (with a gap when the day got no data). */
  async #settle(spec: RunSpec, gapReason?: string): Promise<void> {
    const now = iso(this.deps.clock.now())
    await this.#update((state) => {
      if (spec.slot && (!state.last_slot || spec.slot > state.last_slot)) state.last_slot = spec.slot
      if (state.retry?.snapshot_date === spec.snapshotDate) delete state.retry
      if (gapReason && !state.gaps.some((g) => g.snapshot_date === spec.snapshotDate)) {
        const scheduled_for = spec.slot ?? now
        state.gaps.push({
          snapshot_date: spec.snapshotDate,
          scheduled_for,
          reason: gapReason,
          recorded_at: now,
        })
      }
    })
  }

  async #update(change: (state: ScheduleState) => void): Promise<void> {
    const schedule = this.deps.extraction?.schedule
    if (!schedule) return
    const now = iso(this.deps.clock.now())
    const state = (await readScheduleState(this.deps.store)) ?? { ...schedule, gaps: [], updated_at: now }
    change(state)
    state.updated_at = now
    await writeScheduleState(this.deps.store, state)
  }

  #armRetry(retry: PendingRetry): void {
    this.deps.clock.clearTimeout(this.#timers.get(retry.snapshot_date))
    const timer = this.deps.clock.setTimeout(
      () => {
        this.#timers.delete(retry.snapshot_date)
        this.deps.enqueue(
          this.runJob({
            snapshotDate: retry.snapshot_date,
            trigger: 'retry',
            attempt: retry.attempt + 1,
            ...(retry.scheduled_for ? { slot: retry.scheduled_for } : {}),
          }),
        )
      },
      Math.max(0, Date.parse(retry.at) - this.deps.clock.now()),
    )
    this.#timers.set(retry.snapshot_date, timer)
  }
}
