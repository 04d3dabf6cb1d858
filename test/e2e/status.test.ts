import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PLAYLIST_IDS, type RunningEmulator, startEmulator } from '../../src/emulator/index.js'
import { FsObjectStore } from '../../src/lake/stores/fs.js'
import { leaseForLake } from '../../src/lease/lease-keeper.js'
import { writeScheduleState } from '../../src/pipeline/daemon/schedule-state.js'
import type { LakeStatus } from '../../src/pipeline/lake-status.js'
import { localDate } from '../../src/pipeline/schedule.js'
import { tunelake } from '../support/cli.js'

let emulator: RunningEmulator
let dir: string
let lake: string
let configFile: string

beforeAll(async () => {
  emulator = await startEmulator({ day: '2026-11-20' })
  dir = await mkdtemp(path.join(tmpdir(), 'tunelake-status-'))
  lake = path.join(dir, 'lake')
  configFile = path.join(dir, 'config.json')
  await writeFile(
    configFile,
    JSON.stringify({
      lake,
      sources: [
        { type: 'playlist', id: PLAYLIST_IDS.indieFinds },
        { type: 'playlist', id: '0000000000000000000000' },
      ],
      schedule: { cron: '0 6 * * *', timezone: 'Europe/Berlin' },
    }),
  )
  const env = {
    SPOTIFY_CLIENT_ID: emulator.clientId,
    SPOTIFY_CLIENT_SECRET: emulator.clientSecret,
    SPOTIFY_API_BASE_URL: emulator.apiBaseUrl,
    SPOTIFY_ACCOUNTS_BASE_URL: emulator.accountsBaseUrl,
  }
  const run = await tunelake(['run', '--config', configFile, '--date', '2026-11-20'], env)
  expect(run.code).toBe(1) // partial: one playlist is a 404
  expect(run.stdout).toMatch(/^extract: \d+ raw objects in [\d.]+ s/m) // progress lines off a terminal
  expect(run.stdout).toMatch(/^transform: (\d+) of \1 raw objects in [\d.]+ s/m)
  const bad =
    'raw/spotify/playlist_items/snapshot_date=2026-11-20/0000000000000000000000/20991231T000000Z-aaaaaa-0001.json'
  await mkdir(path.dirname(path.join(lake, bad)), { recursive: true })
  await writeFile(path.join(lake, bad), '{"truncated": ')
  const pending = await tunelake(['transform', '--pending', '--lake', lake])
  expect(pending.stdout).toMatch(/^transform: ([1-9]\d*) of \1 raw objects in [\d.]+ s/m) // progress off a terminal
  await writeScheduleState(new FsObjectStore(lake), {
    cron: '0 6 * * *',
    timezone: 'Europe/Berlin',
    last_slot: '2026-11-20T05:00:00.000Z',
    gaps: [
      {
        snapshot_date: '2026-11-19',
        scheduled_for: '2026-11-19T05:00:00.000Z',
        reason: 'no run at the scheduled 2026-11-19T05:00:00.000Z: the daemon was not running',
        recorded_at: '2026-11-20T05:00:01.000Z',
      },
    ],
    updated_at: '2026-11-20T05:00:01.000Z',
  })
})

afterAll(async () => {
  await emulator.close()
})

describe('tunelake status', () => {
  it('reports last runs, failures, quarantined objects, gaps and the next run as JSON', async () => {
    const result = await tunelake(['status', '--config', configFile, '--format', 'json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const status = JSON.parse(result.stdout) as LakeStatus
    expect(status.lake).toBe(lake)
    expect(status.busy).toBeNull()
    expect(status.runs[0]).toMatchObject({
      trigger: 'manual',
      snapshot_date: '2026-11-20',
      outcome: 'partial',
    })
    expect(status.runs[0]!.metrics.requests).toBeGreaterThan(0)
    expect(status.failures[0]!.errors).toEqual([
      expect.stringMatching(/playlist 0000000000000000000000 .*404/),
    ])
    expect(status.quarantined.total).toBe(1)
    expect(status.quarantined.objects[0]).toMatchObject({
      key: expect.stringContaining('20991231T000000Z-aaaaaa-0001.json'),
      reason: expect.stringMatching(/not valid JSON/),
    })
    expect(status.gaps.map((g) => g.snapshot_date)).toEqual(['2026-11-19'])
    const next = new Date(status.schedule!.next_run!)
    expect(next.getTime()).toBeGreaterThan(Date.now())
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3_600_000)
    const berlinTime = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      hour: '2-digit',
      minute: '2-digit',
    }).format(next)
    expect(berlinTime).toBe('06:00')
    expect(localDate(next, 'Europe/Berlin')).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  it('says in text who holds the lake, and lists each section', async () => {
    const lease = leaseForLake(new FsObjectStore(lake), { purpose: 'tunelake daemon' })!
    await lease.tryAcquire()
    try {
      const result = await tunelake(['status', '--lake', lake])
      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(
        new RegExp(`^now: busy, tunelake daemon \\(pid ${process.pid} on .*\\)`, 'm'),
      )
      expect(result.stdout).toMatch(/^schedule: 0 6 \* \* \* \(Europe\/Berlin\); next run \d{4}-/m)
      expect(result.stdout).toMatch(/^ {2}\S+ {2}manual {4}2026-11-20 {2}partial/m)
      expect(result.stdout).toMatch(/^quarantined objects \(1\):\n {2}raw\/spotify\/.*: .*not valid JSON/m)
      expect(result.stdout).toMatch(/^gaps \(1\):\n {2}2026-11-19: no run at the scheduled/m)
    } finally {
      await lease.release()
    }
  })

  it('lets transform and crawl wait for the run that holds the lake, or says who holds it', async () => {
    const lease = leaseForLake(new FsObjectStore(lake), { purpose: 'tunelake daemon' })!
    await lease.tryAcquire()
    try {
      for (const command of ['transform', 'crawl']) {
        const busy = await tunelake([command, '--lake', lake])
        expect(busy.code).toBe(1)
        expect(busy.stderr).toMatch(
          new RegExp(
            `^tunelake: a run is in progress on the lake at ${lake}: tunelake daemon \\(pid ${process.pid} .*--wait SECONDS`,
          ),
        )
      }
      const waiting = tunelake(['crawl', '--lake', lake, '--wait', '30'])
      setTimeout(() => void lease.release(), 1_500)
      const crawled = await waiting
      expect(crawled.code).toBe(0)
      expect(crawled.stderr).toMatch(
        /^tunelake: waiting for tunelake daemon \(pid \d+ on .*\) to finish with this lake$/m,
      )
    } finally {
      await lease.release()
    }
  })

  it('refuses an unknown format with one line and exit 2', async () => {
    const result = await tunelake(['status', '--lake', lake, '--format', 'yaml'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('tunelake: --format yaml is not a format; use text or json\n')
  })
})
