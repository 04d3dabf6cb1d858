import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listAll } from '../../src/lake/object-store.js'
import { FsObjectStore } from '../../src/lake/stores/fs.js'
import { readRunRecords } from '../../src/pipeline/run-ledger.js'
import { rawExamplePlaylist } from '../support/spotify-examples.js'

const BIN = fileURLToPath(new URL('../../bin/tunelake.js', import.meta.url))
const run = promisify(execFile)

let lake: string
let daemon: ChildProcess
let log = ''

/**
 * Another process writing one raw object: `rename` puts it in place whole (as tunelake's stores and
 * rsync do); `in-place` writes it in two pieces 100 ms apart (as cp may).
 */
async function otherProcessWrites(date: string, how: 'rename' | 'in-place'): Promise<void> {
  const { key, body } = rawExamplePlaylist(date)
  const source = path.join(lake, '..', `${date}.json`)
  await writeFile(source, body)
  const script = `
    const fs = require('node:fs'), path = require('node:path')
    const [source, target, how] = process.argv.slice(1)
    const body = fs.readFileSync(source)
    fs.mkdirSync(path.dirname(target), { recursive: true })
    if (how === 'rename') {
      fs.writeFileSync(target + '.tmp-0badc0de', body)
      fs.renameSync(target + '.tmp-0badc0de', target)
    } else {
      const fd = fs.openSync(target, 'w')
      fs.writeSync(fd, body.subarray(0, 100))
      setTimeout(() => { fs.writeSync(fd, body.subarray(100)); fs.closeSync(fd) }, 100)
    }`
  await run(process.execPath, ['-e', script, source, path.join(lake, ...key.split('/')), how])
}

async function transformedWithin(date: string, ms: number): Promise<string[]> {
  const store = new FsObjectStore(lake)
  const deadline = Date.now() + ms
  for (;;) {
    const ledger = await store.head(`_state/transform-ledger/snapshot_date=${date}.json`)
    if (ledger || Date.now() > deadline) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return (await listAll(store, 'transformed/'))
    .map((o) => o.key)
    .filter((key) => key.includes(`snapshot_date=${date}/`))
}

beforeAll(async () => {
  lake = path.join(await mkdtemp(path.join(tmpdir(), 'tunelake-watch-e2e-')), 'lake')
  await new FsObjectStore(lake).put('raw/.keep', '')
  // No config: the daemon only transforms and crawls, and its sweep is every 300 s.
  daemon = spawn(process.execPath, [BIN, 'daemon', '--lake', lake], {
    env: { ...process.env, TUNELAKE_LOG_FORMAT: 'json' },
  })
  daemon.stdout?.on('data', (chunk) => {
    log += String(chunk)
  })
  const started = Date.now()
  while (!log.includes('daemon idle') && Date.now() - started < 30_000) {
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
})

afterAll(async () => {
  daemon?.kill('SIGTERM')
  await new Promise((resolve) => daemon?.once('exit', resolve))
})

describe('the daemon on a lake folder sees raw objects any process writes', () => {
  it('transforms an object another process renamed into place within seconds, not at the 300 s sweep', async () => {
    await otherProcessWrites('2026-11-20', 'rename')
    const files = await transformedWithin('2026-11-20', 15_000)
    expect(files.some((key) => key.startsWith('transformed/playlist_tracks/'))).toBe(true)
    const runs = await readRunRecords(new FsObjectStore(lake), 10)
    expect(runs.find((r) => r.transform?.dates.includes('2026-11-20'))).toMatchObject({
      trigger: 'event',
      outcome: 'succeeded',
    })
  })

  it('transforms an object written in place in pieces once it is whole, quarantining nothing', async () => {
    await otherProcessWrites('2026-11-21', 'in-place')
    expect((await transformedWithin('2026-11-21', 15_000)).length).toBeGreaterThan(0)
    const runs = await readRunRecords(new FsObjectStore(lake), 10)
    const transform = runs.find((r) => r.transform?.dates.includes('2026-11-21'))?.transform
    expect(transform).toMatchObject({ quarantined: [] })
    expect(await listAll(new FsObjectStore(lake), 'quarantine/')).toEqual([])
  })
})
