import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type ImportReport, importSpotifyExport } from '../import/import-export.js'
import type { ObjectStore } from '../lake/object-store.js'

/**
 * Days of listening in the demo's synthetic export: four months or so, enough for the Listening
 * view's months, streaks and sessions, small enough to write, import and transform in seconds.
 */
export const DEMO_EXPORT_DAYS = 90

/**
 * The demo user's synthetic Spotify export, as they would download it on the demo's last day:
 * `DEMO_EXPORT_DAYS` days of their Extended streaming history ending the day before `lastDay`.
 * The API's recently-played of the demo's first day reaches back into that time (its 50 plays
 * span more than a day), so the two overlap there and hold the same events, while the plays of
 * the last day are the API's alone. Written to a temporary folder, imported into the lake
 * (marked synthetic, as the export says) and removed.
 *
 * @example
 * const report = await importDemoExport(store, '2026-12-02') // streams to 2026-12-01; then transform
 */
export async function importDemoExport(store: ObjectStore, lastDay: string): Promise<ImportReport> {
  const { writeSyntheticExport } = await import('../emulator/index.js')
  const day = (back: number) =>
    new Date(Date.parse(`${lastDay}T00:00:00Z`) - back * 86_400_000).toISOString().slice(0, 10)
  const folder = await mkdtemp(path.join(tmpdir(), 'tunelake-demo-export-'))
  try {
    await writeSyntheticExport(folder, { from: day(DEMO_EXPORT_DAYS), to: day(1) })
    return await importSpotifyExport(store, folder)
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}
