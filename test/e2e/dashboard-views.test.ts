import { readFile } from 'node:fs/promises'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { daysEnding, todayUtc } from '../../src/cli/dates.js'
import { buildDashboardAssets } from '../../src/dashboard/build.js'
import { launchChromiumProfile } from '../../src/dashboard/chromium.js'
import { runDemo } from '../../src/pipeline/run-demo.js'
import { DuckDbEngine } from '../../src/query/engines/duckdb.js'
import { tunelake } from '../support/cli.js'
import { cell, number, type Served, serve, shot, sqlRows, tableCells } from '../support/dashboard-page.js'
import { tempLake } from '../support/temp-lake.js'

/** Each chart panel's state once none is loading. */
async function panelStates(page: Page): Promise<Record<string, string>> {
  await page.waitForFunction(() => {
    const figures = Array.from(document.querySelectorAll('figure.panel'))
    return figures.length > 0 && figures.every((f) => (f as HTMLElement).dataset.state !== 'loading')
  })
  return page.$$eval('figure.panel', (figures) =>
    Object.fromEntries(
      figures.map((f) => [
        f.getAttribute('data-testid')!.replace(/^chart-/, ''),
        (f as HTMLElement).dataset.state!,
      ]),
    ),
  )
}

let browser: BrowserContext

beforeAll(async () => {
  ;[browser] = await Promise.all([launchChromiumProfile(), buildDashboardAssets()])
}, 60_000)

afterAll(async () => {
  await browser?.close()
})

describe('the dashboard on a development-mode demo lake, in headless Chromium', () => {
  let lake: Awaited<ReturnType<typeof tempLake>>
  let server: Served
  let page: Page
  let engine: DuckDbEngine

  beforeAll(async () => {
    lake = await tempLake('dashboard-development')
    await runDemo({ ...lake, database: 'tunelake', mode: 'development', days: daysEnding(todayUtc(), 1) })
    ;[server, page, engine] = await Promise.all([
      serve(lake.dir),
      browser.newPage(),
      DuckDbEngine.open({ ...lake, database: 'tunelake', maxRows: 1_000_000 }),
    ])
  }, 60_000)

  afterAll(async () => {
    await page?.close()
    await server?.stop()
    await engine?.close()
  })

  it('draws genres and popularity from open data, naming the source and crediting it', async () => {
    await page.goto(`${server.url}#overview`)
    expect(await page.textContent('[data-testid=lacking-fields]')).toMatch(/artist genres.*development-mode/)
    await page.goto(`${server.url}#charts`)
    const shown = await panelStates(page)
    const credit =
      'Source: open data. Genre tags from MusicBrainz (musicbrainz.org), CC BY-NC-SA 3.0; listening statistics from ListenBrainz (listenbrainz.org).'
    for (const id of ['genre-share', 'median-popularity']) {
      expect(shown[id], id).toBe('ready')
      expect(await page.textContent(`[data-testid=chart-${id}-source]`)).toBe(credit)
      expect(await page.isVisible(`[data-testid=chart-${id}-source]`)).toBe(true)
    }
    const genres = await page.$eval('[data-testid=chart-genre-share]', (f) =>
      JSON.parse((f as HTMLElement).dataset.chart ?? 'null'),
    )
    expect(genres.labels.length).toBeGreaterThan(0)
    expect(Math.max(...genres.datasets[0].data)).toBeGreaterThan(0)
    expect(shown['top-artists']).toBe('ready')
    expect(await page.isVisible('[data-testid=chart-top-artists-source]')).toBe(false)
    await shot(page, 'charts-development-mode')
  })

  it('runs a query in the SQL console, pages the rows and downloads them as CSV', async () => {
    await page.goto(`${server.url}#sql`)
    const sql = 'SELECT track_id, name, duration_ms FROM tracks ORDER BY snapshot_date, track_id LIMIT 120'
    await page.fill('[data-testid=sql-input]', sql)
    await page.click('[data-testid=sql-run]')
    await page.waitForSelector('[data-testid=sql-result] tbody tr')
    const expected = (await sqlRows(engine, sql)).map((r) => Object.values(r).map(cell))
    expect(await tableCells(page, '[data-testid=sql-result]')).toEqual(expected.slice(0, 50))
    await page.click('[data-testid=sql-next]')
    await page.click('[data-testid=sql-next]')
    expect(await tableCells(page, '[data-testid=sql-result]')).toEqual(expected.slice(100, 120))
    expect(await page.isHidden('[data-testid=sql-error]')).toBe(true)
    await shot(page, 'sql-result')
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=sql-csv]')])
    const csv = await readFile((await download.path())!, 'utf8')
    const cli = await tunelake(['query', '--lake', lake.dir, '--format', 'csv', sql])
    expect(cli.code).toBe(0)
    expect(csv).toBe(cli.stdout)
  })

  it('shows a refusal when the SQL reads a file outside the lake, or writes', async () => {
    await page.goto(`${server.url}#sql`)
    for (const sql of [
      "SELECT * FROM read_csv('/etc/passwd')",
      "SELECT * FROM read_text('../../../../etc/hostname')",
      'DROP TABLE tracks',
    ]) {
      await page.fill('[data-testid=sql-input]', sql)
      await page.keyboard.press('Control+Enter')
      await page.waitForSelector('[data-testid=sql-error]:not([hidden])')
      const message = (await page.textContent('[data-testid=sql-error]'))!
      expect(message, sql).toMatch(/disabled|not allowed|outside the lake|only SELECT|refused|read-only/i)
      expect(message).not.toContain('root:')
      expect(await page.$$('[data-testid=sql-result] tr')).toHaveLength(0)
      await page.fill('[data-testid=sql-input]', 'SELECT 1 AS ok')
      await page.click('[data-testid=sql-run]')
      await page.waitForSelector('[data-testid=sql-error][hidden]', { state: 'attached' })
    }
    await page.fill('[data-testid=sql-input]', "SELECT * FROM read_csv('/etc/passwd')")
    await page.click('[data-testid=sql-run]')
    await page.waitForSelector('[data-testid=sql-error]:not([hidden])')
    await shot(page, 'sql-refused')
  })

  it('lists every catalog table with its columns, types, partitions and rows', async () => {
    await page.goto(`${server.url}#tables`)
    await page.waitForSelector('section.table-info')
    for (const name of await lake.catalog.listTables('tunelake')) {
      const { table, partitions } = (await lake.catalog.getTable('tunelake', name))!
      const section = `[data-testid=table-${name}]`
      const columns = await page.$$eval(`${section} tbody tr`, (rows) =>
        rows.map((r) => [r.querySelector('th')!.textContent, r.querySelector('code')!.textContent]),
      )
      expect(columns).toEqual(
        [...table.StorageDescriptor.Columns, ...table.PartitionKeys].map((c) => [c.Name, c.Type]),
      )
      expect(await page.textContent(`${section} summary`)).toContain(`Partitions (${partitions.length}`)
      expect(
        number((await page.textContent(`[data-testid=table-${name}-rows]`))!.split(' ')[0]!),
      ).toBeGreaterThan(0)
    }
    await shot(page, 'tables')
  })

  it('works by keyboard, labels its controls and fits a phone screen', async () => {
    await page.goto(`${server.url}#overview`)
    await page.waitForSelector('[data-testid=overview-tables]')
    await page.focus('a[data-view-link=charts]')
    await page.keyboard.press('Enter')
    await page.waitForSelector('#view-charts:not([hidden])')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('charts-title')
    for (const label of ['Playlist', 'From', 'To', 'Compare with (overlap)']) {
      expect(await page.getByLabel(label, { exact: true }).count(), label).toBe(1)
    }
    expect(await page.getByLabel('Query').getAttribute('data-testid')).toBe('sql-input')
    await panelStates(page)
    const unlabelled = await page.$$eval(
      'canvas',
      (all) => all.filter((c) => c.getAttribute('role') !== 'img' || !c.getAttribute('aria-label')).length,
    )
    expect(unlabelled).toBe(0)
    await page.setViewportSize({ width: 390, height: 844 })
    for (const view of ['overview', 'charts', 'sql']) {
      await page.goto(`${server.url}#${view}`)
      await page.waitForLoadState('networkidle')
      // The charts resize on the next frames after the viewport shrinks: wait for the layout to settle.
      const wide = () =>
        page.evaluate(() =>
          Array.from(document.querySelectorAll('body *'))
            .filter((e) => e.getBoundingClientRect().right > 391 && !e.closest('.table-scroll'))
            .map((e) => `${e.tagName}.${e.className}#${e.id}`),
        )
      await expect.poll(wide, { message: view, timeout: 15_000 }).toEqual([])
      expect(await page.evaluate(() => document.documentElement.scrollWidth), view).toBeLessThanOrEqual(390)
      await shot(page, `phone-${view}`)
    }
    await page.setViewportSize({ width: 1280, height: 900 })
  })
})

describe('the dashboard’s access rules', () => {
  it('refuses to listen beyond loopback without a token, and then demands the token', async () => {
    const { dir } = await tempLake('dashboard-access')
    const open = await tunelake(['serve', '--lake', dir, '--host', '0.0.0.0', '--port', '0'])
    expect(open.code).toBe(2)
    expect(open.stderr).toMatch(
      /refusing to serve the lake on 0\.0\.0\.0 without a token.*TUNELAKE_DASHBOARD_TOKEN/,
    )
    expect(open.stdout).toBe('')
    const weak = await tunelake(['serve', '--lake', dir, '--host', '0.0.0.0'], {
      TUNELAKE_DASHBOARD_TOKEN: 'short',
    })
    expect(weak.code).toBe(2)
    expect(weak.stderr).toMatch(/shorter than 16 characters/)
    const token = 'a-long-random-dashboard-token-0123'
    const server = await serve(dir, { TUNELAKE_DASHBOARD_TOKEN: token })
    const page = await browser.newPage()
    try {
      const without = await fetch(`${server.url}api/overview`)
      expect(without.status).toBe(401)
      const withToken = await fetch(`${server.url}api/overview`, {
        headers: { authorization: `Bearer ${token}` },
      })
      expect(withToken.status).toBe(200)
      await page.goto(`${server.url}?token=${token}#overview`)
      await page.waitForSelector('[data-testid=stat-rows]')
      expect(page.url()).not.toContain(token)
      expect(await page.textContent('[data-testid=stat-rows] .value')).toBe('0')
    } finally {
      await page.close()
      await server.stop()
    }
  })
})
