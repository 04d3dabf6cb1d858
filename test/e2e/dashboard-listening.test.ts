import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { daysEnding, todayUtc } from '../../src/cli/dates.js'
import { buildDashboardAssets } from '../../src/dashboard/build.js'
import { launchChromiumProfile } from '../../src/dashboard/chromium.js'
import { bucketFor } from '../../src/dashboard/web/listening-specs.js'
import { runDemo } from '../../src/pipeline/run-demo.js'
import type { DuckDbEngine } from '../../src/query/engines/duckdb.js'
import { type Served, serve, shot } from '../support/dashboard-page.js'
import { insightRows, openDemoLake } from '../support/insights-lake.js'
import { tempLake } from '../support/temp-lake.js'

/** What the Listening view shows once no panel is loading: each panel's state, the labels it draws. */
async function listeningPanels(page: Page, span: string) {
  await page.waitForFunction((text) => {
    const status = document.querySelector('#listening-status')?.textContent ?? ''
    const panels = Array.from(document.querySelectorAll('#listening-grid > .panel'))
    return (
      status.includes(text) &&
      panels.length > 0 &&
      panels.every((p) => (p as HTMLElement).dataset.state !== 'loading')
    )
  }, span)
  return page.$$eval('#listening-grid > .panel', (panels) =>
    Object.fromEntries(
      panels.map((p) => {
        const el = p as HTMLElement
        const chart = el.dataset.chart ? (JSON.parse(el.dataset.chart) as { labels: string[] }) : undefined
        return [el.dataset.testid ?? '', { state: el.dataset.state ?? '', labels: chart?.labels ?? [] }]
      }),
    ),
  )
}

/** The heatmap's cells as minutes by weekday (Monday first) and hour, from their titles. */
async function heatmapMinutes(page: Page): Promise<number> {
  const titles = await page.$$eval('[data-testid=listening-heatmap-table] td[title]', (cells) =>
    cells.map((c) => c.getAttribute('title') ?? ''),
  )
  expect(titles).toHaveLength(7 * 24)
  return titles.reduce((n, title) => n + Number(/: ([\d,.]+) minutes/.exec(title)![1]!.replace(/,/g, '')), 0)
}

let browser: BrowserContext

beforeAll(async () => {
  ;[browser] = await Promise.all([launchChromiumProfile(), buildDashboardAssets()])
}, 60_000)

afterAll(async () => {
  await browser?.close()
})

describe('the Listening view on a demo lake (API plays and the synthetic export), in headless Chromium', () => {
  let dir: string
  let server: Served
  let page: Page
  let engine: DuckDbEngine

  beforeAll(async () => {
    const lake = await tempLake('dashboard-listening')
    dir = lake.dir
    await runDemo({ ...lake, database: 'tunelake', mode: 'extended', days: daysEnding(todayUtc(), 1) })
    ;[server, page, engine] = await Promise.all([serve(dir), browser.newPage(), openDemoLake(dir)])
  }, 120_000)

  afterAll(async () => {
    await page?.close()
    await server?.stop()
    await engine?.close()
  })

  const rows = (name: string, values: Record<string, string>) => insightRows(engine, name, values)
  const labels = async (name: string, column: string, values: Record<string, string>) =>
    (await rows(name, values)).map((r) => String(r[column]))

  it('draws the heatmap, the time series and the top lists of the whole history, and a narrower date range changes them', async () => {
    await page.goto(`${server.url}#listening`)
    const [summary] = await rows('listening_summary', {})
    const whole = { from_date: String(summary!.first_day), to_date: String(summary!.last_day) }
    const before = await listeningPanels(page, `Showing ${whole.from_date} to ${whole.to_date}`)
    expect(await page.inputValue('[data-testid=listening-from]')).toBe(whole.from_date)
    expect(await page.textContent('[data-testid=listening-summary]')).toMatch(
      new RegExp(
        `days with listening: .* plays, .*; [\\d,]+ of ${Number(summary!.streams).toLocaleString('en-US')} streams from a Spotify data export`,
      ),
    )
    for (const [id, panel] of Object.entries(before)) expect(panel.state, id).toBe('ready')
    expect(before['chart-listening-minutes']!.labels).toEqual(
      await labels('listening_minutes', 'period', {
        ...whole,
        bucket: bucketFor(whole.from_date, whole.to_date),
      }),
    )
    for (const [what, column] of [
      ['artists', 'artist'],
      ['tracks', 'track'],
      ['albums', 'album'],
    ] as const) {
      const drawn = before[`chart-listening-top-${what}`]!.labels
      expect(drawn).toHaveLength(10)
      const expected = await labels(`listening_top_${what}`, column, { ...whole, rank_by: 'minutes' })
      expect(drawn.map((label) => label.split(' · ')[0])).toEqual(expected)
    }
    const zone = await page.inputValue('[data-testid=listening-zone]')
    const heat = await rows('listening_heatmap', { ...whole, time_zone: zone })
    const total = (list: typeof heat) => list.reduce((n, r) => n + Number(r.minutes), 0)
    expect(await heatmapMinutes(page)).toBeCloseTo(total(heat), 0)
    await shot(page, 'listening')

    // The last two weeks only: minutes per day, other top lists, a smaller heatmap.
    const last = whole.to_date
    const from = new Date(Date.parse(`${last}T00:00:00Z`) - 13 * 86_400_000).toISOString().slice(0, 10)
    await page.fill('[data-testid=listening-from]', from)
    const after = await listeningPanels(page, `Showing ${from} to ${last}`)
    const narrow = { from_date: from, to_date: last }
    const days = await labels('listening_minutes', 'period', { ...narrow, bucket: 'day' })
    expect(after['chart-listening-minutes']!.labels).toEqual(days)
    expect(days.length).toBeGreaterThan(5)
    expect(days.every((day) => day >= from && day <= last)).toBe(true)
    const artists = await labels('listening_top_artists', 'artist', { ...narrow, rank_by: 'minutes' })
    expect(after['chart-listening-top-artists']!.labels).toEqual(artists)
    expect(artists).not.toEqual(before['chart-listening-top-artists']!.labels)
    const narrowHeat = await rows('listening_heatmap', { ...narrow, time_zone: zone })
    expect(await heatmapMinutes(page)).toBeCloseTo(total(narrowHeat), 0)
    expect(total(narrowHeat)).toBeLessThan(total(heat))
    await shot(page, 'listening-two-weeks')
  })
})
