import { Readable } from 'node:stream'
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type PutObjectCommandInput,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3'
import { mockClient } from 'aws-sdk-client-mock'
import { describe, expect, it } from 'vitest'
import { leaseContract } from '../../../test/contracts/lease-contract.js'
import { LakeAccessDeniedError } from '../../lake/errors.js'
import { Lease, LeaseLostError } from '../lease.js'
import { S3LeaseStorage } from './s3.js'

/*
 * s3rver (the S3 server of the store tests) ignores If-None-Match and If-Match on PUT, so the
 * conditional writes are checked against a bucket kept in a mocked client that answers as S3
 * documents it: 412 PreconditionFailed when a condition fails, 404 NoSuchKey for If-Match on a
 * missing key, quoted eTags that change with every write.
 */
function conditionalBucket() {
  const objects = new Map<string, { body: string; etag: string }>()
  let writes = 0
  /** `afterGet`: a write by another process right after this read, before the next request. */
  const hooks: { afterGet?: (key: string) => void } = {}
  const client = new S3Client({ region: 'us-east-1' })
  const mock = mockClient(client)
  const preconditionFailed = () =>
    new S3ServiceException({
      name: 'PreconditionFailed',
      $fault: 'client',
      $metadata: { httpStatusCode: 412 },
      message: 'At least one of the pre-conditions you specified did not hold',
    })
  const noSuchKey = () =>
    new NoSuchKey({ $metadata: { httpStatusCode: 404 }, message: 'The specified key does not exist.' })
  mock.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
    const key = input.Key!
    const current = objects.get(key)
    if (input.IfNoneMatch === '*' && current) throw preconditionFailed()
    if (input.IfMatch !== undefined) {
      if (!current) throw noSuchKey()
      if (current.etag !== input.IfMatch) throw preconditionFailed()
    }
    const etag = `"${(++writes).toString(16).padStart(32, '0')}"`
    objects.set(key, { body: String(input.Body), etag })
    return { ETag: etag, $metadata: { httpStatusCode: 200 } }
  })
  mock.on(GetObjectCommand).callsFake((input: { Key: string }) => {
    const object = objects.get(input.Key)
    if (!object) throw noSuchKey()
    const Body = Object.assign(Readable.from([object.body]), {
      transformToString: async () => object.body,
    })
    hooks.afterGet?.(input.Key)
    return { Body, ETag: object.etag, $metadata: { httpStatusCode: 200 } }
  })
  mock.on(ListObjectsV2Command).callsFake((input: { Prefix: string }) => {
    const keys = [...objects.keys()].filter((k) => k.startsWith(input.Prefix)).sort()
    return {
      Contents: keys.map((Key) => ({ Key, ETag: objects.get(Key)!.etag })),
      KeyCount: keys.length,
      IsTruncated: false,
      $metadata: { httpStatusCode: 200 },
    }
  })
  mock.on(DeleteObjectCommand).callsFake((input: { Key: string }) => {
    objects.delete(input.Key)
    return { $metadata: { httpStatusCode: 204 } }
  })
  const storage = () =>
    new S3LeaseStorage({ client, bucket: 'lake', prefix: 'team/', lake: 's3://lake/team' })
  return { objects, mock, storage, hooks }
}

leaseContract('S3 (conditional writes)', async () => conditionalBucket().storage)

describe('Lease on S3', () => {
  it('creates with If-None-Match: *, renews and releases with If-Match on the eTag S3 gave', async () => {
    const bucket = conditionalBucket()
    const lease = new Lease(bucket.storage(), { purpose: 'tunelake run' })
    await lease.tryAcquire()
    await lease.renew()
    await lease.release()
    const puts = bucket.mock.commandCalls(PutObjectCommand).map((call) => call.args[0].input)
    expect(puts.map((p) => p.Key)).toEqual(Array(3).fill('team/_state/lease/lease-000000000001.json'))
    expect(puts[0]).toMatchObject({ IfNoneMatch: '*' })
    expect(puts[0]!.IfMatch).toBeUndefined()
    expect(puts[1]).toMatchObject({ IfMatch: `"${'1'.padStart(32, '0')}"` })
    expect(puts[2]).toMatchObject({ IfMatch: `"${'2'.padStart(32, '0')}"` })
    const record = JSON.parse(bucket.objects.get('team/_state/lease/lease-000000000001.json')!.body)
    expect(record).toMatchObject({ purpose: 'tunelake run', released: true })
  })

  it('counts 409 ConditionalRequestConflict on create as another process getting there first', async () => {
    const bucket = conditionalBucket()
    bucket.mock.on(PutObjectCommand).rejectsOnce(
      new S3ServiceException({
        name: 'ConditionalRequestConflict',
        $fault: 'client',
        $metadata: { httpStatusCode: 409 },
        message: 'A conflicting operation occurred.',
      }),
    )
    const storage = bucket.storage()
    const record = {
      generation: 1,
      owner: 'o',
      purpose: 'p',
      host: 'h',
      pid: 1,
      acquired_at: new Date().toISOString(),
      expires_at: new Date(Date.now() + 60_000).toISOString(),
    }
    expect(await storage.create(record)).toBe(false)
    expect(bucket.objects.size).toBe(0)
  })

  it('stops a holder whose record another process changed between its read and its rewrite', async () => {
    const bucket = conditionalBucket()
    const lease = new Lease(bucket.storage(), { purpose: 'tunelake daemon' })
    await lease.tryAcquire()
    bucket.hooks.afterGet = (key) => {
      bucket.objects.set(key, { ...bucket.objects.get(key)!, etag: '"changed-elsewhere"' })
    }
    await expect(lease.renew()).rejects.toThrow(LeaseLostError)
    expect(lease.held).toBeUndefined()
  })

  it('says in one line when S3 refuses access, naming the lake and never the credentials', async () => {
    const bucket = conditionalBucket()
    bucket.mock.on(ListObjectsV2Command).rejects(
      new S3ServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: 'Access Denied',
      }),
    )
    const attempt = new Lease(bucket.storage(), { purpose: 'tunelake run' }).tryAcquire()
    await expect(attempt).rejects.toThrow(LakeAccessDeniedError)
    await expect(attempt).rejects.toThrow(/^S3 denied access to s3:\/\/lake\/team \(AccessDenied\)/)
  })
})
