import { hostname } from 'node:os'
import { type Clock, systemClock } from '../clock.js'
import { TunelakeError } from '../errors.js'

/** One generation of the lake's lease: who holds it and until when. */
export interface LeaseRecord {
  generation: number
  owner: string
  /** What holds it, for messages: `tunelake daemon`, `tunelake run`. */
  purpose: string
  host: string
  pid: number
  acquired_at: string
  expires_at: string
  released?: boolean
}

/**
 * Where lease records live: one document per generation, created only if absent. A local
 * folder implements it with an exclusive create (`link`, FsLeaseStorage); S3 with conditional
 * writes (`If-None-Match: *` to create, `If-Match` to rewrite, S3LeaseStorage).
 *
 * @example
 * const lease = new Lease(new FsLeaseStorage(store.localPath(STATE_KEYS.lease)), { purpose: 'tunelake run' })
 */
export interface LeaseStorage {
  /** For messages: where the records are. */
  readonly location: string
  generations(): Promise<number[]>
  read(generation: number): Promise<LeaseRecord | undefined>
  /** Creates the record whole; false (and nothing written) when its generation exists. */
  create(record: LeaseRecord): Promise<boolean>
  /**
   * Overwrites the record of a generation (only its holder does: renew, release); false (and
   * nothing written) when the record is no longer the one this process last read or wrote.
   */
  replace(record: LeaseRecord): Promise<boolean>
  remove(generation: number): Promise<void>
  /** True when the holder is certainly gone (a dead pid on this host); optional. */
  holderGone?(record: LeaseRecord): boolean
}

export type Acquired = { acquired: true; record: LeaseRecord } | { acquired: false; holder: LeaseRecord }

export class LeaseLostError extends TunelakeError {
  readonly kind = 'transient'
}

/**
 * A lease on the lake, so only one run acts on it at a time, that a crashed process cannot
 * hold forever. The holder is the newest generation while it is neither expired nor released;
 * taking over creates the next generation, which only one contender can create. A holder renews
 * before expiry; after a pause past the expiry it may find a newer generation and must stop.
 */
export class Lease {
  readonly owner: string
  readonly #purpose: string
  readonly #ttlMs: number
  readonly #clock: Pick<Clock, 'now'>
  #held: LeaseRecord | undefined

  constructor(
    private readonly storage: LeaseStorage,
    options: { purpose: string; ttlMs?: number; clock?: Pick<Clock, 'now'>; owner?: string },
  ) {
    this.#purpose = options.purpose
    this.#ttlMs = options.ttlMs ?? 60_000
    this.#clock = options.clock ?? systemClock
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${Math.random().toString(16).slice(2, 8)}`
  }

  get ttlMs(): number {
    return this.#ttlMs
  }

  get held(): LeaseRecord | undefined {
    return this.#held
  }

  /** The live holder of the lease, if any. */
  async holder(): Promise<LeaseRecord | undefined> {
    const latest = await this.#latest()
    return latest && this.#live(latest) ? latest : undefined
  }

  async tryAcquire(): Promise<Acquired> {
    const top = await this.#top()
    const latest = top === 0 ? undefined : await this.storage.read(top)
    if (latest && this.#live(latest)) {
      if (latest.owner !== this.owner) return { acquired: false, holder: latest }
      this.#held = latest
      await this.renew()
      return { acquired: true, record: this.#held }
    }
    const generation = top + 1
    const at = this.#clock.now()
    const record: LeaseRecord = {
      generation,
      owner: this.owner,
      purpose: this.#purpose,
      host: hostname(),
      pid: process.pid,
      acquired_at: new Date(at).toISOString(),
      expires_at: new Date(at + this.#ttlMs).toISOString(),
    }
    const newest = (await this.storage.create(record)) ? await this.#latest() : undefined
    if (newest?.generation !== generation || newest.owner !== this.owner) {
      // Someone else created this generation, or a newer one exists: theirs is the lease.
      if (newest?.owner !== this.owner) await this.#dropOwn(generation)
      const holder = await this.#latest()
      return holder && holder.owner !== this.owner
        ? { acquired: false, holder }
        : { acquired: false, holder: record }
    }
    this.#held = record
    for (const old of await this.storage.generations()) {
      if (old < generation - 1) await this.storage.remove(old)
    }
    return { acquired: true, record }
  }

  /** Extends the lease; throws LeaseLostError when another process took it over. */
  async renew(): Promise<void> {
    const held = this.#held
    if (!held) return
    const latest = await this.#latest()
    if (latest?.generation !== held.generation || latest.owner !== this.owner) {
      this.#held = undefined
      throw new LeaseLostError(
        `the lease on ${this.storage.location} was taken over by ${latest ? describeHolder(latest) : 'another process'} after this process let it expire; stopping`,
      )
    }
    const renewed = { ...held, expires_at: new Date(this.#clock.now() + this.#ttlMs).toISOString() }
    if (!(await this.storage.replace(renewed))) {
      this.#held = undefined
      throw new LeaseLostError(
        `the lease on ${this.storage.location} changed under this process while it renewed it; stopping`,
      )
    }
    this.#held = renewed
  }

  async release(): Promise<void> {
    const held = this.#held
    this.#held = undefined
    if (!held) return
    const latest = await this.#latest()
    if (latest?.generation !== held.generation || latest.owner !== this.owner) return
    // Written expired, not deleted: the generation number stays, so the next holder counts on.
    // A record that changed meanwhile is not this process's to release (replace says false).
    await this.storage.replace({
      ...held,
      released: true,
      expires_at: new Date(this.#clock.now()).toISOString(),
    })
  }

  #live(record: LeaseRecord): boolean {
    if (record.released || Date.parse(record.expires_at) <= this.#clock.now()) return false
    return record.owner === this.owner || !this.storage.holderGone?.(record)
  }

  async #top(): Promise<number> {
    return Math.max(0, ...(await this.storage.generations()))
  }

  async #latest(): Promise<LeaseRecord | undefined> {
    const top = await this.#top()
    return top === 0 ? undefined : await this.storage.read(top)
  }

  async #dropOwn(generation: number): Promise<void> {
    const record = await this.storage.read(generation)
    if (record?.owner === this.owner) await this.storage.remove(generation)
  }
}

/** `tunelake daemon (pid 4242 on host-a, since 2026-11-23T06:00:00.000Z)`. */
export function describeHolder(record: LeaseRecord): string {
  return `${record.purpose} (pid ${record.pid} on ${record.host}, since ${record.acquired_at})`
}
