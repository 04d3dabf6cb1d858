import { spawn } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parquetReadObjects } from 'hyparquet'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { crawl } from '../../src/catalog/crawler.js'
import { writeParquet } from '../../src/lake/parquet/parquet-writer.js'
import type { TableSpec } from '../../src/transform/table-specs.js'
import { tunelake } from '../support/cli.js'
import { tempLake } from '../support/temp-lake.js'

const TRACKS: TableSpec = {
  name: 'tracks',
  key: ['track_id'],
  columns: [
    { name: 'track_id', type: 'VARCHAR' },
    { name: 'name', type: 'VARCHAR' },
    { name: 'popularity', type: 'INTEGER' },
  ],
}
const DAYS = ['2026-11-20', '2026-11-21', '2026-11-22']
const BIN = fileURLToPath(new URL('../../bin/tunelake.js', import.meta.url))

let lake: string
let work: string

beforeAll(async () => {
  const made = await tempLake('query-cli')
  lake = made.dir
  work = await mkdtemp(path.join(tmpdir(), 'tunelake-query-out-'))
  for (const [d, day] of DAYS.entries()) {
    const rows = Array.from({ length: 3 + d }, (_, i) => ({
      track_id: `t${i}`,
      name: `Song, "${i}"`,
      popularity: 10 * i + d,
    }))
    await made.store.put(
      `transformed/tracks/snapshot_date=${day}/part-00000.parquet`,
      await writeParquet(TRACKS, rows),
    )
  }
  await crawl(made.store, made.catalog, 'tunelake')
})

describe('tunelake query', () => {
  it('prints a table, JSON or CSV, binding --param values to the ? in order', async () => {
    const sql =
      'SELECT snapshot_date, count(*) AS n FROM tracks WHERE snapshot_date >= ? GROUP BY 1 ORDER BY 1'
    const table = await tunelake(['query', sql, '--lake', lake, '--param', '2026-11-21'])
    expect(table.code).toBe(0)
    expect(table.stdout).toBe(
      'snapshot_date | n\n--------------+--\n2026-11-21    | 4\n2026-11-22    | 5\n(2 rows)\n',
    )
    const json = await tunelake(['query', sql, '--lake', lake, '--param', '2026-11-22', '--format', 'json'])
    expect(JSON.parse(json.stdout)).toEqual([{ snapshot_date: '2026-11-22', n: 5 }])
    const csv = await tunelake([
      'query',
      "SELECT name FROM tracks WHERE track_id = 't1' AND snapshot_date = '2026-11-20'",
      '--lake',
      lake,
      '--format',
      'csv',
    ])
    expect(csv.stdout).toBe('name\r\n"Song, ""1"""\r\n')
  })

  it('explains the partitions and bytes a query would scan and what Athena would charge', async () => {
    const { code, stdout } = await tunelake([
      'query',
      "SELECT name FROM tracks WHERE snapshot_date = '2026-11-21'",
      '--lake',
      lake,
      '--explain',
    ])
    expect(code).toBe(0)
    expect(stdout).toMatch(
      /^tracks: 1 of 3 partitions \(snapshot_date=2026-11-21\); columns name; [\d.]+ K?B$/m,
    )
    expect(stdout).toMatch(
      /^total: [\d.]+ K?B would be scanned; Athena would bill 10\.0 MB \(its 10 MB minimum per query\): \$0\.000048 at \$5 per TB$/m,
    )
  })

  it('writes the result to Parquet or CSV with --out, and refuses other file kinds', async () => {
    const sql = 'SELECT track_id, popularity, snapshot_date FROM tracks ORDER BY snapshot_date, track_id'
    const parquet = path.join(work, 'tracks.parquet')
    const out = await tunelake(['query', sql, '--lake', lake, '--out', parquet])
    expect(out.code).toBe(0)
    expect(out.stdout).toBe('')
    expect(out.stderr).toMatch(/wrote 12 rows, .* to .*tracks\.parquet/)
    const bytes = await readFile(parquet)
    const rows = await parquetReadObjects({
      file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    })
    expect(rows).toHaveLength(12)
    expect(rows[0]).toEqual({ track_id: 't0', popularity: 0, snapshot_date: '2026-11-20' })
    const csv = path.join(work, 'tracks.csv')
    await tunelake(['query', sql, '--lake', lake, '--out', csv])
    expect((await readFile(csv, 'utf8')).split('\r\n')[1]).toBe('t0,0,2026-11-20')
    const bad = await tunelake(['query', sql, '--lake', lake, '--out', path.join(work, 'tracks.xlsx')])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/tracks\.xlsx: the file name must end in \.parquet or \.csv/)
  })

  it('says when the result was cut at the row limit', async () => {
    const { code, stdout, stderr } = await tunelake([
      'query',
      'SELECT * FROM tracks',
      '--lake',
      lake,
      '--max-rows',
      '2',
    ])
    expect(code).toBe(0)
    expect(stdout).toMatch(/\(2 rows, cut at the row limit\)/)
    expect(stderr).toMatch(/the result was cut at 2 rows; add a LIMIT, aggregate, or raise --max-rows/)
  })

  it.each([
    [
      ["COPY tracks TO '/tmp/x.csv'"],
      /^tunelake: only SELECT queries run here .*COPY statements are refused\n$/,
      2,
    ],
    [["SELECT * FROM read_csv('/etc/passwd')"], /^tunelake: the table function read_csv\(\) is refused/, 2],
    [['SELECT nope FROM tracks'], /^tunelake: SQL error: .*nope/, 2],
    [['SELECT ? AS a'], /1 \? placeholder\(s\) but 0 value/, 2],
    [['SELECT 1', '--format', 'xml'], /unknown --format xml; use one of table, json, csv/, 2],
    [['SELECT 1', '--max-rows', '0'], /--max-rows 0 is not a positive whole number/, 2],
    [
      [
        'SELECT count(*) FROM UNNEST(sequence(1, 10000)) a CROSS JOIN UNNEST(sequence(1, 10000)) b CROSS JOIN UNNEST(sequence(1, 10000)) c',
        '--timeout',
        '1',
      ],
      /ran past the 1 s time limit and was stopped/,
      1,
    ],
  ])('refuses %j with one line and a non-zero exit', async (args, message, code) => {
    const result = await tunelake(['query', ...args, '--lake', lake])
    expect(result.code).toBe(code)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(message)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })
})

/** A stand-in for Athena's JSON API on loopback: answers by X-Amz-Target, records each call. */
async function fakeAthena(state: { running: boolean }) {
  const calls: { target: string; body: Record<string, unknown> }[] = []
  const server: Server = createServer((req, res) => {
    let text = ''
    req.on('data', (chunk) => {
      text += chunk
    })
    req.on('end', () => {
      const target = String(req.headers['x-amz-target']).replace('AmazonAthena.', '')
      calls.push({ target, body: JSON.parse(text || '{}') })
      const answers: Record<string, unknown> = {
        StartQueryExecution: { QueryExecutionId: 'q-42' },
        StopQueryExecution: {},
        GetQueryExecution: {
          QueryExecution: {
            QueryExecutionId: 'q-42',
            StatementType: 'DML',
            Status: { State: state.running ? 'RUNNING' : 'SUCCEEDED' },
            Statistics: { DataScannedInBytes: 52_428_800 },
          },
        },
        GetQueryResults: {
          ResultSet: {
            Rows: [{ Data: [{ VarCharValue: 'n' }] }, { Data: [{ VarCharValue: '7' }] }],
            ResultSetMetadata: {
              ColumnInfo: [{ Name: 'n', Label: 'n', Type: 'bigint', Precision: 19, Scale: 0 }],
            },
          },
        },
      }
      res
        .writeHead(200, { 'content-type': 'application/x-amz-json-1.1' })
        .end(JSON.stringify(answers[target] ?? {}))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

describe('tunelake query with "engine": "athena"', () => {
  const state = { running: false }
  let athena: Awaited<ReturnType<typeof fakeAthena>>
  let config: string
  const env = () => ({
    AWS_ENDPOINT_URL_ATHENA: athena.url,
    AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE00',
    AWS_SECRET_ACCESS_KEY: 'example-secret-not-real',
    AWS_EC2_METADATA_DISABLED: 'true',
  })

  beforeAll(async () => {
    athena = await fakeAthena(state)
    config = path.join(work, 'athena.json')
    await writeFile(
      config,
      JSON.stringify({
        engine: 'athena',
        database: 'tunelake',
        athena: { workgroup: 'analytics', region: 'eu-west-1', output_location: 's3://results/' },
        sources: [{ type: 'playlist', id: '37i9dQZF1E4tLk5OdAiLyT' }],
      }),
    )
  })
  afterAll(async () => {
    await athena?.close()
  })

  it('runs the SQL on Athena in the workgroup and reports the bytes scanned and their cost', async () => {
    state.running = false
    const result = await tunelake(
      [
        'query',
        'SELECT count(*) AS n FROM tracks WHERE snapshot_date = ?',
        '--config',
        config,
        '--param',
        '2026-11-21',
      ],
      env(),
    )
    expect(result.stderr).toMatch(
      /^tunelake: 1 row, [\d.]+ s on Athena, 50\.0 MB scanned, \$0\.00024, query q-42\n$/,
    )
    expect(result.stdout).toBe('n\n-\n7\n(1 row)\n')
    const start = athena.calls.find((c) => c.target === 'StartQueryExecution')!.body
    expect(start).toMatchObject({
      QueryString: 'SELECT count(*) AS n FROM tracks WHERE snapshot_date = ?',
      WorkGroup: 'analytics',
      QueryExecutionContext: { Database: 'tunelake', Catalog: 'AwsDataCatalog' },
      ExecutionParameters: ["'2026-11-21'"],
      ResultConfiguration: { OutputLocation: 's3://results/' },
    })
    expect(String(start.ClientRequestToken)).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('stops the query in Athena on Ctrl-C and exits 130', async () => {
    state.running = true
    athena.calls.length = 0
    const child = spawn(process.execPath, [BIN, 'query', 'SELECT 1', '--config', config], {
      env: { ...process.env, ...env() },
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    while (!athena.calls.some((c) => c.target === 'GetQueryExecution'))
      await new Promise((r) => setTimeout(r, 50))
    child.kill('SIGINT')
    const code = await new Promise((resolve) => child.on('close', resolve))
    expect(code).toBe(130)
    expect(athena.calls.find((c) => c.target === 'StopQueryExecution')?.body).toEqual({
      QueryExecutionId: 'q-42',
    })
    expect(stderr).toMatch(/cancelled and stopped in Athena/)
  })

  it('asks for the workgroup when the config names Athena without one', async () => {
    const bare = path.join(work, 'bare.json')
    await writeFile(
      bare,
      JSON.stringify({ engine: 'athena', sources: [{ type: 'playlist', id: '37i9dQZF1E4tLk5OdAiLyT' }] }),
    )
    const result = await tunelake(['query', 'SELECT 1', '--config', bare])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/bare\.json: athena: set athena\.workgroup when engine is "athena"/)
  })
})

describe('start-up', () => {
  /** The modules a command loads, recorded by a resolve hook in a child process. */
  async function loaded(args: string[]): Promise<string[]> {
    const log = path.join(work, `loaded-${args.join('-').replace(/\W+/g, '_')}.txt`)
    const hooks = path.join(work, 'hooks.mjs')
    await writeFile(
      hooks,
      `import { appendFileSync } from 'node:fs'\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(log)}, r.url + '\\n'); return r }\n`,
    )
    const register = `data:text/javascript,import { register } from 'node:module'; register(${JSON.stringify(`file://${hooks}`)})`
    await new Promise((resolve) =>
      spawn(process.execPath, ['--import', register, BIN, ...args], { stdio: 'ignore' }).on('close', resolve),
    )
    return (await readFile(log, 'utf8')).split('\n')
  }

  it('loads neither DuckDB, the AWS SDK, CDK nor the emulator for --help, and no AWS SDK for a local query', async () => {
    const help = await loaded(['--help'])
    expect(help.some((url) => url.includes('/src/cli/') || url.includes('/cli/main.js'))).toBe(true)
    for (const heavy of ['@duckdb', '@aws-sdk', 'aws-cdk-lib', '/emulator/']) {
      expect(help.filter((url) => url.includes(heavy))).toEqual([])
    }
    const query = await loaded(['query', 'SELECT 1 AS one', '--lake', lake])
    expect(query.some((url) => url.includes('@duckdb'))).toBe(true)
    for (const heavy of ['@aws-sdk', 'aws-cdk-lib', '/emulator/']) {
      expect(query.filter((url) => url.includes(heavy))).toEqual([])
    }
  })
})
