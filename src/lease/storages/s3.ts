import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { STATE_KEYS } from '../../lake/layout.js'
import { translateS3Error } from '../../lake/stores/s3-errors.js'
import type { LeaseRecord, LeaseStorage } from '../lease.js'

/** The slice of the S3 client the lease needs. */
export type S3LeaseClient = Pick<S3Client, 'send'>

export interface S3LeaseStorageOptions {
  client: S3LeaseClient
  bucket: string
  /** The lake's key prefix in the bucket: '' or ending in `/`. */
  prefix: string
  /** The lake, for messages: `s3://bucket/prefix`. */
  lake: string
}

const NAME = /^lease-(\d{12})\.json$/

/**
 * Lease records as objects in the lake's bucket (`_state/lease/lease-000000000001.json`), made
 * exclusive by S3's conditional writes: a generation is created with `If-None-Match: *`, so of
 * two processes creating it at once exactly one succeeds; its holder rewrites it (renew,
 * release) with `If-Match: <the eTag it last saw>`, so a record that changed or went meanwhile
 * is never overwritten. S3 answers a failed condition with 412 `PreconditionFailed`, or 409
 * `ConditionalRequestConflict` when another conditional write on the key is in flight.
 *
 * A holder on another machine cannot be checked for life, so a crashed holder's lease is taken
 * over when it expires (`holderGone` is not offered).
 */
export class S3LeaseStorage implements LeaseStorage {
  readonly location: string
  readonly #client: S3LeaseClient
  readonly #bucket: string
  readonly #prefix: string
  readonly #lake: string
  /** The eTag of each generation's record as this process last read or wrote it. */
  readonly #etags = new Map<number, string>()

  constructor(options: S3LeaseStorageOptions) {
    this.#client = options.client
    this.#bucket = options.bucket
    this.#prefix = `${options.prefix}${STATE_KEYS.lease}/`
    this.#lake = options.lake
    this.location = `${options.lake}/${STATE_KEYS.lease}`
  }

  async generations(): Promise<number[]> {
    const found: number[] = []
    let token: string | undefined
    do {
      const page = await this.#call(() =>
        this.#client.send(
          new ListObjectsV2Command({ Bucket: this.#bucket, Prefix: this.#prefix, ContinuationToken: token }),
        ),
      )
      for (const object of page.Contents ?? []) {
        const match = NAME.exec(object.Key?.slice(this.#prefix.length) ?? '')
        if (match) found.push(Number(match[1]))
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
    return found
  }

  async read(generation: number): Promise<LeaseRecord | undefined> {
    let text: string
    try {
      const out = await this.#client.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key: this.#key(generation) }),
      )
      text = (await out.Body?.transformToString()) ?? ''
      if (out.ETag) this.#etags.set(generation, out.ETag)
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return undefined
      throw this.#translate(error)
    }
    try {
      return JSON.parse(text) as LeaseRecord
    } catch {
      return undefined // a record that is not JSON names no holder, as on disk
    }
  }

  async create(record: LeaseRecord): Promise<boolean> {
    return this.#put(record, { IfNoneMatch: '*' })
  }

  async replace(record: LeaseRecord): Promise<boolean> {
    const seen = this.#etags.get(record.generation)
    if (!seen) return false // a record this process never saw is not its to rewrite
    return this.#put(record, { IfMatch: seen })
  }

  async remove(generation: number): Promise<void> {
    this.#etags.delete(generation)
    await this.#call(() =>
      this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#key(generation) })),
    )
  }

  /** Writes the record if the condition holds; false when it does not (someone else got there). */
  async #put(record: LeaseRecord, condition: { IfNoneMatch: '*' } | { IfMatch: string }): Promise<boolean> {
    try {
      const out = await this.#client.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: this.#key(record.generation),
          Body: `${JSON.stringify(record, null, 2)}\n`,
          ContentType: 'application/json',
          ...condition,
        }),
      )
      if (out.ETag) this.#etags.set(record.generation, out.ETag)
      return true
    } catch (error) {
      if (!conditionFailed(error)) throw this.#translate(error)
      this.#etags.delete(record.generation)
      return false
    }
  }

  async #call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request()
    } catch (error) {
      throw this.#translate(error)
    }
  }

  #key(generation: number): string {
    return `${this.#prefix}lease-${String(generation).padStart(12, '0')}.json`
  }

  #translate(error: unknown): unknown {
    return translateS3Error(error, { bucket: this.#bucket, location: this.#lake })
  }
}

/**
 * 412 `PreconditionFailed`: the record exists (create) or changed (rewrite); 409
 * `ConditionalRequestConflict`: another conditional write on the key was in flight; 404
 * `NoSuchKey`: the record was removed (superseded) before the rewrite.
 */
function conditionFailed(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } }
  return (
    e?.$metadata?.httpStatusCode === 412 ||
    ['PreconditionFailed', 'ConditionalRequestConflict', 'NoSuchKey'].includes(e?.name ?? '')
  )
}
