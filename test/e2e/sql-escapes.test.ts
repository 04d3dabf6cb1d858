import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDashboardAssets } from '../../src/dashboard/build.js'
import { type DashboardServer, startDashboardServer } from '../../src/server/dashboard-server.js'
import { tunelake } from '../support/cli.js'
import { ESCAPE_ATTEMPTS, type EscapeAttempt } from '../support/escape-attempts.js'
import { type EscapeLake, escapeLake, SECRET } from '../support/escape-lake.js'

let paths: EscapeLake
let server: DashboardServer

beforeAll(async () => {
  const assetsDir = await mkdtemp(path.join(tmpdir(), 'tunelake-assets-'))
  ;[paths] = await Promise.all([escapeLake(), buildDashboardAssets(assetsDir)])
  server = await startDashboardServer({
    store: paths.store,
    catalog: paths.catalog,
    database: 'tunelake',
    assetsDir,
    log: () => {},
  })
}, 60_000)

afterAll(async () => {
  await server?.close()
})

const named = (names: string[]): [string, EscapeAttempt][] =>
  names.map((name) => [name, ESCAPE_ATTEMPTS.find((a) => a.name === name)!])

describe("the dashboard's SQL console refuses every escape", () => {
  it.each(ESCAPE_ATTEMPTS.map((a) => [a.name, a] as const))('%s', async (_, attempt) => {
    const answer = await fetch(`${server.url}api/sql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sql: attempt.sql(paths) }),
    })
    expect(answer.status).toBe(attempt.kind === 'refused' ? 403 : 400)
    const body = (await answer.json()) as { error: string; kind: string }
    expect(body.kind).toBe(attempt.kind)
    expect(body.error).toMatch(attempt.answer)
    expect(body.error).not.toContain(SECRET)
  })
})

describe('tunelake query refuses escapes, run from the folder that holds the secrets', () => {
  it.each(
    named([
      'a quoted name and an extension',
      'a bare relative name',
      'a quoted relative name',
      'a gzipped CSV',
      'the run records',
      'a CTE named like the file, read outside its scope',
      'read_csv',
      'current_setting()',
      'duckdb_views',
      'COPY out of the lake',
    ]),
  )('%s', async (_, attempt) => {
    const result = await tunelake(['query', attempt.sql(paths), '--lake', paths.lake], {}, paths.outside)
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(attempt.answer)
    expect(result.stderr).not.toContain(SECRET)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })
})
