import { execFile } from 'node:child_process'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { ListObjectsV2Command } from '@aws-sdk/client-s3'
import type { Metafile } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleHandler } from '../../src/bench/aws-bench.js'
import { PLAYLIST_IDS, type RunningEmulator, startEmulator } from '../../src/emulator/index.js'
import {
  CREDENTIALS,
  notification,
  REGION,
  sqsEvent,
  startS3WithEvents,
  startSecretsManager,
} from './lambda-harness.js'

const run = promisify(execFile)
const OUT = path.resolve('node_modules/.cache/tunelake-aws-test')
const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:123456789012:secret:Bundles-1a2b3c`

let s3: Awaited<ReturnType<typeof startS3WithEvents>>
let secrets: Awaited<ReturnType<typeof startSecretsManager>>
let emulator: RunningEmulator
const metafiles: Record<string, Metafile> = {}

/** Runs a bundle the way Lambda does: a fresh Node process imports it and calls `handler(event)`. */
async function invoke(name: 'extract' | 'transform', event: unknown) {
  const script = `const { handler } = await import(process.env.BUNDLE); const result = await handler(JSON.parse(process.env.EVENT)); process.stdout.write('\\nRESULT ' + JSON.stringify(result) + '\\n')`
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: OUT,
    env: {
      PATH: process.env.PATH,
      BUNDLE: pathToFileURL(path.join(OUT, name, 'index.mjs')).href,
      EVENT: JSON.stringify(event),
      LAMBDA_TASK_ROOT: path.join(OUT, name),
      AWS_LAMBDA_FUNCTION_NAME: `Tunelake-${name}`,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      TUNELAKE_RAW_BUCKET: 'bundle-raw',
      TUNELAKE_TRANSFORMED_BUCKET: 'bundle-transformed',
      TUNELAKE_CONFIG: JSON.stringify({ sources: [{ type: 'playlist', id: PLAYLIST_IDS.indieFinds }] }),
      TUNELAKE_SPOTIFY_SECRET_ARN: SECRET_ARN,
      TUNELAKE_TIME_ZONE: 'UTC',
      TUNELAKE_GLUE_DATABASE: 'tunelake',
      SPOTIFY_API_BASE_URL: emulator.apiBaseUrl,
      SPOTIFY_ACCOUNTS_BASE_URL: emulator.accountsBaseUrl,
    },
  })
  const lines = stdout.split('\n').filter(Boolean)
  const result = JSON.parse(lines.find((l) => l.startsWith('RESULT '))!.slice('RESULT '.length))
  return {
    result,
    logs: lines.filter((l) => !l.startsWith('RESULT ')).map((l) => JSON.parse(l) as Record<string, unknown>),
  }
}

beforeAll(async () => {
  s3 = await startS3WithEvents(['bundle-raw', 'bundle-transformed'])
  emulator = await startEmulator({ day: '2026-04-01' })
  secrets = await startSecretsManager(
    SECRET_ARN,
    JSON.stringify({ client_id: emulator.clientId, client_secret: emulator.clientSecret }),
  )
  for (const name of ['extract', 'transform'] as const) {
    metafiles[name] = await bundleHandler(name, path.join(OUT, name, 'index.mjs'))
  }
})

afterAll(async () => {
  await Promise.all([s3?.close(), emulator?.close(), secrets?.close()])
})

describe('the handlers as deployed (bundled as the stack bundles them)', () => {
  it('leave DuckDB outside the bundle, and the transform carries no config or Spotify code it does not use', () => {
    const inputs = (name: string) => Object.keys(metafiles[name]!.inputs)
    for (const name of ['extract', 'transform'])
      expect(inputs(name).filter((f) => f.includes('@duckdb'))).toEqual([])
    const unneeded =
      /node_modules\/(zod|croner)\/|src\/spotify\/(spotify-client|token-provider)|src\/extract\/extract-|src\/emulator\//
    expect(inputs('transform').filter((f) => unneeded.test(f))).toEqual([])
    expect(inputs('extract').some((f) => f.includes('@aws-sdk/client-s3'))).toBe(true)
  })

  it('run in a fresh Node process: the extract lands raw objects, the transform turns their notifications into tables', async () => {
    const extracted = await invoke('extract', { scheduledTime: '2026-04-01T06:00:00Z' })
    expect(extracted.result).toMatchObject({ snapshot_date: '2026-04-01', outcome: 'succeeded' })
    expect(
      extracted.logs.some((l) => l.msg === 'extraction finished' && l.run_id === extracted.result.run_id),
    ).toBe(true)
    const notifications = s3.records.filter((r) => r.s3.bucket.name === 'bundle-raw').map(notification)
    expect(notifications).toHaveLength(extracted.result.raw_objects)
    const transformed = await invoke('transform', sqsEvent(notifications))
    expect(transformed.result).toEqual({ batchItemFailures: [] })
    const tables = await s3.client.send(
      new ListObjectsV2Command({ Bucket: 'bundle-transformed', Prefix: 'transformed/' }),
    )
    expect(tables.Contents?.map((o) => o.Key)).toContain(
      'transformed/playlist_tracks/snapshot_date=2026-04-01/part-00000.parquet',
    )
    expect(transformed.logs.find((l) => l._aws)).toMatchObject({ Stage: 'transform', DatesTransformed: 1 })
  })
})
