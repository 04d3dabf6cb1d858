import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  EntityNotFoundException,
  GetTableCommand,
  GlueClient,
  StartCrawlerCommand,
} from '@aws-sdk/client-glue'
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lakeFromEnv } from '../../src/aws/lambda-wiring.js'
import { createTransformHandler } from '../../src/aws/transform-handler.js'
import { readParquetFooter } from '../../src/catalog/parquet-footer.js'
import { writeSyntheticExport } from '../../src/emulator/index.js'
import { importSpotifyExport } from '../../src/import/import-export.js'
import { type RunningS3, startS3 } from '../contracts/s3-server.js'
import {
  CREDENTIALS,
  notification,
  REGION,
  sqsEvent,
  startS3WithEvents,
  testEvent,
} from '../infra/lambda-harness.js'
import { tunelake } from '../support/cli.js'

/**
 * Both homes take a Spotify data export: `tunelake import` on an S3 lake, and on AWS the transform
 * function fed the notifications of the `streaming_history` raw objects an import lands in the
 * raw bucket. The export is the emulator's synthetic one: seven weeks over three months.
 */
let exportDir: string
let streams: number
const MONTHS = ['2026-01-01', '2026-02-01', '2026-03-01']

beforeAll(async () => {
  exportDir = await mkdtemp(path.join(tmpdir(), 'tunelake-homes-export-'))
  streams = (await writeSyntheticExport(exportDir, { from: '2026-01-20', to: '2026-03-10' })).streams
})

describe('tunelake import on an S3 lake (s3rver)', () => {
  let s3: RunningS3
  let env: Record<string, string>
  const LAKE = 's3://lake/listening'

  beforeAll(async () => {
    s3 = await startS3(['lake'])
    env = { ...s3.env, TUNELAKE_CACHE_DIR: await mkdtemp(path.join(tmpdir(), 'tunelake-cache-')) }
  })

  afterAll(async () => {
    await s3?.close()
  })

  it('lands the streams in the raw zone, transforms them into plays, and a second import changes nothing', async () => {
    const first = await tunelake(['import', 'spotify-export', exportDir, '--lake', LAKE], env)
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toContain(`read ${streams} streams: ${streams} new`)
    expect(first.stdout).toMatch(/\(transform and crawl\): succeeded/)
    const count = [
      'query',
      '--lake',
      LAKE,
      '--format',
      'json',
      'SELECT source, count(*) AS n FROM plays GROUP BY 1',
    ]
    const plays = await tunelake(count, env)
    expect(plays.stderr).toBe('')
    expect(JSON.parse(plays.stdout)).toEqual([{ source: 'export', n: streams }])

    const again = await tunelake(['import', 'spotify-export', exportDir, '--lake', LAKE], env)
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('nothing new: the lake holds every stream of this export already')
    expect(JSON.parse((await tunelake(count, env)).stdout)).toEqual([{ source: 'export', n: streams }])
  }, 120_000)
})

describe('the transform function, fed the notifications of an import’s raw objects', () => {
  const RAW = 'tunelake-raw'
  const TRANSFORMED = 'tunelake-transformed'
  const glue = mockClient(GlueClient)
  let s3: Awaited<ReturnType<typeof startS3WithEvents>>
  let env: Record<string, string>

  beforeAll(async () => {
    s3 = await startS3WithEvents([RAW, TRANSFORMED])
    env = {
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_LAMBDA_FUNCTION_NAME: 'Tunelake-Transform',
      TUNELAKE_RAW_BUCKET: RAW,
      TUNELAKE_TRANSFORMED_BUCKET: TRANSFORMED,
      TUNELAKE_GLUE_DATABASE: 'tunelake',
      TUNELAKE_GLUE_CRAWLER: 'tunelake-crawler',
      TUNELAKE_METRICS_NAMESPACE: 'tunelake/Test',
    }
  })

  afterAll(async () => {
    glue.restore()
    await s3?.close()
  })

  const keys = async (bucket: string, prefix: string) =>
    ((await s3.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map(
      (o) => o.Key!,
    )
  const rows = async (key: string) =>
    readParquetFooter(
      await (
        await s3.client.send(new GetObjectCommand({ Bucket: TRANSFORMED, Key: key }))
      ).Body!.transformToByteArray(),
    ).rows

  it('builds plays of every month from the streaming_history objects, once however often they are delivered', async () => {
    glue
      .on(GetTableCommand)
      .rejects(
        new EntityNotFoundException({
          message: 'Table plays not found.',
          $metadata: { httpStatusCode: 400 },
        }),
      )
      .on(StartCrawlerCommand)
      .resolves({})
    const report = await importSpotifyExport(lakeFromEnv(env), exportDir)
    expect(report.rawKeys.length).toBeGreaterThanOrEqual(MONTHS.length)
    expect(report.rawKeys.every((key) => key.startsWith('raw/spotify/streaming_history/'))).toBe(true)
    // The raw objects in the raw bucket, the lake's state beside the tables.
    expect((await keys(RAW, '')).sort()).toEqual([...report.rawKeys].sort())
    expect(await keys(TRANSFORMED, '_state/spotify-export/')).not.toEqual([])

    const created = s3.records.filter((r) => r.s3.bucket.name === RAW).map(notification)
    expect(created).toHaveLength(report.rawKeys.length)
    const transform = createTransformHandler({ env, out: () => {} })
    expect(await transform(sqsEvent([testEvent(RAW), ...created]))).toEqual({ batchItemFailures: [] })

    const plays = await keys(TRANSFORMED, 'transformed/plays/')
    // Partitioned by the month played: one file for every month of the export.
    const months = plays.map((key) => /played_month=([\d-]+)\//.exec(key)?.[1])
    expect(new Set(months.map((month) => `${month}-01`))).toEqual(new Set(MONTHS))
    expect(months).toHaveLength(MONTHS.length)
    let total = 0
    for (const key of plays) total += await rows(key)
    expect(total).toBe(streams)
    expect(glue.commandCalls(StartCrawlerCommand)).toHaveLength(1)

    // Delivered again, in another order: the ledger covers them, nothing is rebuilt.
    const before = await keys(TRANSFORMED, 'transformed/')
    expect(await transform(sqsEvent([...created].reverse()))).toEqual({ batchItemFailures: [] })
    expect(await keys(TRANSFORMED, 'transformed/')).toEqual(before)
  }, 120_000)
})
