import { spawnSync } from 'node:child_process'
import { mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { leaseContract } from '../../test/contracts/lease-contract.js'
import { systemClock } from '../clock.js'
import { Lease } from './lease.js'
import { acquireLease, LakeBusyError } from './lease-keeper.js'
import { FsLeaseStorage } from './storages/fs.js'

async function folder() {
  return path.join(await mkdtemp(path.join(tmpdir(), 'tunelake-lease-')), 'lease')
}

leaseContract('a local folder', async () => {
  const dir = await folder()
  return () => new FsLeaseStorage(dir)
})

describe('Lease on a local folder', () => {
  it('leaves no temp files behind a crowd of contenders', async () => {
    const dir = await folder()
    const contenders = Array.from({ length: 12 }, () => new Lease(new FsLeaseStorage(dir), { purpose: 'p' }))
    await Promise.all(contenders.map((lease) => lease.tryAcquire()))
    expect((await readdir(dir)).filter((n) => n.startsWith('.tmp-'))).toEqual([])
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
