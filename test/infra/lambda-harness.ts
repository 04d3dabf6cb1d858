import { createHash, createHmac, type Hash, type Hmac, randomUUID } from 'node:crypto'
import type { EventEmitter } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { S3Client } from '@aws-sdk/client-s3'
import { SignatureV4 } from '@smithy/signature-v4'
import type { SQSEvent, SQSRecord } from 'aws-lambda'
import S3rver from 's3rver'
import { encodeEventKey } from '../../src/lake/object-created.js'

export const REGION = 'eu-central-1'
export const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }

/** One S3 notification record as s3rver emits it (keys not yet URL-encoded). */
export interface S3Record {
  eventName: string
  s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string; sequencer?: string } }
  [field: string]: unknown
}

/**
 * s3rver on 127.0.0.1 with the given buckets; `records` collects the object-created
 * notifications it emits, as S3 would send them to the raw bucket's queue.
 */
export async function startS3WithEvents(buckets: string[]) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const directory = await mkdtemp(path.join(tmpdir(), 'tunelake-aws-s3-'))
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  })
  const records: S3Record[] = []
  ;(server as unknown as EventEmitter).on('event', (event: { Records: S3Record[] }) =>
    records.push(...event.Records),
  )
  const { port } = await server.run()
  const endpoint = `http://127.0.0.1:${port}`
  const client = new S3Client({
    endpoint,
    region: REGION,
    forcePathStyle: true,
    credentials: CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
  return {
    endpoint,
    client,
    records,
    close: async () => {
      client.destroy()
      await server.close()
      await rm(directory, { recursive: true, force: true })
    },
  }
}

/**
 * The SQS event Lambda hands the transform function: one message per S3 notification, the body
 * being the notification S3 sent, with the key URL-encoded the way S3 encodes it (s3rver does not).
 */
export function sqsEvent(
  bodies: readonly unknown[],
  queueArn = `arn:aws:sqs:${REGION}:123456789012:raw-created`,
): SQSEvent {
  return {
    Records: bodies.map(
      (body): SQSRecord => ({
        messageId: randomUUID(),
        receiptHandle: `AQEB${randomUUID().replace(/-/g, '')}`,
        body: JSON.stringify(body),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(Date.now()),
          SenderId: 'AIDAIENQZJOLO23YVJ4VO',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
        eventSource: 'aws:sqs',
        eventSourceARN: queueArn,
        awsRegion: REGION,
      }),
    ),
  }
}

/** An S3 notification body for one s3rver record, key encoded as S3 encodes keys in events. */
export function notification(record: S3Record): { Records: S3Record[] } {
  const encoded = { ...record, eventVersion: '2.1', s3: { ...record.s3, object: { ...record.s3.object } } }
  encoded.s3.object.key = encodeEventKey(record.s3.object.key)
  return { Records: [encoded] }
}

/** What S3 puts on the queue when the notification configuration is saved. */
export function testEvent(bucket: string) {
  return {
    Service: 'Amazon S3',
    Event: 's3:TestEvent',
    Time: new Date().toISOString(),
    Bucket: bucket,
    RequestId: '5582815E1AEA5ADF',
    HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE',
  }
}

/**
 * A stand-in for Secrets Manager's JSON protocol on 127.0.0.1: GetSecretValue and
 * PutSecretValue on one secret, answering only requests whose SigV4 signature it can verify
 * with the expected credentials (no emulator of the real service runs here).
 */
export async function startSecretsManager(secretId: string, initial: string) {
  const state = { value: initial, version: 1, calls: [] as string[] }
  const verifier = new SignatureV4({
    service: 'secretsmanager',
    region: REGION,
    credentials: CREDENTIALS,
    sha256: Sha256,
  })
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const target = String(request.headers['x-amz-target'] ?? '')
      const reply = (status: number, json: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' })
        response.end(JSON.stringify(json))
      }
      if (!(await signatureValid(verifier, request.headers, request.url ?? '/', body))) {
        return reply(400, {
          __type: 'InvalidSignatureException',
          message: 'The request signature we calculated does not match.',
        })
      }
      const input = JSON.parse(body) as { SecretId?: string; SecretString?: string }
      state.calls.push(target.replace('secretsmanager.', ''))
      if (input.SecretId !== secretId) {
        return reply(400, {
          __type: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
        })
      }
      const arn = secretId
      if (target === 'secretsmanager.GetSecretValue') {
        return reply(200, {
          ARN: arn,
          Name: 'SpotifyCredentials',
          SecretString: state.value,
          VersionId: `v${state.version}`,
          VersionStages: ['AWSCURRENT'],
          CreatedDate: 1.7e9,
        })
      }
      if (target === 'secretsmanager.PutSecretValue') {
        state.value = input.SecretString ?? ''
        state.version++
        return reply(200, {
          ARN: arn,
          Name: 'SpotifyCredentials',
          VersionId: `v${state.version}`,
          VersionStages: ['AWSCURRENT'],
        })
      }
      return reply(400, { __type: 'UnknownOperationException' })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

async function signatureValid(
  verifier: SignatureV4,
  headers: Record<string, string | string[] | undefined>,
  url: string,
  body: string,
): Promise<boolean> {
  const authorization = String(headers.authorization ?? '')
  const stamp = String(headers['x-amz-date'] ?? '')
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp)
  if (!match) return false
  const [, y, mo, d, h, mi, s] = match
  const signed = await verifier.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      path: url,
      query: {},
      headers: {
        host: String(headers.host),
        'content-type': String(headers['content-type']),
        'x-amz-target': String(headers['x-amz-target']),
      },
      body,
    },
    { signingDate: new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`) },
  )
  return signed.headers.authorization === authorization
}

/** SHA-256 / HMAC for the verifier, written apart from the adapter's so a bug there shows here. */
class Sha256 {
  readonly #hash: Hash | Hmac
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret))
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#hash.update(bytes(data))
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest())
  }
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): Uint8Array {
  if (typeof data === 'string') return new TextEncoder().encode(data)
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  return new Uint8Array(data)
}
