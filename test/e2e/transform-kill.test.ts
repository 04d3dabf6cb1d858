import { spawn } from 'node:child_process'
import { cp, mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { startEmulator } from '../../src/emulator/index.js'
import { ListeningHistory } from '../../src/emulator/listening-history.js'
import { extractRun } from '../../src/extract/extract-run.js'
import { importSpotifyExport } from '../../src/import/import-export.js'
import { STATE_KEYS } from '../../src/lake/layout.js'
import { listAll } from '../../src/lake/object-store.js'
import { FsObjectStore } from '../../src/lake/stores/fs.js'
import { demoUserClient } from '../../src/pipeline/run-demo.js'
import { SpotifyClient } from '../../src/spotify/spotify-client.js'
import { ClientCredentialsTokenProvider } from '../../src/spotify/token-provider.js'
import { tunelake } from '../support/cli.js'
import { historyStreams } from '../support/plays-table.js'
import { exportFolder } from '../support/spotify-export-files.js'

const BIN = fileURLToPath(new URL('../../bin/tunelake.js', import.meta.url))
const DAYS = ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']
/** The snapshot dates of the raw zone: the days, and the two months the imported export's streams land in. */
const DATES = ['2026-10-01', '2026-11-01', ...DAYS]

/**
 * A lake holding only the raw zone: four days extracted from the emulator, not transformed. Each
 * day also lands the last 50 plays with no state, so the plays partitions are shared by dates,
 * and an imported export holds the same plays (a few seconds later) and earlier ones, back into
 * October (two plays partitions).
 */
async function rawLake(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tunelake-kill-raw-'))
  const store = new FsObjectStore(dir)
  const emulator = await startEmulator({ day: DAYS[0] })
  try {
    const client = new SpotifyClient({
      apiBaseUrl: emulator.apiBaseUrl,
      tokens: new ClientCredentialsTokenProvider(emulator),
      concurrency: 8,
    })
    for (const [i, day] of DAYS.entries()) {
      emulator.setDay(day)
      await extractRun(client, store, {
        runId: `${day.replaceAll('-', '')}T060000Z-kill0${i}`,
        snapshotDate: day,
        playlistIds: emulator.playlists.map((p) => p.id),
        apiMode: 'extended',
      })
      for (const key of [STATE_KEYS.extractState, STATE_KEYS.extractCheckpoint]) await store.delete(key)
      await extractRun(demoUserClient(emulator), store, {
        runId: `${day.replaceAll('-', '')}T070000Z-kill1${i}`,
        snapshotDate: day,
        sources: [{ type: 'recently_played' }],
        apiMode: 'extended',
      })
    }
    const streams = historyStreams(new ListeningHistory(2026, emulator.catalog), '2026-10-28', DAYS.at(-1)!)
    await importSpotifyExport(store, await exportFolder({ 'Streaming_History_Audio_2026_0.json': streams }))
  } finally {
    await emulator.close()
  }
  return dir
}

async function copyOf(dir: string): Promise<string> {
  const copy = await mkdtemp(path.join(tmpdir(), 'tunelake-kill-'))
  await cp(path.join(dir, 'raw'), path.join(copy, 'raw'), { recursive: true })
  return copy
}

/** Every transformed file (by key) with its eTag: the MD5 of its bytes. */
async function tables(dir: string): Promise<Record<string, string>> {
  const objects = await listAll(new FsObjectStore(dir), 'transformed/')
  return Object.fromEntries(objects.map((o) => [o.key, o.etag]))
}

/** The ledger's entries as the lake lists them: a temp file the kill left behind is not one. */
async function ledgers(dir: string): Promise<string[]> {
  const entries = await listAll(new FsObjectStore(dir), STATE_KEYS.transformLedger)
  return entries.map((o) => o.key).sort()
}

/** Starts `tunelake transform --all` and SIGKILLs it as soon as a folder of `table` is in place. */
async function transformKilledMidway(lake: string, table: string): Promise<void> {
  const child = spawn(process.execPath, [BIN, 'transform', '--all', '--lake', lake], { stdio: 'ignore' })
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  )
  const folder = path.join(lake, 'transformed', table)
  while (child.exitCode === null) {
    if ((await readdir(folder).catch(() => [])).length > 0) {
      child.kill('SIGKILL')
      break
    }
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  expect(await exited).toBe('SIGKILL')
}

describe('a transform killed midway', () => {
  let raw: string
  let expected: Record<string, string>
  let undisturbed: string

  beforeAll(async () => {
    raw = await rawLake()
    undisturbed = await copyOf(raw)
    const reference = await tunelake(['transform', '--all', '--lake', undisturbed])
    expect(reference.code).toBe(0)
    expect(await ledgers(undisturbed)).toHaveLength(DATES.length)
    expected = await tables(undisturbed)
    expect(
      Object.keys(expected).filter((key) => key.startsWith('transformed/plays/')).length,
    ).toBeGreaterThan(1)
  }, 180_000)

  // In the imported month's plays partitions (its first), and in a day's tables (later).
  it.each(['plays', 'tracks'])(
    'killed writing %s: leaves dates pending, and --pending then gives the tables of an undisturbed run',
    async (table) => {
      const killed = await copyOf(raw)
      await transformKilledMidway(killed, table)
      const done = await ledgers(killed)
      expect(done.length).toBeLessThan(DATES.length) // the kill really came before the end

      const resumed = await tunelake(['transform', '--pending', '--lake', killed])
      expect(resumed.stderr).toBe('')
      expect(resumed.code).toBe(0)
      expect(resumed.stdout).toMatch(
        new RegExp(`in ${DATES.length - done.length} snapshot date\\(s\\), quarantined 0`),
      )
      expect(await tables(killed)).toEqual(expected)
      expect(await ledgers(killed)).toEqual(await ledgers(undisturbed))

      const again = await tunelake(['transform', '--pending', '--lake', killed])
      expect(again.stdout).toMatch(
        /^transformed 0 of 0 raw objects in 0 snapshot date\(s\), quarantined 0 \(0 not yet in the ledger\)/,
      )
    },
    120_000,
  )
})
