import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type RunningEmulator, startEmulator } from '../emulator/index.js'
import { extractRun } from '../extract/extract-run.js'
import { readState } from '../extract/extract-state.js'
import type { RawEnvelope } from '../extract/raw-envelope.js'
import { RAW_PREFIX } from '../lake/layout.js'
import { getText, listAll } from '../lake/object-store.js'
import { FsObjectStore } from '../lake/stores/fs.js'
import { demoUserClient } from '../pipeline/run-demo.js'
import type { ApiMode } from '../spotify/api-mode.js'

const DAY = '2026-03-05'
const EXTRA_PLAYLISTS = 100
const RATIO_TARGET = 1.1
/** The rate-limit run uses a 3 s window (Spotify's is 30 s) so it takes seconds, not minutes. */
const WINDOW_MS = 3_000
const ALLOWED_PER_WINDOW = 150

/**
 * `npm run bench -- extract`: against the emulator, per API mode, the requests of a cold
 * `my_playlists` extraction with full enrichment per 1,000 playlist entries against the fewest
 * that mode allows; a warm run with nothing changed (one listing request per 50 playlists); and,
 * under the emulator's rate limit, the share of 429s and the rate achieved.
 */
export async function run(): Promise<void> {
  for (const mode of ['extended', 'development'] as ApiMode[]) {
    await coldAndWarm(mode)
  }
  await underRateLimit()
}

async function coldAndWarm(mode: ApiMode): Promise<void> {
  const emulator = await startEmulator({ mode, day: DAY, extraPlaylists: EXTRA_PLAYLISTS })
  const dir = mkdtempSync(path.join(tmpdir(), 'tunelake-bench-extract-'))
  try {
    const store = new FsObjectStore(dir)
    const client = demoUserClient(emulator, { concurrency: 8 })
    const extract = (runId: string) =>
      extractRun(client, store, {
        runId,
        snapshotDate: DAY,
        apiMode: 'auto',
        sources: [{ type: 'my_playlists' }],
      })
    const started = performance.now()
    const cold = await extract('20260305T060000Z-c01d')
    const seconds = (performance.now() - started) / 1000
    const listings: RawEnvelope[] = []
    for (const { key } of await listAll(store, `${RAW_PREFIX}my_playlists/`)) {
      listings.push(JSON.parse(await getText(store, key)) as RawEnvelope)
    }
    const playlists = listings.flatMap((e) => (e.response.body as { items: unknown[] }).items)
    const state = await readState(store)
    const artists = Object.keys(state.dimensions.artists).length
    const albums = Object.keys(state.dimensions.albums).length
    const minimum = fewestRequests(mode, emulator, playlists, artists, albums)
    const entries = cold.entries
    const per1000 = (n: number) => ((n / entries) * 1000).toFixed(1)
    const flat = Math.ceil(entries / 100) + Math.ceil(artists / 50) + Math.ceil(albums / 20)
    const out = process.stdout
    out.write(
      `${mode}, cold: ${playlists.length} playlists, ${entries} entries, ${artists} artists, ${albums} albums: ${cold.requests} requests in ${seconds.toFixed(1)} s\n`,
    )
    out.write(
      `  requests per 1,000 entries: ${per1000(cold.requests)}; fewest possible ${per1000(minimum)} (ratio ${(cold.requests / minimum).toFixed(2)}, target <= ${RATIO_TARGET})\n`,
    )
    if (mode === 'extended') {
      out.write(
        `  (flat bound ignoring that a page cannot span playlists: ${per1000(flat)} per 1,000, ratio ${(cold.requests / flat).toFixed(2)})\n`,
      )
    }
    const warm = await extract('20260305T070000Z-3a2m')
    const listingPages = Math.ceil(playlists.length / 50)
    out.write(
      `${mode}, warm (nothing changed): ${warm.requests} requests, ${warm.carried} raw objects carried over; target ${listingPages} (one listing request per 50 playlists), ratio ${(warm.requests / listingPages).toFixed(2)}\n`,
    )
  } finally {
    await emulator.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * The fewest requests a cold extraction can make in `mode`: the listing pages, each playlist's
 * own pages (extended: 100 items a page; development: 100 in Get Playlist, then 50 a page, and
 * only metadata for playlists of other users), and the artists and albums (extended: 50 and 20
 * a request; development: one each).
 */
function fewestRequests(
  mode: ApiMode,
  emulator: RunningEmulator,
  playlists: unknown[],
  artists: number,
  albums: number,
): number {
  let requests = Math.ceil(playlists.length / 50)
  for (const entry of playlists) {
    if (entry === null) continue
    const p = entry as { owner: { id: string }; tracks?: { total: number }; items?: { total: number } }
    const total = (p.tracks ?? p.items)?.total ?? 0
    if (mode === 'extended') requests += Math.max(1, Math.ceil(total / 100))
    else if (p.owner.id !== emulator.demoUser.id) requests += 1
    else requests += 1 + Math.ceil(Math.max(0, total - 100) / 50)
  }
  return (
    requests + (mode === 'extended' ? Math.ceil(artists / 50) + Math.ceil(albums / 20) : artists + albums)
  )
}

async function underRateLimit(): Promise<void> {
  const emulator = await startEmulator({
    mode: 'development',
    day: DAY,
    rateLimit: { requests: ALLOWED_PER_WINDOW, windowMs: WINDOW_MS },
  })
  const dir = mkdtempSync(path.join(tmpdir(), 'tunelake-bench-extract-'))
  try {
    const client = demoUserClient(emulator, {
      concurrency: 8,
      rateLimit: { requests: ALLOWED_PER_WINDOW, windowMs: WINDOW_MS },
    })
    const started = performance.now()
    await extractRun(client, new FsObjectStore(dir), {
      runId: '20260305T060000Z-7a7e',
      snapshotDate: DAY,
      apiMode: 'auto',
      sources: [{ type: 'my_playlists' }, { type: 'saved_tracks' }],
    })
    const seconds = (performance.now() - started) / 1000
    const byStatus = emulator.stats().byStatus
    const calls = Object.values(emulator.stats().byRoute)
      .map((statuses) => statuses)
      .reduce((sum, statuses) => sum + Object.values(statuses).reduce((a, b) => a + b, 0), 0)
    const apiCalls = calls - (emulator.stats().byRoute['POST /api/token']?.['200'] ?? 0)
    const limited = byStatus['429'] ?? 0
    const allowedPerSecond = ALLOWED_PER_WINDOW / (WINDOW_MS / 1000)
    const achieved = (apiCalls - limited) / seconds
    process.stdout.write(
      `rate limit ${ALLOWED_PER_WINDOW} per ${WINDOW_MS / 1000} s window (development, client limiter set to the same): ${apiCalls} calls in ${seconds.toFixed(1)} s\n`,
    )
    process.stdout.write(
      `  429s: ${limited} = ${((limited / apiCalls) * 100).toFixed(2)}% of calls (target < 1%); achieved ${achieved.toFixed(1)} req/s of ${allowedPerSecond} allowed = ${((achieved / allowedPerSecond) * 100).toFixed(0)}% (target >= 80%)\n`,
    )
  } finally {
    await emulator.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
