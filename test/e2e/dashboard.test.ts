import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalCatalog } from '../../src/catalog/catalogs/local.js'
import { daysEnding, todayUtc } from '../../src/cli/dates.js'
import { buildDashboardAssets } from '../../src/dashboard/build.js'
import { launchChromiumProfile } from '../../src/dashboard/chromium.js'
import { CHARTS } from '../../src/dashboard/web/chart-specs.js'
import { type Insight, loadInsight, renderInsight } from '../../src/insights/insights.js'
import type { FsObjectStore } from '../../src/lake/stores/fs.js'
import { runDemo } from '../../src/pipeline/run-demo.js'
import { DuckDbEngine } from '../../src/query/engines/duckdb.js'
import type { QueryValue } from '../../src/query/query-engine.js'
import { BUILTIN_INSIGHTS } from '../../src/server/builtin-insights.js'
import { pendingDates } from '../../src/transform-stage/transform-ledger.js'
import { transformDates } from '../../src/transform-stage/transform-partitions.js'
import { tunelake } from '../support/cli.js'
import { cell, number, type Served, serve, shot, sqlRows, tableCells } from '../support/dashboard-page.js'
import { tempLake } from '../support/temp-lake.js'

const DAYS = daysEnding(todayUtc(), 3)
const BAD_RAW_KEY = `raw/spotify/playlist_items/snapshot_date=${DAYS[0]}/0000000000000000000000/20000101T000000Z-bad000-0000.json`

/** The extended-mode demo lake, plus one raw object that is not JSON (quarantined by the transform). */
async function demoLake() {
  const lake = await tempLake('dashboard')
  const demo = await runDemo({ ...lake, database: 'tunelake', mode: 'extended', days: DAYS })
  await lake.store.put(BAD_RAW_KEY, 'this is not JSON')
  await transformDates(lake.store, await pendingDates(lake.store))
  return { ...lake, chart: demo.chartPlaylistId }
}

/** The lake's engine, opened directly as `tunelake query` and `tunelake insights` open it. */
async function openEngine(lake: { store: FsObjectStore; catalog: LocalCatalog }): Promise<DuckDbEngine> {
  return DuckDbEngine.open({ ...lake, database: 'tunelake', maxRows: 1_000_000 })
}

function insightNamed(name: string): Promise<Insight> {
  return loadInsight(name).catch(() => BUILTIN_INSIGHTS.find((b) => b.name === name)!)
}

/** The insight run on the engine directly, with the parameter values the page used: rows of cells. */
async function insightRows(
  engine: DuckDbEngine,
  name: string,
  runs: Record<string, string>[],
  perDay: boolean,
) {
  const insight = await insightNamed(name)
  const out: string[][] = []
  for (const values of runs) {
    for (const row of await sqlRows(engine, renderInsight(insight, values))) {
      const cells = Object.values(row).map(cell)
      out.push(perDay ? [values.snapshot_date!, ...cells] : cells)
    }
  }
  return out
}

interface PanelData {
  state: string
  insight: string
  runs: Record<string, string>[]
  perDay: boolean
  chart: { labels: string[]; datasets: { label: string; data: (number | null)[] }[] } | null
}

async function panels(page: Page): Promise<Record<string, PanelData>> {
  await page.waitForFunction(() => {
    const figures = Array.from(document.querySelectorAll('figure.panel'))
    return figures.length > 0 && figures.every((f) => (f as HTMLElement).dataset.state !== 'loading')
  })
  return page.$$eval('figure.panel', (figures) =>
    Object.fromEntries(
      figures.map((f) => {
        const d = (f as HTMLElement).dataset
        return [
          f.getAttribute('data-testid')!.replace(/^chart-/, ''),
          {
            state: d.state!,
            insight: d.insight!,
            runs: JSON.parse(d.runs ?? '[]'),
            perDay: d.perDay === 'true',
            chart: d.chart ? JSON.parse(d.chart) : null,
          },
        ]
      }),
    ),
  )
}

async function paintedPixels(page: Page, id: string): Promise<number> {
  return page.$eval(`[data-testid=chart-${id}] canvas`, (canvas) => {
    const c = canvas as HTMLCanvasElement
    const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
    let painted = 0
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted++
    return painted
  })
}

let browser: BrowserContext

afterAll(async () => {
  await browser?.close()
})

describe('the dashboard on an extended-mode demo lake, in headless Chromium', () => {
  let lake: Awaited<ReturnType<typeof demoLake>>
  let server: Served
  let page: Page
  let engine: DuckDbEngine
  /** Every address the page asked for. */
  const requested: string[] = []

  beforeAll(async () => {
    ;[lake, browser] = await Promise.all([demoLake(), launchChromiumProfile(), buildDashboardAssets()])
    ;[server, page, engine] = await Promise.all([serve(lake.dir), browser.newPage(), openEngine(lake)])
    page.on('request', (request) => requested.push(request.url()))
  }, 60_000)

  afterAll(async () => {
    await page?.close()
    await server?.stop()
    await engine?.close()
  })

  it('shows the lake’s real counts on the overview', async () => {
    await page.goto(`${server.url}#overview`)
    await page.waitForSelector('[data-testid=overview-tables] tbody tr')
    const expected: Record<string, number> = {}
    for (const name of await lake.catalog.listTables('tunelake')) {
      expected[name] = Number((await sqlRows(engine, `SELECT count(*) AS n FROM "${name}"`))[0]!.n)
    }
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(6)
    for (const [name, rows] of Object.entries(expected)) {
      expect(rows).toBeGreaterThan(0)
      expect(number(await page.textContent(`[data-testid=rows-${name}]`))).toBe(rows)
      const partitions = (await lake.catalog.getTable('tunelake', name))!.partitions.length
      expect(number(await page.textContent(`[data-testid=partitions-${name}]`))).toBe(partitions)
    }
    const total = Object.values(expected).reduce((a, b) => a + b, 0)
    expect(number(await page.textContent('[data-testid=stat-rows] .value'))).toBe(total)
    expect(await page.textContent('[data-testid=stat-freshness] .value')).toBe(DAYS.at(-1))
    expect(await page.textContent('[data-testid=stat-last-run] .value')).toBe('succeeded')
    expect(await page.textContent('[data-testid=stat-last-run] .note')).toContain('3 runs in all')
    expect(await page.$$eval('[data-testid=overview-runs] tbody tr', (r) => r.length)).toBe(3)
    expect(await page.textContent('[data-testid=stat-quarantine] .value')).toBe('1')
    expect(await page.textContent('[data-testid=quarantine-list]')).toContain(BAD_RAW_KEY)
    expect(await page.textContent('[data-testid=stat-source] .value')).toMatch(/^Synthetic/)
    expect(await page.textContent('[data-testid=stat-api-mode] .value')).toBe('extended')
    expect(await page.isVisible('[data-testid=synthetic-banner]')).toBe(true)
    await shot(page, 'overview')
  })

  it('draws every chart from the same rows as its insight run on the engine directly', async () => {
    await page.goto(`${server.url}#charts`)
    const shown = await panels(page)
    // Every chart of the dashboard is drawn on an extended-mode lake: none lacks its insight or a field.
    expect(Object.keys(shown).sort()).toEqual(expect.arrayContaining(CHARTS.map((c) => c.id).sort()))
    for (const { id } of CHARTS) expect(shown[id]?.state, id).toBe('ready')
    const range = { playlist_id: lake.chart, from_date: DAYS[0], to_date: DAYS.at(-1) }
    expect(shown['top-artists']!.runs).toEqual([range])
    expect(shown['chart-movers']!.runs).toEqual([{ playlist_id: lake.chart, snapshot_date: DAYS.at(-1) }])
    for (const [id, panel] of Object.entries(shown)) {
      if (panel.state !== 'ready') continue
      const expected = await insightRows(engine, panel.insight, panel.runs, panel.perDay)
      expect(expected.length, id).toBeGreaterThan(0)
      expect(await tableCells(page, `[data-testid=chart-${id}-table]`), id).toEqual(expected)
      expect(await paintedPixels(page, id), id).toBeGreaterThan(1000)
      expect(
        panel.chart!.datasets.some((d) => d.data.some((v) => v !== null)),
        id,
      ).toBe(true)
    }
    // Two of them through the CLI itself, as a user would run them.
    const viaCli = async (id: string) => {
      const values = shown[id]!.runs[0]!
      const params = Object.entries(values).flatMap(([k, v]) => ['--param', `${k}=${v}`])
      const run = await tunelake([
        'insights',
        shown[id]!.insight,
        '--lake',
        lake.dir,
        '--format',
        'json',
        ...params,
      ])
      expect(run.code, run.stderr).toBe(0)
      return (JSON.parse(run.stdout) as Record<string, QueryValue>[]).map((r) => Object.values(r).map(cell))
    }
    const [cliTop, cliMovers] = await Promise.all([viaCli('top-artists'), viaCli('chart-movers')])
    expect(await tableCells(page, '[data-testid=chart-top-artists-table]')).toEqual(cliTop)
    expect(await tableCells(page, '[data-testid=chart-chart-movers-table]')).toEqual(cliMovers)
    const rows = async (id: string) =>
      sqlRows(engine, renderInsight(await insightNamed(shown[id]!.insight), shown[id]!.runs[0]!))
    const drawn = (id: string) => shown[id]!.chart!
    const top = await rows('top-artists')
    expect(drawn('top-artists').labels).toEqual(top.map((r) => r.artist))
    expect(drawn('top-artists').datasets[0]!.data).toEqual(top.map((r) => r.entries))
    const genres = await rows('genre-share')
    expect(drawn('genre-share').labels).toEqual(genres.map((r) => r.genre))
    expect(drawn('genre-share').datasets[0]!.data).toEqual(genres.map((r) => r.share_pct))
    const movers = await rows('chart-movers')
    const edges = movers.length > 20 ? [...movers.slice(0, 10), ...movers.slice(-10)] : movers
    expect(drawn('chart-movers').datasets[0]!.data).toEqual(edges.map((r) => r.change))
    const explicit = await rows('explicit-share')
    expect(drawn('explicit-share').labels).toEqual(DAYS)
    expect(drawn('explicit-share').datasets[0]!.data).toEqual(explicit.map((r) => r.explicit_pct))
    const popularity = await rows('median-popularity')
    expect(drawn('median-popularity').datasets.map((d) => d.data)).toEqual(
      ['median_popularity', 'min_popularity', 'max_popularity'].map((c) => popularity.map((r) => r[c])),
    )
    const [overlap] = await rows('playlist-overlap')
    expect(drawn('playlist-overlap').datasets[0]!.data).toEqual([
      overlap!.tracks,
      overlap!.other_tracks,
      overlap!.shared_tracks,
    ])
    expect(await page.textContent('[data-testid=chart-playlist-overlap] .highlight')).toBe(
      `Jaccard similarity: ${overlap!.jaccard_pct}%`,
    )
    // New entries and drop-outs: the insight run once per day, counted per day and kind of change.
    const changes = shown['new-entries-dropouts']!
    expect(changes.runs.map((r) => r.snapshot_date)).toEqual(DAYS)
    const counted = drawn('new-entries-dropouts')
    for (const [i, day] of counted.labels.entries()) {
      const perDay = await sqlRows(
        engine,
        renderInsight(
          await insightNamed('new_entries_dropouts'),
          changes.runs.find((r) => r.snapshot_date === day)!,
        ),
      )
      for (const dataset of counted.datasets) {
        expect(dataset.data[i], `${day} ${dataset.label}`).toBe(
          perDay.filter((r) => r.change === dataset.label).length,
        )
      }
    }
    // The bump chart, checked against playlist_tracks itself: the last day's top 10, by position.
    const bump = shown['chart-positions']!.chart!
    expect(bump.labels).toEqual(DAYS)
    const lastDay = bump.datasets.map((d) => d.data.at(-1)).sort((a, b) => a! - b!)
    const top10 = await sqlRows(
      engine,
      `SELECT min(position) AS p FROM playlist_tracks WHERE playlist_id = '${lake.chart}'
        AND snapshot_date = '${DAYS.at(-1)}' AND track_id IS NOT NULL AND position <= 10 GROUP BY track_id ORDER BY p`,
    )
    expect(lastDay).toEqual(top10.map((r) => r.p))
    await shot(page, 'charts')
    // Everything came from tunelake itself: the page, Chart.js, the data. No CDN, no internet.
    expect(requested.length).toBeGreaterThan(10)
    expect(requested.filter((url) => !url.startsWith(server.url) && !/^(data|blob):/.test(url))).toEqual([])
  })

  it('redraws the charts when the playlist or the dates change', async () => {
    await page.goto(`${server.url}#charts`)
    const before = await panels(page)
    // Another playlist whose top artists differ from the chart's (the demo's mirror copies the chart).
    const ids = await page.$$eval('#filter-playlist option', (o) =>
      o.map((x) => (x as HTMLOptionElement).value),
    )
    const runFor = (id: string) => [{ playlist_id: id, from_date: DAYS[0]!, to_date: DAYS.at(-1)! }]
    const chartRows = await insightRows(engine, 'top_artists', runFor(lake.chart), false)
    let other: string | undefined
    for (const id of ids) {
      if (
        JSON.stringify(await insightRows(engine, 'top_artists', runFor(id), false)) !==
        JSON.stringify(chartRows)
      ) {
        other = id
        break
      }
    }
    expect(other).toBeDefined()
    await page.selectOption('[data-testid=filter-playlist]', other!)
    await page.waitForFunction(
      (id) =>
        document.querySelector('[data-testid=chart-top-artists]')?.getAttribute('data-runs')?.includes(id),
      other!,
    )
    const after = await panels(page)
    expect(after['top-artists']!.runs[0]!.playlist_id).toBe(other)
    expect(after['top-artists']!.chart).not.toEqual(before['top-artists']!.chart)
    expect(await tableCells(page, '[data-testid=chart-top-artists-table]')).toEqual(
      await insightRows(engine, 'top_artists', after['top-artists']!.runs, false),
    )
    await page.selectOption('[data-testid=filter-playlist]', lake.chart)
    await page.selectOption('[data-testid=filter-to]', DAYS[1]!)
    await page.waitForFunction(
      (day) =>
        document
          .querySelector('[data-testid=chart-top-artists]')
          ?.getAttribute('data-runs')
          ?.includes(`"${day}"`),
      DAYS[1],
    )
    const earlier = await panels(page)
    expect(earlier['chart-positions']!.chart!.labels).toEqual(DAYS.slice(0, 2))
    expect(earlier['top-artists']!.runs[0]).toEqual({
      playlist_id: lake.chart,
      from_date: DAYS[0],
      to_date: DAYS[1],
    })
    expect(earlier['chart-movers']!.runs[0]).toEqual({ playlist_id: lake.chart, snapshot_date: DAYS[1] })
    await page.selectOption('[data-testid=filter-to]', DAYS[0]!)
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid=chart-chart-movers]')?.getAttribute('data-state') === 'empty',
    )
    expect(await page.textContent('[data-testid=chart-chart-movers] .message')).toMatch(/No data/)
    await shot(page, 'charts-filtered')
  })
  it('stops within seconds of SIGTERM while its charts are still being answered', async () => {
    const insights = (await (await fetch(`${server.url}api/insights`)).json()) as { name: string }[]
    for (const wait of [0, 60, 150]) {
      const { url, stop } = await serve(lake.dir)
      const answers = insights.map(({ name }) =>
        fetch(`${url}api/insights/${name}?defaults=1`).catch(() => undefined),
      )
      await new Promise((resolve) => setTimeout(resolve, wait))
      // Closing DuckDB under a query still running on it once left the process unable to exit.
      const begun = performance.now()
      expect(await stop(10_000)).toEqual({ code: 0, signal: null })
      expect(performance.now() - begun).toBeLessThan(5_000)
      await Promise.all(answers)
    }
  })
})
