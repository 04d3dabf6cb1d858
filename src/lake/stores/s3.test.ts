import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { objectStoreContract } from '../../../test/contracts/object-store-contract.js'
import { type RunningS3, startS3 } from '../../../test/contracts/s3-server.js'
import {
  LakeAccessDeniedError,
  LakeBucketMissingError,
  LakeCredentialsError,
  LakeUnavailableError,
} from '../errors.js'
import { listAll } from '../object-store.js'
import { openS3Store } from './s3-from-env.js'

let s3: RunningS3
let lakes = 0

beforeAll(async () => {
  s3 = await startS3(['contract'])
})

afterAll(async () => {
  await s3.close()
})

// Each store gets a fresh prefix (with a space in it) in one bucket of a real S3 protocol server.
objectStoreContract('S3 (s3rver)', async () =>
  openS3Store({ bucket: 'contract', prefix: `tenant a/lake-${++lakes}/` }, s3.env),
)

describe('S3ObjectStore on s3rver', () => {
  it('uploads a large object in parts and says so in its event', async () => {
    const store = openS3Store({ bucket: 'contract', prefix: 'big/' }, s3.env)
    const events: string[] = []
    store.onObjectCreated((r) => events.push(`${r.eventName} ${r.s3.object.key} ${r.s3.object.size}`))
    const body = new Uint8Array(17 * 1024 * 1024).map((_, i) => i % 251)
    const info = await store.put('transformed/t/part.parquet', body)
    expect(info.size).toBe(body.byteLength)
    expect(
      Buffer.compare(Buffer.from(await store.get('transformed/t/part.parquet')), Buffer.from(body)),
    ).toBe(0)
    expect(events).toEqual([
      `ObjectCreated:CompleteMultipartUpload big/transformed/t/part.parquet ${body.byteLength}`,
    ])
  })

  it('names a bucket that does not exist', async () => {
    const store = openS3Store({ bucket: 'no-such-bucket', prefix: '' }, s3.env)
    await expect(store.head('raw/x.json')).rejects.toThrow(LakeBucketMissingError)
    await expect(store.put('raw/x.json', 'x')).rejects.toThrow(
      /^the S3 bucket "no-such-bucket" does not exist \(lake s3:\/\/no-such-bucket\); create it or fix --lake$/,
    )
  })

  it('says the credentials were refused, without repeating them', async () => {
    const env = { ...s3.env, AWS_ACCESS_KEY_ID: 'AKIAWRONGWRONGWRONG', AWS_SECRET_ACCESS_KEY: 'nope-secret' }
    const store = openS3Store({ bucket: 'contract', prefix: '' }, env)
    const error = await listAll(store, 'raw/').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LakeCredentialsError)
    expect((error as Error).message).toMatch(/S3 rejected the credentials \(InvalidAccessKeyId\)/)
    expect((error as Error).message).not.toMatch(/AKIAWRONG|nope-secret/)
  })

  it('says an endpoint cannot be reached, as a retryable error', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const env = { ...s3.env, AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}`, AWS_MAX_ATTEMPTS: '1' }
    const error = await openS3Store({ bucket: 'contract', prefix: '' }, env)
      .get('raw/x.json')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LakeUnavailableError)
    expect((error as LakeUnavailableError).retryable).toBe(true)
    expect((error as Error).message).toMatch(/cannot reach S3 for s3:\/\/contract \(ECONNREFUSED\)/)
  })

  it('says access was denied when S3 answers 403 AccessDenied', async () => {
    // S3's own wire answer to a request the IAM or bucket policy refuses.
    const denying = createServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/xml' })
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>R1</RequestId><HostId>H1</HostId></Error>',
      )
    })
    await new Promise<void>((resolve) => denying.listen(0, '127.0.0.1', resolve))
    try {
      const env = {
        ...s3.env,
        AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${(denying.address() as AddressInfo).port}`,
      }
      const store = openS3Store({ bucket: 'locked', prefix: 'team/' }, env)
      await expect(store.put('raw/x.json', 'x')).rejects.toThrow(LakeAccessDeniedError)
      await expect(store.get('raw/x.json')).rejects.toThrow(
        /^S3 denied access to s3:\/\/locked\/team \(AccessDenied\); allow s3:ListBucket/,
      )
    } finally {
      await new Promise<void>((resolve) => denying.close(() => resolve()))
    }
  })
})
