import { type Clock, systemClock } from '../clock.js'
import { TunelakeError } from '../errors.js'
import { parseLakeLocation } from '../lake/lake-location.js'
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
  options: { purpose: string; ttlMs?: number; now?: () => number; owner?: string },
): Lease | undefined {
  if (store.remoteLocation) return undefined
  if (store.localPath) {
    return new Lease(new FsLeaseStorage(store.localPath('_state/lease'), store.location), options)
  }
  if (!store.location.startsWith('s3://')) return undefined
  const location = parseLakeLocation(store.location)
  if (location.kind !== 's3') return undefined
  const storage = deferredStorage(`${store.location}/_state/lease`, async () => {
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

/**
 * A one-shot command's hold on its lake: takes the lease (waiting up to `waitMs` for a holder),
 * keeps it renewed, and gives it back on `release()`. Lakes without a lease store are not held.
 */
export async function holdLakeLease(
  store: ObjectStore,
  purpose: string,
  options: {
    waitMs: number
    clock?: Clock
    onWait?: (holder: string) => void
    onLost: (error: unknown) => void
  },
): Promise<{ owner?: string; release(): Promise<void> }> {
  const clock = options.clock ?? systemClock
  const lease = leaseForLake(store, { purpose, now: () => clock.now() })
  if (!lease) return { release: async () => {} }
  await acquireLease(lease, store.location, {
    waitMs: options.waitMs,
    clock,
    onWait: (holder) => options.onWait?.(describeHolder(holder)),
  })
  const stopRenewal = keepRenewed(lease, clock, options.onLost)
  return {
    owner: lease.owner,
    release: async () => {
      stopRenewal()
      await lease.release()
    },
  }
}
