import { spawn } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PLAYLIST_IDS, type RunningEmulator, startEmulator } from '../../src/emulator/index.js'
import { openS3Store } from '../../src/lake/stores/s3-from-env.js'
import { Lease, type LeaseRecord } from '../../src/lease/lease.js'
import { s3LeaseStorageFromEnv } from '../../src/lease/storages/s3-from-env.js'
import type { LakeStatus } from '../../src/pipeline/lake-status.js'
import { readRunRecords } from '../../src/pipeline/run-ledger.js'
import { type RunningS3, startS3 } from '../contracts/s3-server.js'
import { tunelake } from '../support/cli.js'

/*
 * The lease of a lake on S3, through the real CLI against s3rver. s3rver ignores conditional
 * PUTs, so these tests show the lease as users meet it (who holds the lake, waiting, taking
 * it after release); that only one of two racing creates wins is checked in src/lease/storages/s3.test.ts.
 */
const BIN = fileURLToPath(new URL('../../bin/tunelake.js', import.meta.url))
const today = new Date().toISOString().slice(0, 10)
const LAKE = 's3://lake/shared'
const LOCATION = { bucket: 'lake', prefix: 'shared/' }

let s3: RunningS3
let emulator: RunningEmulator
let env: Record<string, string>
let configFile: string

/** Another process's hold on the lake, as a second machine would take it. */
function otherHolder(purpose: string): Lease {
  return new Lease(s3LeaseStorageFromEnv(LOCATION, LAKE, s3.env), { purpose })
}

async function latestRecord(): Promise<LeaseRecord | undefined> {
  const storage = s3LeaseStorageFromEnv(LOCATION, LAKE, s3.env)
  const top = Math.max(0, ...(await storage.generations()))
  return storage.read(top)
}

beforeAll(async () => {
  s3 = await startS3(['lake'])
  emulator = await startEmulator({ day: today })
  env = {
    ...s3.env,
    SPOTIFY_CLIENT_ID: emulator.clientId,
    SPOTIFY_CLIENT_SECRET: emulator.clientSecret,
    SPOTIFY_API_BASE_URL: emulator.apiBaseUrl,
    SPOTIFY_ACCOUNTS_BASE_URL: emulator.accountsBaseUrl,
    TUNELAKE_CACHE_DIR: await mkdtemp(path.join(tmpdir(), 'tunelake-cache-')),
  }
  configFile = path.join(await mkdtemp(path.join(tmpdir(), 'tunelake-s3-lease-')), 'config.json')
  await writeFile(
    configFile,
    JSON.stringify({ lake: LAKE, sources: [{ type: 'playlist', id: PLAYLIST_IDS.indieFinds }] }),
  )
})

afterAll(async () => {
  await emulator?.close()
  await s3?.close()
})

describe('the lease of an S3 lake', () => {
  it('makes tunelake run say who holds the lake, status show it busy, and run take it once free', async () => {
    const daemon = otherHolder('tunelake daemon')
    expect((await daemon.tryAcquire()).acquired).toBe(true)
    const refused = await tunelake(['run', '--config', configFile], env)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(
      new RegExp(
        `^tunelake: a run is in progress on the lake at ${LAKE}: tunelake daemon \\(pid ${process.pid} on .+, since ${daemon.held!.acquired_at}\\) holds it \\(lease until ${daemon.held!.expires_at}\\); try again when it ends, or pass --wait SECONDS to wait for it\\n$`,
      ),
    )
    const status = await tunelake(['status', '--lake', LAKE, '--format', 'json'], env)
    expect(status.code).toBe(0)
    expect((JSON.parse(status.stdout) as LakeStatus).busy).toMatchObject({
      purpose: 'tunelake daemon',
      owner: daemon.owner,
    })

    await daemon.release()
    const run = await tunelake(['run', '--config', configFile], env)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const record = await latestRecord()
    expect(record).toMatchObject({ purpose: 'tunelake run', released: true })
    const runs = await readRunRecords(openS3Store(LOCATION, s3.env))
    expect(runs.find((r) => r.trigger === 'manual')).toMatchObject({
      owner: record!.owner,
      outcome: 'succeeded',
    })
  }, 120_000)

  it('makes the daemon wait while another process holds the lake, then take the lease', async () => {
    const run = otherHolder('tunelake run')
    expect((await run.tryAcquire()).acquired).toBe(true)
    const child = spawn(process.execPath, [BIN, 'daemon', '--lake', LAKE], {
      env: { ...process.env, ...env },
    })
    const lines: Record<string, unknown>[] = []
    let pending = ''
    let stderr = ''
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    const logged = (msg: string) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const look = () => {
          const line = lines.find((l) => l.msg === msg)
          if (line) resolve(line)
        }
        child.stdout.on('data', (chunk) => {
          pending += chunk
          const complete = pending.split('\n')
          pending = complete.pop()!
          for (const text of complete) if (text) lines.push(JSON.parse(text))
          look()
        })
        exited.then(() => reject(new Error(`the daemon exited: ${stderr}`)))
        look()
      })
    try {
      const waiting = await logged('waiting: another run holds the lake')
      expect(waiting.holder).toMatch(new RegExp(`^tunelake run \\(pid ${process.pid} on `))
      await run.release()
      await logged('daemon idle') // it took the lease, did its start-up work, and let it go
      expect(await latestRecord()).toMatchObject({ purpose: 'tunelake daemon', released: true })
    } finally {
      child.kill('SIGTERM')
    }
    expect(await exited).toBe(0)
    expect(stderr).toBe('')
  }, 120_000)
})
