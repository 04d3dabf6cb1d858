import { readFile } from 'node:fs/promises'
import path from 'node:path'
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena'
import { mockClient } from 'aws-sdk-client-mock'
import { parquetMetadata, parquetReadObjects } from 'hyparquet'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalCatalog } from '../../src/catalog/catalogs/local.js'
import { PLAYLIST_IDS } from '../../src/emulator/index.js'
import {
  bindInsight,
  InsightUnavailableError,
  listInsights,
  loadInsight,
} from '../../src/insights/insights.js'
import { runInsight } from '../../src/insights/run-insight.js'
import { FsObjectStore } from '../../src/lake/stores/fs.js'
import { AthenaEngine } from '../../src/query/engines/athena.js'
import { DuckDbEngine } from '../../src/query/engines/duckdb.js'
import { tunelake } from '../support/cli.js'
import { CHART, DAYS, demoLake, insightRows, LAST, openDemoLake } from '../support/insights-lake.js'

/**
 * The insights as files (the eleven over playlists and the thirteen over listening, the same SQL
 * sent to Athena), on a development-mode
 * lake, and as the `tunelake insights` command (list, JSON and Parquet output, errors).
 */
let lake: string
let devLake: string
let engine: DuckDbEngine

beforeAll(async () => {
  ;[lake, devLake] = await Promise.all([demoLake('extended', DAYS), demoLake('development', [LAST])])
  engine = await openDemoLake(lake)
}, 180_000)

afterAll(async () => {
  await engine?.close()
})

const rows = (name: string, values: Record<string, string>) => insightRows(engine, name, values)

describe('the insights as files', () => {
  it('ships the insights the dashboard builds on, each with described parameters', async () => {
    const all = await listInsights()
    expect(all.map((i) => i.name)).toEqual([
      'album_type_mix',
      'artist_concentration',
      'chart_movers',
      'explicit_share',
      'genre_share',
      'listening_heatmap',
      'listening_minutes',
      'listening_music_vs_podcasts',
      'listening_new_artists',
      'listening_saved_unplayed',
      'listening_sessions',
      'listening_skip_rate',
      'listening_streaks',
      'listening_summary',
      'listening_top_albums',
      'listening_top_artist_moves',
      'listening_top_artists',
      'listening_top_tracks',
      'longest_running',
      'median_popularity',
      'new_entries_dropouts',
      'playlist_overlap',
      'release_decades',
      'spotify_vs_open_data',
      'top_artists',
    ])
    for (const insight of all) {
      expect(insight.description).toMatch(/^[A-Z][\w -]+: .{20,}/)
      expect(insight.paramSpecs?.map((p) => p.name)).toEqual(insight.params)
    }
  })

  it('sends Athena the very SQL the local engine runs, values as execution parameters', async () => {
    const athena = mockClient(AthenaClient)
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' })
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        QueryExecutionId: 'q-1',
        StatementType: 'DML',
        Status: { State: 'SUCCEEDED' },
        Statistics: { DataScannedInBytes: 1 },
      },
    })
    athena
      .on(GetQueryResultsCommand)
      .resolves({ ResultSet: { Rows: [{ Data: [] }], ResultSetMetadata: { ColumnInfo: [] } } })
    const onAthena = new AthenaEngine({
      client: new AthenaClient({ region: 'eu-west-1' }),
      workgroup: 'wg',
      database: 'tunelake',
    })
    for (const insight of await listInsights()) {
      const values = {
        ...(insight.params.includes('playlist_id') && { playlist_id: CHART }),
        ...(insight.params.includes('other_playlist_id') && { other_playlist_id: CHART }),
        ...(insight.params.includes('source') && { source: 'spotify' }),
      }
      const bound = bindInsight(insight, values)
      expect(bound.sql).toBe(insight.sql.replace(/\{\{\w+\}\}/g, '?'))
      await runInsight(onAthena, insight, values)
      const start = athena.commandCalls(StartQueryExecutionCommand).at(-1)!.args[0].input
      expect(start.QueryString).toBe(bound.sql)
      expect(start.ExecutionParameters).toEqual(bound.params.map((v) => `'${v}'`))
      // This lake was never enriched: an insight that needs the open-data tables cannot run on it
      // (open-data-insights.test.ts runs them on enriched lakes).
      if (insight.requires?.some((r) => r.openData)) continue
      expect((await engine.run(bound.sql, { params: bound.params })).columns.length).toBeGreaterThan(0)
    }
    athena.restore()
  })
})

describe('development mode', () => {
  it.each([
    [
      'genre_share',
      /genre_share needs artists\.genres, and the lake has none for these dates: Spotify no longer returns artist genres to development-mode apps/,
    ],
    ['median_popularity', /median_popularity needs tracks\.popularity, and the lake has none/],
  ])('%s asked for Spotify says the field is missing instead of printing zeros', async (name, message) => {
    const store = new FsObjectStore(devLake)
    const dev = await DuckDbEngine.open({ store, catalog: new LocalCatalog(store), database: 'tunelake' })
    try {
      const error = await runInsight(dev, await loadInsight(name), {
        playlist_id: PLAYLIST_IDS.dailyMirror,
        source: 'spotify',
      }).catch((e) => e)
      expect(error).toBeInstanceOf(InsightUnavailableError)
      expect(error.message).toMatch(message)
      const { result } = await runInsight(dev, await loadInsight('top_artists'), {
        playlist_id: PLAYLIST_IDS.dailyMirror,
      })
      expect(result.rows.length).toBe(10)
    } finally {
      await dev.close()
    }
  })
})

describe('tunelake insights', () => {
  it('lists the insights with their parameters', async () => {
    const { code, stdout } = await tunelake(['insights'])
    expect(code).toBe(0)
    expect(stdout).toMatch(
      /^top_artists {2}--param playlist_id=<playlist> \[--param from_date=first\] \[--param to_date=last\]$/m,
    )
    expect(stdout).toMatch(/^release_decades {2}--param playlist_id=<playlist> \[--param bucket=decade\]/m)
    expect(stdout).toMatch(/^ {2}Chart movers: each track's position change/m)
    expect(stdout).toMatch(
      /^listening_heatmap {2}\[--param from_date=first\] \[--param to_date=last\] \[--param time_zone=UTC\]$/m,
    )
  })

  it('runs one as JSON, and writes one to Parquet', async () => {
    const json = await tunelake([
      'insights',
      'explicit_share',
      '--lake',
      lake,
      '--param',
      `playlist_id=${CHART}`,
      '--format',
      'json',
    ])
    expect(json.stderr).toBe('')
    expect(JSON.parse(json.stdout)).toEqual(await rows('explicit_share', { playlist_id: CHART }))
    const file = path.join(lake, '..', `${path.basename(lake)}-movers.parquet`)
    const out = await tunelake([
      'insights',
      'chart_movers',
      '--lake',
      lake,
      '--param',
      `playlist_id=${CHART}`,
      '--out',
      file,
    ])
    expect(out.code).toBe(0)
    const bytes = await readFile(file)
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
    const written = await parquetReadObjects({ file: buffer })
    expect(written.map((r) => r.track)).toEqual(
      (await rows('chart_movers', { playlist_id: CHART })).map((r) => r.track),
    )
    expect(parquetMetadata(buffer).schema.map((s) => s.name)).toContain('previous_position')
  })

  it.each([
    [['insights', 'nope'], /unknown insight nope; run tunelake insights to list them/, 2],
    [['insights', 'top_artists'], /top_artists: it needs --param playlist_id=<playlist>/, 2],
    [
      ['insights', 'top_artists', '--param', 'playlist_id=xyz'],
      /--param playlist_id=xyz is not a playlist id/,
      2,
    ],
    [
      ['insights', 'top_artists', '--param', `playlist_id=${CHART}`, '--param', 'to_date=2026-02-30'],
      /to_date=2026-02-30 is not a date/,
      2,
    ],
    [['insights', 'top_artists', '--param', 'colour=red'], /takes no parameter colour/, 2],
  ])('refuses bad input on one line: %j', async (args, message, code) => {
    const result = await tunelake([...args, '--lake', lake])
    expect(result.code).toBe(code)
    expect(result.stderr).toMatch(message)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('says so on a development-mode lake asked for Spotify, with a non-zero exit', async () => {
    const result = await tunelake([
      'insights',
      'genre_share',
      '--lake',
      devLake,
      '--param',
      `playlist_id=${PLAYLIST_IDS.dailyMirror}`,
      '--param',
      'source=spotify',
    ])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/^tunelake: genre_share needs artists\.genres, .*development-mode apps/)
  })
})
