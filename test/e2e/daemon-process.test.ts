import { type ChildProcess, spawn } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PLAYLIST_IDS, type RunningEmulator, startEmulator } from '../../src/emulator/index.js'
import { listAll } from '../../src/lake/object-store.js'
import { FsObjectStore } from '../../src/lake/stores/fs.js'
import { readRunRecords } from '../../src/pipeline/run-ledger.js'
import { tunelake } from '../support/cli.js'

const BIN = fileURLToPath(new URL('../../bin/tunelake.js', import.meta.url))
const SECRET = 'planted-spotify-secret-e2e-7731'
const AWS_SECRET = 'planted-aws-secret-key-e2e-0042'
const today = new Date().toISOString().slice(0, 10)

let emulator: RunningEmulator
let dir: string
const outputs: string[] = [] // every byte any child wrote, to look for secrets at the end

function env(): NodeJS.ProcessEnv {
  return {
    SPOTIFY_CLIENT_ID: emulator.clientId,
    SPOTIFY_CLIENT_SECRET: SECRET,
    SPOTIFY_API_BASE_URL: emulator.apiBaseUrl,
    SPOTIFY_ACCOUNTS_BASE_URL: emulator.accountsBaseUrl,
    AWS_SECRET_ACCESS_KEY: AWS_SECRET,
    TUNELAKE_LOG_LEVEL: 'debug',
  }
}

interface Daemon {
  child: ChildProcess
  lines: Record<string, unknown>[]
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  waitFor(predicate: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<void>
}

/** `tunelake daemon ...` in a child process, its JSON log lines parsed as they come. */
function daemon(args: string[]): Daemon {
  const child = spawn(process.execPath, [BIN, 'daemon', ...args], { env: { ...process.env, ...env() } })
  const lines: Record<string, unknown>[] = []
  const waiters: (() => void)[] = []
  let pending = ''
  child.stdout.on('data', (chunk: Buffer) => {
    outputs.push(String(chunk))
    pending += String(chunk)
    const complete = pending.split('\n')
    pending = complete.pop()!
    for (const line of complete) if (line) lines.push(JSON.parse(line))
    for (const wake of waiters.splice(0)) wake()
  })
  child.stderr.on('data', (chunk: Buffer) => outputs.push(String(chunk)))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  )
  return {
    child,
    lines,
    exited,
    async waitFor(predicate, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs
      while (!lines.some(predicate)) {
        if (Date.now() > deadline)
          throw new Error(`no such log line; got:\n${lines.map((l) => l.msg).join('\n')}`)
        await Promise.race([new Promise<void>((r) => waiters.push(r)), exited, sleep(200)])
      }
    },
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const finished = (l: Record<string, unknown>) => l.msg === 'run finished'
const idleAfterRun = (d: Daemon) => (l: Record<string, unknown>) =>
  l.msg === 'daemon idle' && d.lines.indexOf(l) > d.lines.findIndex(finished) && d.lines.some(finished)

/** Every transformed file by key, with its eTag (the MD5 of its bytes: the writer is deterministic). */
async function tables(lake: string): Promise<Record<string, string>> {
  const objects = await listAll(new FsObjectStore(lake), 'transformed/')
  return Object.fromEntries(objects.map((o) => [o.key, o.etag]))
}

async function allFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name))
}

async function config(name: string, lake: string): Promise<string> {
  const file = path.join(dir, name)
  await writeFile(
    file,
    JSON.stringify({
      lake,
      sources: [
        { type: 'playlist', id: PLAYLIST_IDS.chart },
        { type: 'playlist', id: PLAYLIST_IDS.nightDrive },
      ],
      schedule: { cron: '0 3 1 1 *', timezone: 'UTC' }, // never due during the test
    }),
  )
  return file
}

beforeAll(async () => {
  emulator = await startEmulator({ day: today, clientSecret: SECRET })
  dir = await mkdtemp(path.join(tmpdir(), 'tunelake-daemon-proc-'))
})

afterAll(async () => {
  await emulator.close()
})

describe('tunelake daemon as a process', () => {
  let undisturbed: Record<string, string>
  let reference: string

  it('runs at start with --run-now, then stops cleanly on SIGTERM', async () => {
    reference = path.join(dir, `lake-${SECRET}`) // a secret in the config: the logs must not show it
    const d = daemon(['--config', await config('a.json', reference), '--run-now'])
    await d.waitFor(idleAfterRun(d))
    d.child.kill('SIGTERM')
    expect(await d.exited).toEqual({ code: 0, signal: null })
    expect(d.lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['daemon started', 'daemon stopped']))
    const run = d.lines.find(finished)!
    expect(run).toMatchObject({ outcome: 'succeeded', run_id: expect.any(String) })
    expect(d.lines.filter((l) => l.run_id === run.run_id).length).toBeGreaterThan(3)
    undisturbed = await tables(reference)
    expect(Object.keys(undisturbed).length).toBeGreaterThan(5)
  })

  it('after a kill -9 mid-run and a restart, converges to the tables of an undisturbed run', async () => {
    const lake = path.join(dir, 'lake-killed')
    const file = await config('b.json', lake)
    emulator.setFaults({ latencyMs: 1_000 }) // a slow Spotify, so the probe and the kill land mid-extraction
    const d = daemon(['--config', file, '--run-now'])
    try {
      await d.waitFor((l) => l.msg === 'run started')
      while ((await listAll(new FsObjectStore(lake), 'raw/')).length < 3) await sleep(50)
      // A manual run beside the busy daemon says so and changes nothing.
      const manual = await tunelake(['run', '--config', file], env())
      expect(manual.code).toBe(1)
      expect(manual.stderr.trimEnd().split('\n')).toHaveLength(1)
      expect(manual.stderr).toMatch(
        new RegExp(
          `a run is in progress on the lake at ${lake}: tunelake daemon \\(pid ${d.child.pid} on .*\\) holds it .*pass --wait SECONDS`,
        ),
      )
      d.child.kill('SIGKILL')
      expect((await d.exited).signal).toBe('SIGKILL')
    } finally {
      emulator.setFaults({})
    }
    expect(await tables(lake)).not.toEqual(undisturbed)

    const restarted = daemon(['--config', file])
    await restarted.waitFor(idleAfterRun(restarted))
    expect(
      restarted.lines.find((l) => l.msg === 'found a run its process did not finish; marked interrupted'),
    ).toBeTruthy()
    restarted.child.kill('SIGTERM')
    expect((await restarted.exited).code).toBe(0)
    expect(await tables(lake)).toEqual(undisturbed)
    const runs = await readRunRecords(new FsObjectStore(lake))
    expect(runs.find((r) => r.trigger === 'retry')).toMatchObject({ outcome: 'succeeded', attempt: 2 })
    expect(runs.at(-1)).toMatchObject({ trigger: 'startup', outcome: 'interrupted' })
    expect(runs.filter((r) => r.outcome === 'running')).toEqual([])
  })

  it('on SIGTERM mid-transform finishes the partition in hand and leaves nothing partial', async () => {
    // Four snapshot dates of raw objects, cloned from the reference lake's day.
    const lake = path.join(dir, 'lake-sigterm')
    const dates = Array.from({ length: 4 }, (_, i) => `2026-01-${String(i + 10).padStart(2, '0')}`)
    for (const object of await listAll(new FsObjectStore(reference), 'raw/')) {
      const text = await readFile(path.join(reference, object.key), 'utf8')
      for (const date of dates) {
        const key = object.key.replace(`snapshot_date=${today}`, `snapshot_date=${date}`)
        await mkdir(path.dirname(path.join(lake, key)), { recursive: true })
        await writeFile(
          path.join(lake, key),
          text.replaceAll(`"snapshot_date":"${today}"`, `"snapshot_date":"${date}"`),
        )
      }
    }
    const d = daemon(['--lake', lake])
    await d.waitFor((l) => l.msg === 'snapshot date transformed')
    d.child.kill('SIGTERM')
    expect(await d.exited).toEqual({ code: 0, signal: null })
    expect(d.lines.at(-1)?.msg).toBe('daemon stopped')

    const files = await allFiles(lake)
    expect(files.filter((f) => f.includes('.tmp-'))).toEqual([])
    const ledgers = (await readdir(path.join(lake, '_state', 'transform-ledger'))).map((f) => f.slice(14, 24))
    const withTables = new Set(
      Object.keys(await tables(lake)).flatMap((k) => /snapshot_date=([\d-]+)/.exec(k)?.[1] ?? []),
    )
    expect([...withTables].sort()).toEqual(ledgers.sort()) // a date has its tables exactly when its ledger says so
    expect(ledgers.length).toBeLessThan(dates.length) // it stopped midway
    for (const ledger of ledgers) {
      const { outputs } = JSON.parse(
        await readFile(path.join(lake, '_state', 'transform-ledger', `snapshot_date=${ledger}.json`), 'utf8'),
      ) as { outputs: string[] }
      for (const key of outputs) {
        const bytes = await readFile(path.join(lake, key))
        expect([bytes.subarray(0, 4).toString(), bytes.subarray(-4).toString()]).toEqual(['PAR1', 'PAR1'])
      }
    }

    const restarted = daemon(['--lake', lake])
    await restarted.waitFor((l) => l.msg === 'daemon idle' && restarted.lines.some(finished))
    restarted.child.kill('SIGTERM')
    expect((await restarted.exited).code).toBe(0)
    const done = await tables(lake)
    const reference_ = Object.entries(undisturbed)
    for (const date of dates) {
      const ofDate = Object.entries(done)
        .filter(([key]) => key.includes(`snapshot_date=${date}/`))
        .map(([key, etag]) => [key.replace(date, today), etag])
      expect(ofDate.sort()).toEqual(
        reference_.filter(([key]) => key.includes(`snapshot_date=${today}/`)).sort(),
      )
    }
  })

  it('refuses a schedule it cannot follow with one line and exit 2', async () => {
    const file = path.join(dir, 'bad-schedule.json')
    await writeFile(
      file,
      JSON.stringify({
        sources: [{ type: 'playlist', id: PLAYLIST_IDS.chart }],
        schedule: { cron: '0 6 * *' },
      }),
    )
    const result = await tunelake(['daemon', '--config', file, '--lake', path.join(dir, 'lake-bad')], env())
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      /^tunelake: .*bad-schedule.json: schedule: "0 6 \* \*" is not a cron expression .*\n$/,
    )
  })

  it('never writes a planted secret to its output or the lake', async () => {
    const everything = outputs.join('')
    expect(everything).toContain('[REDACTED]') // the lake path held the secret
    for (const secret of [
      SECRET,
      AWS_SECRET,
      Buffer.from(`${emulator.clientId}:${SECRET}`).toString('base64'),
    ]) {
      expect(everything).not.toContain(secret)
    }
    for (const file of await allFiles(dir)) {
      if (file.endsWith('.parquet')) continue
      expect(await readFile(file, 'utf8')).not.toContain(AWS_SECRET)
    }
  })
})
