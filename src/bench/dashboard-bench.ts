import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { LocalCatalog } from '../catalog/catalogs/local.js'
import { daysEnding, todayUtc } from '../cli/dates.js'
import { buildDashboardAssets } from '../dashboard/build.js'
import { launchChromium } from '../dashboard/chromium.js'
import { FsObjectStore } from '../lake/stores/fs.js'
import { runDemo } from '../pipeline/run-demo.js'
import type { FilterOptions } from '../server/api-types.js'
import { startDashboardServer } from '../server/dashboard-server.js'

const FIRST_CHART_TARGET_MS = 1_500
const API_TARGET_MS = 200
const PAGE_LOADS = 5
const API_SAMPLES = 15

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

function line(label: string, ms: number, target: number): string {
  return `${label}: ${ms.toFixed(0)} ms (target < ${target} ms, ratio ${(ms / target).toFixed(2)})\n`
}

/**
 * The dashboard on a 7-day demo lake: time from navigation to the first chart painted in headless
 * Chromium (the page's `tunelake:first-chart` mark) for the first load after the server started
 * and for later ones, each in a fresh browser context (cold browser cache); then the median
 * response time of each API route (overview, filters and tables answer from what the server keeps
 * until the catalog changes; the insights and SQL run their queries every time).
 */
export async function run(): Promise<void> {
  const out = process.stdout
  const dir = await mkdtemp(path.join(tmpdir(), 'tunelake-bench-dashboard-'))
  const store = new FsObjectStore(dir)
  const catalog = new LocalCatalog(store)
  await buildDashboardAssets()
  await runDemo({ store, catalog, database: 'tunelake', mode: 'extended', days: daysEnding(todayUtc(), 7) })
  const server = await startDashboardServer({ store, catalog, database: 'tunelake' })
  const browser = await launchChromium()
  try {
    const paints: number[] = []
    for (let i = 0; i < PAGE_LOADS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
      const page = await context.newPage()
      await page.goto(`${server.url}#charts`)
      const handle = await page.waitForFunction(
        () => performance.getEntriesByName('tunelake:first-chart')[0]?.startTime,
        undefined,
        { timeout: 30_000 },
      )
      paints.push((await handle.jsonValue()) as number)
      await context.close()
    }
    out.write(
      line('first chart painted, first load after the server started', paints[0]!, FIRST_CHART_TARGET_MS),
    )
    out.write(
      line(
        `first chart painted, warm (median of ${PAGE_LOADS - 1} loads)`,
        median(paints.slice(1)),
        FIRST_CHART_TARGET_MS,
      ),
    )

    const filters = (await (await fetch(`${server.url}api/filters`)).json()) as FilterOptions
    const dates = filters.snapshot_dates
    const query = new URLSearchParams({
      playlist: filters.default_playlist ?? '',
      from: dates[0] ?? '',
      to: dates.at(-1) ?? '',
      other: filters.playlists.find((p) => p.id !== filters.default_playlist)?.id ?? '',
    })
    const insights = (await (await fetch(`${server.url}api/insights`)).json()) as { name: string }[]
    const routes: [string, RequestInit?][] = [
      ['api/overview'],
      ['api/filters'],
      ['api/tables'],
      ['api/insights'],
      ...insights.map((i): [string] => [`api/insights/${i.name}?${query}`]),
      [
        'api/sql',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            sql: 'SELECT snapshot_date, count(*) AS n FROM playlist_tracks GROUP BY 1 ORDER BY 1',
          }),
        },
      ],
    ]
    const all: number[] = []
    for (const [route, init] of routes) {
      const times: number[] = []
      for (let i = 0; i <= API_SAMPLES; i++) {
        const started = performance.now()
        const response = await fetch(`${server.url}${route}`, init)
        await response.arrayBuffer()
        if (i > 0) times.push(performance.now() - started)
      }
      all.push(...times)
      out.write(`  ${route.split('?')[0]!.padEnd(36)} median ${median(times).toFixed(1).padStart(6)} ms\n`)
    }
    out.write(
      line(
        `API median response (${all.length} requests over ${routes.length} routes)`,
        median(all),
        API_TARGET_MS,
      ),
    )
  } finally {
    await browser.close()
    await server.close()
    await rm(dir, { recursive: true, force: true })
  }
}
