import { type Clock, systemClock } from '../clock.js'
import { TunelakeError } from '../errors.js'
import { parseLakeLocation } from '../lake/lake-location.js'
import { STATE_KEYS } from '../lake/layout.js'
import type { ObjectStore } from '../lake/object-store.js'
import { describeHolder, Lease, type LeaseRecord, type LeaseStorage } from './lease.js'
import { FsLeaseStorage } from './storages/fs.js'

/** Another run holds the lake: wait for it, or try again later. */
export class LakeBusyError extends TunelakeError {
  readonly kind = 'transient'
  constructor(
    message: string,
    readonly holder: LeaseRecord,
  ) {
    super(message)
  }
}

/**
 * The lease of a lake, kept beside its state (`_state/lease/`): files in a lake folder, objects
 * written with S3's conditional requests in an S3 lake (the AWS SDK is loaded on first use).
 * Undefined for a store that is neither (a local copy of a remote lake).
 */
export function leaseForLake(
  store: ObjectStore,
  options: { purpose: string; ttlMs?: number; clock?: Clock; owner?: string },
): Lease | undefined {
  if (store.remoteLocation) return undefined
  if (store.localPath) {
    return new Lease(new FsLeaseStorage(store.localPath(STATE_KEYS.lease), store.location), options)
  }
  if (!store.location.startsWith('s3://')) return undefined
  const location = parseLakeLocation(store.location)
  if (location.kind !== 's3') return undefined
  const storage = deferredStorage(`${store.location}/${STATE_KEYS.lease}`, async () => {
    const { s3LeaseStorageFromEnv } = await import('./storages/s3-from-env.js')
    return s3LeaseStorageFromEnv(location, store.location)
  })
  return new Lease(storage, options)
}

/** A lease storage opened on its first call, so a command pays for the AWS SDK only when it uses it. */
function deferredStorage(location: string, open: () => Promise<LeaseStorage>): LeaseStorage {
  let opened: Promise<LeaseStorage> | undefined
  const inner = () => {
    opened ??= open()
    return opened
  }
  return {
    location,
    generations: async () => (await inner()).generations(),
    read: async (generation) => (await inner()).read(generation),
    create: async (record) => (await inner()).create(record),
    replace: async (record) => (await inner()).replace(record),
    remove: async (generation) => (await inner()).remove(generation),
  }
}

/**
 * Takes the lease, waiting up to `waitMs` for the holder to finish (polling); otherwise
 * throws LakeBusyError naming who holds the lake and until when.
 */
export async function acquireLease(
  lease: Lease,
  lake: string,
  options: {
    waitMs: number
    pollMs?: number
    clock: Clock
    onWait?: (holder: LeaseRecord) => void
    /** What the caller can do about a busy lake, ending the message (default: the CLI's advice). */
    advice?: string
  },
): Promise<LeaseRecord> {
  const { clock } = options
  const deadline = clock.now() + options.waitMs
  let told = false
  for (;;) {
    const attempt = await lease.tryAcquire()
    if (attempt.acquired) return attempt.record
    if (clock.now() >= deadline) {
      throw new LakeBusyError(
        `a run is in progress on the lake at ${lake}: ${describeHolder(attempt.holder)} holds it (lease until ${attempt.holder.expires_at}); ${options.advice ?? 'try again when it ends, or pass --wait SECONDS to wait for it'}`,
        attempt.holder,
      )
    }
    if (!told) options.onWait?.(attempt.holder)
    told = true
    const pause = Math.min(options.pollMs ?? 1_000, Math.max(1, deadline - clock.now()))
    await new Promise<void>((resolve) => clock.setTimeout(resolve, pause))
  }
}

/**
 * Renews the held lease every third of its time to live until the returned function is
 * called; `onLost` hears when another process took it over (the work must stop).
 */
export function keepRenewed(lease: Lease, clock: Clock, onLost: (error: unknown) => void): () => void {
  let timer: unknown
  let stopped = false
  const tick = () => {
    lease.renew().then(
      () => {
        if (!stopped) timer = clock.setTimeout(tick, lease.ttlMs / 3)
      },
      (error) => {
        if (!stopped) onLost(error)
      },
    )
  }
  timer = clock.setTimeout(tick, lease.ttlMs / 3)
  return () => {
    stopped = true
    clock.clearTimeout(timer)
  }
}

/** How a hold waits for another holder, and what it says. */
export interface HoldOptions {
  /** How long to wait for another holder to finish (0: not at all). */
  waitMs: number
  pollMs?: number
  clock?: Clock
  onWait?: (holder: LeaseRecord) => void
  /** Hears the error when another process took the lease over: the work must stop. */
  onLost?: (error: unknown) => void
  /** What the caller can do about a busy lake, ending LakeBusyError's message. */
  advice?: string
}

/**
 * A process's hold on its lake's lease: taken before a use case acts on the lake (waiting up to
 * `waitMs` for another holder, else LakeBusyError), renewed every third of the lease's time to
 * live, given back when done. Taking it again while held only counts, so the daemon can hold the
 * lake across its jobs while each use case takes it itself; the last release gives it back.
 * `signal` aborts, with LeaseLostError, when another process took the lease over. A lake without
 * a lease (a local copy of a remote lake) is held by nobody: taking it always succeeds.
 *
 * @example
 * const hold = new LakeHold(leaseForLake(store, { purpose: 'tunelake transform' }), store.location, { waitMs: 0 })
 * await runTransform({ store, lease: hold, ... })
 */
export class LakeHold {
  readonly #options: HoldOptions & { clock: Clock }
  #count = 0
  #lost: AbortController = new AbortController()
  #stopRenewal: (() => void) | undefined

  constructor(
    private readonly lease: Lease | undefined,
    private readonly lake: string,
    options: HoldOptions,
  ) {
    this.#options = { ...options, clock: options.clock ?? systemClock }
  }

  /** The lease owner the holder's runs act under; undefined for a lake without a lease. */
  get owner(): string | undefined {
    return this.lease?.owner
  }

  get held(): boolean {
    return this.#count > 0
  }

  /** Aborts when the lease was taken over while held. */
  get signal(): AbortSignal {
    return this.#lost.signal
  }

  async take(): Promise<void> {
    if (this.#count > 0) {
      this.#lost.signal.throwIfAborted()
      this.#count++
      return
    }
    const { lease } = this
    if (lease) {
      const { clock } = this.#options
      await acquireLease(lease, this.lake, { ...this.#options, clock })
      const lost = new AbortController()
      this.#lost = lost
      this.#stopRenewal = keepRenewed(lease, clock, (error) => {
        lost.abort(error)
        this.#options.onLost?.(error)
      })
    }
    this.#count = 1
  }

  async release(): Promise<void> {
    if (this.#count === 0 || --this.#count > 0) return
    this.#stopRenewal?.()
    this.#stopRenewal = undefined
    await this.lease?.release()
  }
}

/** The hold of a store's own lease (`leaseForLake`), for a command or a daemon of this process. */
export function lakeHold(store: ObjectStore, purpose: string, options: HoldOptions): LakeHold {
  const clock = options.clock ?? systemClock
  return new LakeHold(leaseForLake(store, { purpose, clock }), store.location, options)
}
