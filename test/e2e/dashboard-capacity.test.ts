import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { todayUtc } from '../../src/cli/dates.js'
import { buildDashboardAssets } from '../../src/dashboard/build.js'
import { runDemo } from '../../src/pipeline/run-demo.js'
import { type DashboardServer, startDashboardServer } from '../../src/server/dashboard-server.js'
import { tempLake } from '../support/temp-lake.js'

/** A console query that runs until it is stopped (10^12 rows). */
const ENDLESS =
  'SELECT count(*) AS n FROM UNNEST(sequence(1, 10000)) a(x) CROSS JOIN UNNEST(sequence(1, 10000)) b(y) CROSS JOIN UNNEST(sequence(1, 10000)) c(z) WHERE (a.x + b.y + c.z) % 7 = 3'

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe("the dashboard's capacity and limits", () => {
  let server: DashboardServer

  const sql = (query: string, signal?: AbortSignal) =>
    fetch(`${server.url}api/sql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sql: query }),
      ...(signal && { signal }),
    })

  /** A console query left running: its status once it ends, or AbortError once its page goes. */
  const running = (page: AbortController) =>
    sql(ENDLESS, page.signal).then(
      (res) => res.status,
      (error: Error) => error.name,
    )

  /**
   * Waits until the console answers at once: a page that left frees the console only once the
   * server has seen it go and stopped its query, a moment after the client's fetch has failed.
   */
  const consoleFree = async () => {
    let answer = await sql('SELECT 42 AS n')
    for (let tries = 0; answer.status === 503 && tries < 50; tries++) {
      await delay(100)
      answer = await sql('SELECT 42 AS n')
    }
    return answer
  }

  beforeAll(async () => {
    const lake = await tempLake('dashboard-capacity')
    const assetsDir = await mkdtemp(path.join(tmpdir(), 'tunelake-assets-'))
    await Promise.all([
      runDemo({ ...lake, database: 'tunelake', mode: 'extended', days: [todayUtc()] }),
      buildDashboardAssets(assetsDir),
    ])
    server = await startDashboardServer({ ...lake, database: 'tunelake', assetsDir, log: () => {} })
  }, 60_000)

  afterAll(async () => {
    await server?.close()
  })

  it('answers the overview and the charts while a console query runs, without waiting for it', async () => {
    const page = new AbortController()
    let ended = false
    const slow = running(page).finally(() => {
      ended = true
    })
    await delay(300)
    const overview = await fetch(`${server.url}api/overview`)
    expect(overview.status).toBe(200)
    const chart = await fetch(`${server.url}api/insights/top_artists?defaults=1`)
    expect(chart.status).toBe(200)
    expect(((await chart.json()) as { rows: unknown[] }).rows.length).toBeGreaterThan(0)
    expect(ended).toBe(false)
    page.abort()
    expect(await slow).toBe('AbortError')
  })

  it('answers a query past the full console queue with a 503 that says what to do, and drops queries whose page left', async () => {
    expect((await consoleFree()).status).toBe(200)
    const pages = [1, 2, 3, 4].map(() => new AbortController())
    const slow = pages.map(running)
    // Time for the four to reach the server (one runs, three wait) on a loaded machine: a probe sent
    // before the queue is full would wait behind the endless query.
    await delay(2_000)
    const refused = await sql('SELECT 1 AS n')
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('2')
    expect(await refused.json()).toEqual({
      kind: 'busy',
      error:
        'the SQL console already runs 1 query and 3 more wait; wait for one to finish (or close the tab that runs it) and run this again',
    })
    for (const page of pages) page.abort()
    expect(await Promise.all(slow)).toEqual(['AbortError', 'AbortError', 'AbortError', 'AbortError'])
    // The running query is cancelled and the waiting ones never run: the console is free again.
    const next = await consoleFree()
    expect(next.status).toBe(200)
    expect(((await next.json()) as { rows: unknown[] }).rows).toEqual([{ n: 42 }])
  })

  it.each([30_000, 60_000])(
    'refuses a result over the size limit with one line (lpad to %i characters, by 10,000 rows)',
    async (length) => {
      const answer = await sql(`SELECT lpad('x', ${length}, 'x') AS x FROM UNNEST(sequence(1, 10000))`)
      expect(answer.status).toBe(422)
      const body = await answer.text()
      expect(body.length).toBeLessThan(1000)
      expect(JSON.parse(body)).toMatchObject({
        kind: 'limit',
        error: expect.stringMatching(
          /^the result is over the 64 MB result size limit after \d+ rows; .* raise it with --result-limit-mb or query_limits\.result_mb in the config file$/,
        ),
      })
    },
  )

  it("answers Athena's SHOW TABLES and information_schema from the catalog", async () => {
    const tables = (await (await sql('SHOW TABLES')).json()) as { rows: { tab_name: string }[] }
    expect(tables.rows.map((r) => r.tab_name)).toContain('playlist_tracks')
    const columns = (await (
      await sql(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'artists' AND column_name = 'genres'",
      )
    ).json()) as { rows: unknown[] }
    expect(columns.rows).toEqual([{ column_name: 'genres', data_type: 'array(varchar)' }])
  })
})
