import { spawnSync } from 'node:child_process'
import { mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { systemClock } from './daemon/clock.js'
import { Lease, LeaseLostError } from './lease.js'
import { FsLeaseStorage } from './lease-fs.js'
import { acquireLease, LakeBusyError } from './lease-keeper.js'

async function folder() {
  return path.join(await mkdtemp(path.join(tmpdir(), 'tunelake-lease-')), 'lease')
}

describe('Lease on a local folder', () => {
  it('lets one holder in at a time and names it to the others', async () => {
    const dir = await folder()
    const a = new Lease(new FsLeaseStorage(dir), { purpose: 'tunelake daemon' })
    const b = new Lease(new FsLeaseStorage(dir), { purpose: 'tunelake run' })
    expect((await a.tryAcquire()).acquired).toBe(true)
    const refused = await b.tryAcquire()
    expect(refused).toMatchObject({
      acquired: false,
      holder: { owner: a.owner, purpose: 'tunelake daemon', pid: process.pid, host: hostname() },
    })
    await a.release()
    expect(await b.holder()).toBeUndefined()
    expect(await b.tryAcquire()).toMatchObject({ acquired: true, record: { owner: b.owner, generation: 2 } })
  })

  it('gives exactly one of many simultaneous contenders the lease, also when taking over', async () => {
    const dir = await folder()
    let now = 1_000_000
    const contenders = Array.from(
      { length: 12 },
      () => new Lease(new FsLeaseStorage(dir), { purpose: 'p', ttlMs: 1_000, now: () => now }),
    )
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all(contenders.map((lease) => lease.tryAcquire()))
      const winners = results.filter((r) => r.acquired)
      expect(winners).toHaveLength(1)
      const winner = contenders[results.indexOf(winners[0]!)]!
      for (const r of results) if (!r.acquired) expect(r.holder.owner).toBe(winner.owner)
      now += 1_001 // the winner never renews: its lease expires and the next round takes over
    }
    const names = await readdir(dir)
    expect(names.filter((n) => n.startsWith('.tmp-'))).toEqual([])
    expect(names.length).toBeLessThanOrEqual(2) // superseded generations are removed
  })

  it('expires a holder that stopped renewing; that holder then learns it lost the lease', async () => {
    const dir = await folder()
    let now = 0
    const a = new Lease(new FsLeaseStorage(dir), { purpose: 'a', ttlMs: 60_000, now: () => now })
    const b = new Lease(new FsLeaseStorage(dir), { purpose: 'b', ttlMs: 60_000, now: () => now })
    await a.tryAcquire()
    now = 59_000
    expect((await b.tryAcquire()).acquired).toBe(false)
    await a.renew() // extends to 119 s
    now = 100_000
    expect((await b.tryAcquire()).acquired).toBe(false)
    now = 119_001
    expect((await b.tryAcquire()).acquired).toBe(true)
    await expect(a.renew()).rejects.toThrow(LeaseLostError)
    await a.release() // releasing a lost lease leaves the new holder alone
    expect((await b.holder())?.owner).toBe(b.owner)
  })

  it('takes over at once from a holder whose process is gone', async () => {
    const dir = await folder()
    const storage = new FsLeaseStorage(dir)
    const dead = spawnSync(process.execPath, ['-e', '']).pid
    await storage.create({
      generation: 7,
      owner: 'gone',
      purpose: 'tunelake daemon',
      host: hostname(),
      pid: dead,
      acquired_at: new Date().toISOString(),
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    })
    const lease = new Lease(storage, { purpose: 'tunelake run' })
    expect(await lease.tryAcquire()).toMatchObject({ acquired: true, record: { generation: 8 } })
  })

  it('says the lake is not writable when its folder is a file', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'tunelake-lease-')), 'a-file')
    await writeFile(file, 'x')
    const lease = new Lease(new FsLeaseStorage(path.join(file, '_state', 'lease'), file), { purpose: 'p' })
    await expect(lease.tryAcquire()).rejects.toThrow(
      new RegExp(`cannot write to the lake at ${file} \\(ENOTDIR\\): choose a writable folder`),
    )
  })
})

describe('acquireLease', () => {
  it('says who holds the lake when not waiting', async () => {
    const dir = await folder()
    const daemon = new Lease(new FsLeaseStorage(dir), { purpose: 'tunelake daemon' })
    await daemon.tryAcquire()
    const run = new Lease(new FsLeaseStorage(dir), { purpose: 'tunelake run' })
    const attempt = acquireLease(run, '/lakes/x', { waitMs: 0, clock: systemClock })
    await expect(attempt).rejects.toThrow(LakeBusyError)
    await expect(attempt).rejects.toThrow(
      new RegExp(
        `a run is in progress on the lake at /lakes/x: tunelake daemon \\(pid ${process.pid} on .*\\) holds it .*pass --wait`,
      ),
    )
  })

  it('waits for the holder to finish', async () => {
    const dir = await folder()
    const daemon = new Lease(new FsLeaseStorage(dir), { purpose: 'tunelake daemon' })
    await daemon.tryAcquire()
    const run = new Lease(new FsLeaseStorage(dir), { purpose: 'tunelake run' })
    const waited: string[] = []
    const acquired = acquireLease(run, '/lakes/x', {
      waitMs: 10_000,
      pollMs: 20,
      clock: systemClock,
      onWait: (holder) => waited.push(holder.purpose),
    })
    setTimeout(() => void daemon.release(), 100)
    expect(await acquired).toMatchObject({ owner: run.owner })
    expect(waited).toEqual(['tunelake daemon'])
  })
})
