import { stat } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemClock } from '../../src/clock.js'
import { PLAYLIST_IDS, type RunningEmulator, startEmulator } from '../../src/emulator/index.js'
import { extractRun } from '../../src/extract/extract-run.js'
import { newRunId } from '../../src/extract/run-id.js'
import type { ObjectCreatedRecord } from '../../src/lake/object-created.js'
import { listAll, type ObjectStore } from '../../src/lake/object-store.js'
import { FsObjectStore } from '../../src/lake/stores/fs.js'
import { ManualClock } from '../support/manual-clock.js'
import { tempLake } from '../support/temp-lake.js'
import { capturedLogger, daemonOn, emulatorClient, manualEvents, runsOf } from './daemon-harness.js'

let emulator: RunningEmulator

beforeAll(async () => {
  emulator = await startEmulator({ day: '2026-05-04' })
})

afterAll(async () => {
  await emulator.close()
})

/** Extracts one playlist into the lake through `store`, as a run of another component would. */
async function extract(store: ObjectStore, snapshotDate: string): Promise<ObjectCreatedRecord[]> {
  const records: ObjectCreatedRecord[] = []
  const stop = store.onObjectCreated((record) => records.push(record))
  try {
    await extractRun(emulatorClient(emulator, systemClock), store, {
      runId: newRunId(),
      snapshotDate,
      playlistIds: [PLAYLIST_IDS.indieFinds],
      apiMode: 'auto',
    })
  } finally {
    stop()
  }
  return records.filter((r) => r.s3.object.key.startsWith('raw/'))
}

async function partitionFiles(store: ObjectStore, date: string) {
  return (await listAll(store, 'transformed/')).filter((o) => o.key.includes(`snapshot_date=${date}/`))
}

const tableOf = (key: string) => key.split('/')[1]!
const CORE_TABLES = ['playlist_tracks', 'playlists', 'tracks', 'track_artists', 'albums', 'artists']

/** Every table of the partition, each in exactly one file. */
async function expectWholePartition(store: ObjectStore, date: string) {
  const tables = (await partitionFiles(store, date)).map((f) => tableOf(f.key))
  expect(new Set(tables).size).toBe(tables.length)
  expect(tables).toEqual(expect.arrayContaining(CORE_TABLES))
  return tables
}

describe('the daemon reacts to object-created events', () => {
  it('transforms the partition of new raw objects, then refreshes the catalog', async () => {
    const clock = new ManualClock('2026-05-04T08:00:00Z')
    const { dir } = await tempLake('daemon-events')
    const { daemon, store } = daemonOn(dir, clock, { ...capturedLogger() })
    await daemon.start()
    await daemon.whenIdle()
    await extract(store, '2026-05-04') // written through the daemon's own store: it hears every put
    await clock.advance(100)
    await daemon.whenIdle()
    const [run] = await runsOf(store)
    expect(run).toMatchObject({
      trigger: 'event',
      outcome: 'succeeded',
      transform: { dates: ['2026-05-04'] },
    })
    const tables = await expectWholePartition(store, '2026-05-04')
    await clock.advance(1_000) // the debounced crawl
    await daemon.whenIdle()
    expect((await runsOf(store)).map((r) => [r.trigger, r.crawl ? 'crawl' : 'transform'])).toEqual([
      ['event', 'transform'],
      ['event', 'crawl'],
    ])
    expect(await listAll(store, '_catalog/tunelake/')).toHaveLength(tables.length)
    await daemon.stop()
  })

  it('gives one output for duplicate and reordered events, and ignores late duplicates', async () => {
    const clock = new ManualClock('2026-05-04T08:00:00Z')
    const { dir } = await tempLake('daemon-dupes')
    const events = manualEvents()
    const { daemon, store } = daemonOn(dir, clock, { ...capturedLogger(), events: events.source })
    await daemon.start()
    await daemon.whenIdle()
    const records = await extract(new FsObjectStore(dir), '2026-05-04') // another writer: no events reach the daemon
    expect(records.length).toBeGreaterThan(2)
    events.emit([...records].reverse())
    events.emit([records[0]!, records[1]!, records[0]!])
    await clock.advance(100)
    await daemon.whenIdle()
    await expectWholePartition(store, '2026-05-04')
    const files = await partitionFiles(store, '2026-05-04')
    const before = await Promise.all(files.map((f) => stat(path.join(dir, f.key))))
    expect((await runsOf(store)).filter((r) => r.transform)).toHaveLength(1)

    events.emit(records) // at-least-once delivery: the same events again, later
    await clock.advance(100)
    await daemon.whenIdle()
    expect((await runsOf(store)).filter((r) => r.transform)).toHaveLength(1)
    const after = await Promise.all(files.map((f) => stat(path.join(dir, f.key))))
    expect(after.map((s) => s.mtimeMs)).toEqual(before.map((s) => s.mtimeMs))
    await daemon.stop()
  })
})

describe('the reconcile sweep', () => {
  it('transforms objects written while the daemon was stopped, and by another process meanwhile', async () => {
    const clock = new ManualClock('2026-05-04T08:00:00Z')
    const { dir } = await tempLake('daemon-sweep')
    const other = new FsObjectStore(dir)
    await extract(other, '2026-05-03') // before the daemon starts
    const { daemon, store } = daemonOn(dir, clock, { ...capturedLogger(), reconcileIntervalMs: 60_000 })
    await daemon.start()
    await daemon.whenIdle()
    expect((await runsOf(store)).map((r) => [r.trigger, r.transform?.dates])).toEqual([
      ['sweep', ['2026-05-03']],
    ])
    await extract(other, '2026-05-04') // another process: the daemon hears nothing
    await clock.advance(59_999)
    await daemon.whenIdle()
    expect(await partitionFiles(store, '2026-05-04')).toEqual([])
    await clock.advance(1)
    await daemon.whenIdle()
    await expectWholePartition(store, '2026-05-04')
    await daemon.stop()
  })
})

describe('two daemons on one lake', () => {
  it('never run at once: the second waits for the lease, then runs', async () => {
    const { dir } = await tempLake('daemon-two')
    const logs = [capturedLogger(), capturedLogger()]
    const extraction = {
      client: emulatorClient(emulator, systemClock),
      playlistIds: [PLAYLIST_IDS.indieFinds],
      apiMode: 'auto' as const,
      schedule: { cron: '0 3 1 1 *', timezone: 'UTC' },
    }
    const daemons = logs.map((log) => daemonOn(dir, systemClock, { ...log, extraction, runNow: true }))
    await Promise.all(daemons.map((d) => d.daemon.start()))
    await Promise.all(daemons.map((d) => d.daemon.whenIdle()))
    const runs = (await runsOf(daemons[0]!.store)).filter((r) => r.trigger === 'startup')
    expect(runs).toHaveLength(2)
    expect(new Set(runs.map((r) => r.owner)).size).toBe(2)
    const [a, b] = runs.map((r) => [Date.parse(r.started_at), Date.parse(r.ended_at!)] as const)
    expect(a![1] <= b![0] || b![1] <= a![0]).toBe(true)
    const waited = logs.flatMap((l) => l.lines).filter((l) => l.msg === 'waiting: another run holds the lake')
    expect(waited.length).toBeGreaterThan(0)
    await Promise.all(daemons.map((d) => d.daemon.stop()))
  })
})
