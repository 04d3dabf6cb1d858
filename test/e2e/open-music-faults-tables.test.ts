import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { LocalCatalog } from '../../src/catalog/catalogs/local.js'
import { crawl } from '../../src/catalog/crawler.js'
import { type EnrichClientSettings, enrichClients } from '../../src/enrich/enrich-clients.js'
import { enrichStage } from '../../src/enrich/enrich-stage.js'
import {
  type OpenMusicEmulatorOptions,
  openMusicCatalog,
  type RunningOpenMusicEmulator,
  startOpenMusicEmulator,
} from '../../src/open-music-emulator/index.js'
import { OPEN_MUSIC_TABLE_SPECS } from '../../src/open-music-tables/open-music-table-specs.js'
import { runTransform } from '../../src/pipeline/run-transform.js'
import { emulatorSettings, FAST } from '../support/enrich-answers.js'
import { enrichLake, enrichTrackIds } from '../support/enrich-lake.js'
import { withLakeSql } from '../support/lake-sql.js'

// The enrichment's own tests (enrich-faults.test.ts) show each fault ends with the same answers;
// these show the tables built from them are the same, row for row.
const open = openMusicCatalog(2026)
const TRACKS = enrichTrackIds(open, { perScenario: 2, plain: 4 })
const NO_ISRC = TRACKS.filter((id) => open.scenario(id) === 'single').slice(0, 1)

let running: RunningOpenMusicEmulator | undefined
afterEach(async () => {
  await running?.close()
  running = undefined
})

/** Enriches a fresh lake of the tracks against an emulator (runs again while one stops early), transforms, crawls; the open-data tables' rows. */
async function tablesAfterEnriching(
  options: OpenMusicEmulatorOptions,
  pacing: Partial<EnrichClientSettings> = FAST.pacing,
): Promise<Record<string, unknown[]>> {
  running = await startOpenMusicEmulator({ limits: FAST.limits, ...options })
  const { dir, store } = await enrichLake(TRACKS, { noIsrc: NO_ISRC })
  const client = emulatorSettings(running, pacing)
  for (let run = 0; run < 4; run++) {
    const report = await enrichStage({ store, ...enrichClients(client), lbBatch: 3 })
    if (!report.stopped) break
  }
  await runTransform({ store, trigger: 'manual', select: 'pending', record: false })
  await crawl(store, new LocalCatalog(store), 'tunelake')
  return withLakeSql(dir, async (sql) => {
    const tables: Record<string, unknown[]> = {}
    for (const spec of OPEN_MUSIC_TABLE_SPECS) {
      const columns = spec.columns.map((c) => `"${c.name}"`).join(', ')
      const order = spec.key.map((k) => `"${k}"`).join(', ')
      tables[spec.name] = await sql(`SELECT ${columns} FROM ${spec.name} ORDER BY ${order}`)
    }
    return tables
  })
}

let baseline: Record<string, unknown[]>

beforeAll(async () => {
  baseline = await tablesAfterEnriching({})
  await running?.close()
  running = undefined
  const recordings = baseline.track_recordings as { duplicate_mbids: unknown[]; match_source: unknown }[]
  // The hard cases are there: duplicates of one performance, matches by names.
  expect(recordings.some((r) => r.duplicate_mbids.length > 1)).toBe(true)
  expect(recordings.some((r) => r.match_source === 'lookup')).toBe(true)
  expect(baseline.track_genres!.length).toBeGreaterThan(0)
}, 300_000)

describe('the open-data tables after the emulators faults are the tables without them', () => {
  it("MusicBrainz's per-IP limit", async () => {
    const tables = await tablesAfterEnriching(
      { limits: { ...FAST.limits, mbRequestsPerSecond: 20, mbBurst: 2 } },
      { ...FAST.pacing, mbRequestsPerSecond: 200 },
    )
    expect(tables).toEqual(baseline)
    expect(running!.stats().byStatus['503'] ?? 0).toBeGreaterThan(0)
  })

  it("MusicBrainz's load shedding and connection resets", async () => {
    const tables = await tablesAfterEnriching({ faults: { mbSheddingRate: 0.15, resetRate: 0.05, seed: 7 } })
    expect(tables).toEqual(baseline)
  })

  it("ListenBrainz's fixed window and its 5xx", async () => {
    const tables = await tablesAfterEnriching({
      limits: { ...FAST.limits, lbRequests: 4, lbWindowSeconds: 1 },
      faults: { lbErrorRate: 0.05, seed: 3 },
    })
    expect(tables).toEqual(baseline)
  })

  it('a refusal of anonymous User-Agents (503 instead of 403)', async () => {
    expect(await tablesAfterEnriching({ agentRefusal: 503 })).toEqual(baseline)
  })
})
