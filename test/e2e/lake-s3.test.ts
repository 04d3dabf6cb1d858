import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PLAYLIST_IDS } from '../../src/emulator/index.js'
import { listAll } from '../../src/lake/object-store.js'
import { openS3Store } from '../../src/lake/stores/s3-from-env.js'
import type { TableInfo } from '../../src/server/api-types.js'
import { type RunningS3, startS3 } from '../contracts/s3-server.js'
import { tunelake } from '../support/cli.js'
import { serve } from '../support/dashboard-page.js'

let s3: RunningS3
let env: Record<string, string>
const LAKE = 's3://lake/team a/demo'

function expectOneLine(stderr: string, pattern: RegExp): void {
  expect(stderr.trimEnd().split('\n')).toHaveLength(1)
  expect(stderr).toMatch(pattern)
}

beforeAll(async () => {
  s3 = await startS3(['lake'])
  env = { ...s3.env, TUNELAKE_CACHE_DIR: await mkdtemp(path.join(tmpdir(), 'tunelake-cache-')) }
})

afterAll(async () => {
  await s3.close()
})

describe('a lake on S3 (s3rver)', () => {
  it('runs the demo, then answers queries through the local cache', async () => {
    const demo = await tunelake(['demo', '--days', '2', '--lake', LAKE], env)
    expect(demo.stderr).toBe('')
    expect(demo.code).toBe(0)
    expect(demo.stdout).toContain(`Lake: ${LAKE}`)
    expect(demo.stdout).toContain(`Dashboard: npx tunelake serve --lake '${LAKE}'`)
    const store = openS3Store({ bucket: 'lake', prefix: 'team a/demo/' }, s3.env)
    expect((await listAll(store, 'transformed/tracks/')).length).toBe(2)
    expect((await listAll(store, '_catalog/tunelake/')).length).toBeGreaterThan(5)

    const query = await tunelake(
      [
        'query',
        '--lake',
        LAKE,
        '--format',
        'json',
        `SELECT snapshot_date, count(*) AS n FROM playlist_tracks WHERE playlist_id = '${PLAYLIST_IDS.chart}' GROUP BY 1 ORDER BY 1`,
      ],
      env,
    )
    expect(query.stderr).toBe('')
    expect(JSON.parse(query.stdout).map((r: { n: number }) => r.n)).toEqual([50, 50])
  }, 120_000)

  it('serves the dashboard over it, with the same answers as the query command', async () => {
    const server = await serve(LAKE, env)
    try {
      const tables = (await (await fetch(`${server.url}api/tables`)).json()) as TableInfo[]
      const chart = tables.find((t) => t.name === 'playlist_tracks')
      expect(chart).toMatchObject({ partition_count: 2, location: `${LAKE}/transformed/playlist_tracks/` })
      const sql = await fetch(`${server.url}api/sql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          sql: `SELECT count(*) AS n FROM playlist_tracks WHERE playlist_id = '${PLAYLIST_IDS.chart}'`,
        }),
      })
      expect(await sql.json()).toMatchObject({ rows: [{ n: 100 }] })
    } finally {
      await server.stop()
    }
  }, 60_000)

  it('transforms from an S3 event notification and crawls, leaving the answers the same', async () => {
    const store = openS3Store({ bucket: 'lake', prefix: 'team a/demo/' }, s3.env)
    const raw = (await listAll(store, 'raw/spotify/playlist_items/'))[0]!
    const event = {
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Put',
          s3: {
            s3SchemaVersion: '1.0',
            bucket: { name: 'lake' },
            object: { key: `team+a/demo/${raw.key}`, size: raw.size, eTag: raw.etag, sequencer: '01' },
          },
        },
      ],
    }
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'tunelake-event-')), 'event.json')
    await writeFile(file, JSON.stringify(event))
    const up = await tunelake(['transform', '--event', file, '--lake', LAKE], env)
    expect(up.code).toBe(0)
    expect(up.stdout).toMatch(
      /^1 event record\(s\) for raw objects, 0 ignored; 1 date\(s\) already up to date/,
    )

    // The demo's two days and the months of the export it imported: every snapshot date of raw/spotify/.
    const dates = new Set(
      (await listAll(store, 'raw/spotify/')).map((o) => /snapshot_date=([\d-]+)\//.exec(o.key)?.[1]),
    ).size
    const all = await tunelake(['transform', '--all', '--lake', LAKE], env)
    expect(all.stdout).toMatch(
      new RegExp(
        `^transformed (\\d+) of \\1 raw objects in ${dates} snapshot date\\(s\\), quarantined 0`,
        'm',
      ),
    )
    const crawl = await tunelake(['crawl', '--lake', LAKE], env)
    expect(crawl.code).toBe(0)
    expect(crawl.stdout).toMatch(/0 tables created, 0 updated, 0 partitions added/)
    const query = await tunelake(
      ['query', '--lake', LAKE, '--format', 'csv', 'SELECT count(*) AS n FROM playlists'],
      env,
    )
    expect(query.stdout).toMatch(/^n\r\n\d+\r\n$/)
  }, 120_000)

  it.each([
    [
      'a bucket that does not exist',
      's3://no-such-bucket/x',
      {},
      1,
      /the S3 bucket "no-such-bucket" does not exist .* create it or fix --lake/,
    ],
    [
      'wrong credentials',
      LAKE,
      { AWS_ACCESS_KEY_ID: 'AKIAWRONGEXAMPLE', AWS_SECRET_ACCESS_KEY: 'not-the-secret' },
      1,
      /S3 rejected the credentials \(InvalidAccessKeyId\)/,
    ],
    [
      'a malformed bucket name',
      's3://Bad_Bucket/x',
      {},
      2,
      /"Bad_Bucket" in s3:\/\/Bad_Bucket\/x is not an S3 bucket name/,
    ],
  ])('refuses %s with one line', async (_, lake, extra, code, message) => {
    for (const command of [
      ['transform', '--all'],
      ['query', 'SELECT 1'],
    ]) {
      const result = await tunelake([...command, '--lake', lake as string], {
        ...env,
        ...(extra as Record<string, string>),
      })
      expect(result.code, command.join(' ')).toBe(code)
      expectOneLine(result.stderr, message as RegExp)
      expect(result.stderr).not.toMatch(/AKIAWRONG|not-the-secret/)
    }
  })
})
