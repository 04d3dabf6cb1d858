import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AwsSecretInvalidError } from '../../src/aws/errors.js'
import { createExtractHandler } from '../../src/aws/extract-handler.js'
import type { ExtractResult } from '../../src/aws/extract-job.js'
import { PLAYLIST_IDS, type RunningEmulator, startEmulator } from '../../src/emulator/index.js'
import { pkceLogin } from '../../src/spotify/pkce-login.js'
import { CREDENTIALS, REGION, startS3WithEvents, startSecretsManager } from '../infra/lambda-harness.js'

const RAW = 'extract-raw'
const TRANSFORMED = 'extract-transformed'
const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:123456789012:secret:SpotifyCredentials-XyZ123`

let s3: Awaited<ReturnType<typeof startS3WithEvents>>
let emulator: RunningEmulator
const stubs: { close(): Promise<void> }[] = []

/** The extract function wired as the stack wires it, against s3rver, the emulator and a secret holding `secret`. */
async function extractWith(secret: Record<string, string>) {
  const secrets = await startSecretsManager(SECRET_ARN, JSON.stringify(secret))
  stubs.push(secrets)
  const lines: string[] = []
  const env = {
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    TUNELAKE_RAW_BUCKET: RAW,
    TUNELAKE_TRANSFORMED_BUCKET: TRANSFORMED,
    TUNELAKE_CONFIG: JSON.stringify({ sources: [{ type: 'playlist', id: PLAYLIST_IDS.weekendMix }] }),
    TUNELAKE_SPOTIFY_SECRET_ARN: SECRET_ARN,
    TUNELAKE_TIME_ZONE: 'America/Los_Angeles',
    TUNELAKE_METRICS_NAMESPACE: 'tunelake/Test',
    SPOTIFY_API_BASE_URL: emulator.apiBaseUrl,
    SPOTIFY_ACCOUNTS_BASE_URL: emulator.accountsBaseUrl,
  }
  const handler = createExtractHandler({ env, out: (line) => lines.push(line) })
  const output = () =>
    lines
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
  return { handler, secrets, lines, output }
}

async function runRecord(runId: string) {
  const object = await s3.client.send(
    new GetObjectCommand({ Bucket: TRANSFORMED, Key: `_runs/${runId}.json` }),
  )
  return JSON.parse(await object.Body!.transformToString()) as Record<string, unknown>
}

beforeAll(async () => {
  s3 = await startS3WithEvents([RAW, TRANSFORMED])
  emulator = await startEmulator({ day: '2026-06-15' })
})

afterAll(async () => {
  await Promise.all([s3?.close(), emulator?.close(), ...stubs.map((s) => s.close())])
})

describe('the extract function', () => {
  it('takes the snapshot date from the scheduled time in the schedule’s zone, and logs and measures the run', async () => {
    const { handler, output, lines } = await extractWith({
      client_id: emulator.clientId,
      client_secret: emulator.clientSecret,
    })
    // 05:00 UTC on 16 June is still 15 June in Los Angeles.
    const result: ExtractResult = await handler({ scheduledTime: '2026-06-16T05:00:00Z' })
    expect(result).toMatchObject({ snapshot_date: '2026-06-15', trigger: 'scheduled', outcome: 'succeeded' })
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: RAW, Prefix: 'raw/' }))
    expect(listed.Contents?.length).toBe(result.raw_objects)
    expect(listed.Contents?.every((o) => o.Key!.includes('/snapshot_date=2026-06-15/'))).toBe(true)
    const logs = output().filter((l) => !l._aws)
    expect(logs.length).toBeGreaterThan(1)
    expect(logs.every((l) => l.run_id === result.run_id && l.level && l.time)).toBe(true)
    expect(output().find((l) => l._aws)).toMatchObject({ RunSucceeded: 1, RunFailed: 0, Stage: 'extract' })
    expect(lines.join('')).not.toContain(emulator.clientSecret)
    // The run ledger (what tunelake status reads) has the run, in the transformed bucket.
    expect(await runRecord(result.run_id)).toMatchObject({
      trigger: 'scheduled',
      scheduled_for: '2026-06-16T05:00:00Z',
      snapshot_date: '2026-06-15',
      outcome: 'succeeded',
      extract: { raw_objects: result.raw_objects },
    })
  })

  it('writes a refresh token that Spotify rotated back to the secret, keeping its other fields', async () => {
    const login = await pkceLogin({
      clientId: emulator.clientId,
      accountsBaseUrl: emulator.accountsBaseUrl,
      port: 0,
      announce: (url) => void fetch(url).catch(() => {}),
    })
    const first = await extractWith({
      client_id: emulator.clientId,
      refresh_token: login.refreshToken,
      note: 'kept',
    })
    await first.handler({ snapshotDate: '2026-06-15' })
    const stored = JSON.parse(first.secrets.state.value) as Record<string, string>
    expect(first.secrets.state.calls).toEqual(['GetSecretValue', 'PutSecretValue'])
    expect(stored).toMatchObject({ client_id: emulator.clientId, note: 'kept' })
    expect(stored.refresh_token).not.toBe(login.refreshToken)
    expect(first.lines.join('')).not.toContain(stored.refresh_token)
    // The rotated token is the one that works now: the next run starts from the secret as written.
    const second = await extractWith(stored)
    expect(await second.handler({ snapshotDate: '2026-06-16' })).toMatchObject({ outcome: 'succeeded' })
  })

  it('stops with one line saying how to set the secret while it still holds the placeholder', async () => {
    const { handler, output } = await extractWith({
      client_id: 'SET-ME',
      client_secret: 'generated0by0cloudformation',
    })
    const failure = await handler({ scheduledTime: '2026-06-16T05:00:00Z' }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(AwsSecretInvalidError)
    expect((failure as Error).message).toMatch(/holds no client_id yet .*aws secretsmanager put-secret-value/)
    expect(output().find((l) => l._aws)).toMatchObject({ RunSucceeded: 0, RunFailed: 1 })
    const failed = output().find((l) => l.msg === 'extraction failed')
    expect(failed).toMatchObject({ level: 'error' })
    expect(await runRecord(failed!.run_id as string)).toMatchObject({
      outcome: 'failed',
      errors: [expect.stringMatching(/holds no client_id yet/)],
    })
  })

  it('refuses an invocation whose scheduled time is not a time', async () => {
    const { handler } = await extractWith({
      client_id: emulator.clientId,
      client_secret: emulator.clientSecret,
    })
    await expect(handler({ scheduledTime: 'yesterday' })).rejects.toThrow(
      /scheduledTime "yesterday" is not an ISO 8601 time/,
    )
  })
})
