import { describe, expect, it } from 'vitest'
import { Lease, LeaseLostError, type LeaseStorage } from '../../src/lease/lease.js'
import { ManualClock } from '../support/manual-clock.js'

/**
 * Opens a fresh, empty place for lease records and returns a maker of storages on it: one per
 * contender, as each process has its own.
 */
export type LeasePlace = () => Promise<() => LeaseStorage>

/** The behaviour every `LeaseStorage` must give the lease, run against each adapter. */
export function leaseContract(name: string, place: LeasePlace): void {
  describe(`Lease on ${name}`, () => {
    it('creates a generation only once: a second create of it fails and changes nothing', async () => {
      const storage = await place()
      const record = {
        generation: 1,
        owner: 'first',
        purpose: 'tunelake daemon',
        host: 'host-a',
        pid: 1,
        acquired_at: '2026-11-23T06:00:00.000Z',
        expires_at: '2026-11-23T06:01:00.000Z',
      }
      expect(await storage().create(record)).toBe(true)
      expect(await storage().create({ ...record, owner: 'second' })).toBe(false)
      expect(await storage().read(1)).toEqual(record)
      expect(await storage().generations()).toEqual([1])
    })

    it('lets one holder in at a time and names it to the others', async () => {
      const storage = await place()
      const a = new Lease(storage(), { purpose: 'tunelake daemon' })
      const b = new Lease(storage(), { purpose: 'tunelake run' })
      expect((await a.tryAcquire()).acquired).toBe(true)
      const refused = await b.tryAcquire()
      expect(refused).toMatchObject({
        acquired: false,
        holder: { owner: a.owner, purpose: 'tunelake daemon', pid: process.pid },
      })
      await a.release()
      expect(await b.holder()).toBeUndefined()
      expect(await b.tryAcquire()).toMatchObject({
        acquired: true,
        record: { owner: b.owner, generation: 2 },
      })
    })

    it('gives exactly one of many simultaneous contenders the lease, also when taking over', async () => {
      const storage = await place()
      const clock = new ManualClock(1_000_000)
      const contenders = Array.from(
        { length: 12 },
        () => new Lease(storage(), { purpose: 'p', ttlMs: 1_000, clock }),
      )
      for (let round = 0; round < 5; round++) {
        const results = await Promise.all(contenders.map((lease) => lease.tryAcquire()))
        const winners = results.filter((r) => r.acquired)
        expect(winners).toHaveLength(1)
        const winner = contenders[results.indexOf(winners[0]!)]!
        for (const r of results) if (!r.acquired) expect(r.holder.owner).toBe(winner.owner)
        await clock.advance(1_001) // the winner never renews: its lease expires and the next round takes over
      }
      expect((await storage().generations()).length).toBeLessThanOrEqual(2) // superseded ones go
    })

    it('expires a holder that stopped renewing; that holder then learns it lost the lease', async () => {
      const storage = await place()
      const clock = new ManualClock(0)
      const a = new Lease(storage(), { purpose: 'a', ttlMs: 60_000, clock })
      const b = new Lease(storage(), { purpose: 'b', ttlMs: 60_000, clock })
      await a.tryAcquire()
      await clock.advanceTo(59_000)
      expect((await b.tryAcquire()).acquired).toBe(false)
      await a.renew() // extends to 119 s
      await clock.advanceTo(100_000)
      expect((await b.tryAcquire()).acquired).toBe(false)
      await clock.advanceTo(119_001)
      expect((await b.tryAcquire()).acquired).toBe(true)
      await expect(a.renew()).rejects.toThrow(LeaseLostError)
      await a.release() // releasing a lost lease leaves the new holder alone
      expect((await b.holder())?.owner).toBe(b.owner)
    })
  })
}
