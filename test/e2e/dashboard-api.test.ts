import { mkdtemp } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { daysEnding, todayUtc } from '../../src/cli/dates.js'
import { buildDashboardAssets } from '../../src/dashboard/build.js'
import { runDemo } from '../../src/pipeline/run-demo.js'
import type { FilterOptions, InsightResult } from '../../src/server/api-types.js'
import { type DashboardServer, startDashboardServer } from '../../src/server/dashboard-server.js'
import { tempLake } from '../support/temp-lake.js'

const [DAY1, DAY2, DAY3] = daysEnding(todayUtc(), 3) as [string, string, string]

/** A raw HTTP request, so the test can send any Host header. */
function call(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return new Promise<{ status: number; headers: Record<string, unknown>; json: Record<string, unknown> }>(
    (resolve, reject) => {
      const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
        let text = ''
        res.on('data', (chunk) => {
          text += chunk
        })
        res.on('end', () => {
          let json: Record<string, unknown> = {}
          try {
            json = JSON.parse(text)
          } catch {}
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json })
        })
      })
      req.on('error', reject)
      req.end(options.body)
    },
  )
}

const sql = (url: string, body: unknown, contentType = 'application/json') =>
  call(`${url}api/sql`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

describe('the dashboard API', () => {
  let lake: Awaited<ReturnType<typeof tempLake>>
  let server: DashboardServer
  let assetsDir: string
  let chart: string

  beforeAll(async () => {
    lake = await tempLake('dashboard-api')
    assetsDir = await mkdtemp(path.join(tmpdir(), 'tunelake-assets-'))
    const [demo] = await Promise.all([
      runDemo({ ...lake, database: 'tunelake', mode: 'extended', days: [DAY1, DAY2] }),
      buildDashboardAssets(assetsDir),
    ])
    chart = demo.chartPlaylistId
    server = await startDashboardServer({ ...lake, database: 'tunelake', assetsDir, log: () => {} })
  }, 60_000)

  afterAll(async () => {
    await server?.close()
  })

  it('serves the page with a strict content policy and nothing but its own files', async () => {
    const page = await call(server.url)
    expect(page.status).toBe(200)
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'/)
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    for (const probe of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/package.json', '/api/nothing']) {
      expect((await call(`${server.url.slice(0, -1)}${probe}`)).status, probe).toBe(404)
    }
  })

  it('answers only requests naming a loopback host (no DNS rebinding)', async () => {
    const answer = await call(`${server.url}api/overview`, {
      headers: { host: `evil.example:${server.port}` },
    })
    expect(answer.status).toBe(403)
    expect(answer.json.error).toMatch(/loopback host/)
    expect(
      (await call(`${server.url}api/overview`, { headers: { host: `localhost:${server.port}` } })).status,
    ).toBe(200)
  })

  it('says which insight parameters are missing or malformed, and which insights do not exist', async () => {
    const bare = await call(`${server.url}api/insights/top_artists`)
    expect(bare.status).toBe(400)
    expect(bare.json).toMatchObject({ kind: 'params' })
    expect(bare.json.error).toMatch(/insight top_artists needs playlist_id; choose a playlist/)
    const badDate = await call(`${server.url}api/insights/top_artists?playlist=${chart}&to=2026-13-45x`)
    expect(badDate.status).toBe(400)
    expect(badDate.json.error).toMatch(/to=2026-13-45x is not a valid date/)
    const unknown = await call(`${server.url}api/insights/no_such_insight?playlist=${chart}&to=${DAY2}`)
    expect(unknown.status).toBe(404)
    expect(unknown.json.kind).toBe('unknown-insight')
  })

  it('runs a one-day insight once per day of the range when asked for a series', async () => {
    const answer = await call(
      `${server.url}api/insights/new_entries_dropouts?playlist=${chart}&from=${DAY1}&to=${DAY2}&per_day=1`,
    )
    expect(answer.status).toBe(200)
    const result = answer.json as unknown as InsightResult
    expect(result.per_day).toBe(true)
    expect(result.runs).toEqual([
      { playlist_id: chart, snapshot_date: DAY1 },
      { playlist_id: chart, snapshot_date: DAY2 },
    ])
    expect(result.columns[0]).toEqual({ name: 'day', type: 'varchar' })
    // The first day has no day before it, so nothing is new or dropped; the second has both.
    expect(new Set(result.rows.map((r) => r.day))).toEqual(new Set([DAY2]))
    expect(new Set(result.rows.map((r) => r.change))).toEqual(new Set(['new', 'dropped']))
    const range = await call(
      `${server.url}api/insights/top_artists?playlist=${chart}&from=${DAY1}&to=${DAY2}&per_day=1`,
    )
    expect((range.json as unknown as InsightResult).per_day).toBe(false)
  })

  it('refuses SQL that is not one SELECT, and bodies it cannot read, with the kind the page shows', async () => {
    const copy = await sql(server.url, { sql: `COPY (SELECT 1) TO '${lake.dir}/x.csv'` })
    expect(copy.status).toBe(403)
    expect(copy.json.kind).toBe('refused')
    const wrong = await sql(server.url, { sql: 'SELECT nope FROM tracks' })
    expect(wrong.status).toBe(400)
    expect(wrong.json.kind).toBe('sql')
    expect((await sql(server.url, { sql: 'SELECT 1' }, 'text/plain')).status).toBe(415)
    expect((await sql(server.url, '{"sql": ')).status).toBe(400)
    expect((await sql(server.url, { sql: '' })).status).toBe(400)
    expect((await sql(server.url, { sql: `SELECT '${'x'.repeat(120_000)}'` })).status).toBe(413)
  })

  it('cancels a console query whose page went away, so the charts are not kept waiting', async () => {
    const page = new AbortController()
    const slow = fetch(`${server.url}api/sql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        sql: 'SELECT sum(length(a.track_id || b.track_id || c.track_id)) FROM tracks a, tracks b, tracks c',
      }),
      signal: page.signal,
    }).catch((error: Error) => error.name)
    await new Promise((resolve) => setTimeout(resolve, 500))
    page.abort()
    expect(await slow).toBe('AbortError')
    // Uncancelled, the cross join would hold the engine until its 30 s limit; this answer comes long before.
    const next = await fetch(`${server.url}api/insights/top_artists?playlist=${chart}`, {
      signal: AbortSignal.timeout(15_000),
    })
    expect(next.status).toBe(200)
  })

  it('shows new snapshots once the lake gains them, without a restart', async () => {
    const before = (await call(`${server.url}api/filters`)).json as unknown as FilterOptions
    expect(before.snapshot_dates).toEqual([DAY1, DAY2])
    await runDemo({ ...lake, database: 'tunelake', mode: 'extended', days: [DAY3] })
    await new Promise((resolve) => setTimeout(resolve, 2_100))
    const after = (await call(`${server.url}api/filters`)).json as unknown as FilterOptions
    expect(after.snapshot_dates).toEqual([DAY1, DAY2, DAY3])
    const top = await call(`${server.url}api/insights/top_artists?playlist=${chart}&to=${DAY3}`)
    expect(top.status).toBe(200)
    expect((top.json as unknown as InsightResult).rows.length).toBeGreaterThan(0)
  })
})

describe('the dashboard server, refusing to start', () => {
  it('says to build the page when its assets are missing', async () => {
    const lake = await tempLake('dashboard-noassets')
    const empty = await mkdtemp(path.join(tmpdir(), 'tunelake-noassets-'))
    await expect(startDashboardServer({ ...lake, database: 'tunelake', assetsDir: empty })).rejects.toThrow(
      /the dashboard page is not built .*run npm run build/,
    )
  })

  it('answers an empty lake with what to run first', async () => {
    const lake = await tempLake('dashboard-empty')
    const assetsDir = await mkdtemp(path.join(tmpdir(), 'tunelake-assets-'))
    await buildDashboardAssets(assetsDir)
    const server = await startDashboardServer({ ...lake, database: 'tunelake', assetsDir })
    try {
      const answer = await call(`${server.url}api/filters`)
      expect(answer.status).toBe(409)
      expect(answer.json.error).toMatch(/no catalog tables yet; run tunelake demo/)
    } finally {
      await server.close()
    }
  })
})
