import { EventEmitter } from 'node:events'
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { LakeObjectNotFoundError } from '../errors.js'
import { checkLakeKey, isLakeKey } from '../lake-key.js'
import { type ObjectCreatedRecord, objectCreatedRecord } from '../object-created.js'
import type { ObjectInfo, ObjectStore } from '../object-store.js'
import { translateS3Error } from './s3-errors.js'

/** The slice of the S3 client the store needs. */
export type S3Send = Pick<S3Client, 'send'>

/** Uploads one large object (lib-storage's multipart `Upload`); returns its eTag as S3 reports it. */
export type LargeUpload = (input: { Bucket: string; Key: string; Body: Uint8Array }) => Promise<string>

export interface S3ObjectStoreOptions {
  client: S3Send
  bucket: string
  /** Key prefix of the lake in the bucket: '' or ending in `/`. */
  prefix: string
  /** Bodies larger than `multipartThreshold` go through this (multipart); smaller ones are one PUT. */
  upload?: LargeUpload
  /** Bytes; default 16 MiB. */
  multipartThreshold?: number
}

/**
 * The lake in an S3 bucket (or any S3-compatible store) under a key prefix. Every put is one
 * PUT (or one multipart upload, which S3 also makes visible whole), then emits the S3-shaped
 * object-created record S3 would send. The bucket is checked on first use, so a missing bucket,
 * refused access or wrong credentials give one clear error instead of "not found".
 */
export class S3ObjectStore implements ObjectStore {
  readonly location: string
  readonly #client: S3Send
  readonly #bucket: string
  readonly #prefix: string
  readonly #upload: LargeUpload | undefined
  readonly #threshold: number
  readonly #events = new EventEmitter()
  #checked: Promise<void> | undefined

  constructor(options: S3ObjectStoreOptions) {
    this.#client = options.client
    this.#bucket = options.bucket
    this.#prefix = options.prefix
    this.#upload = options.upload
    this.#threshold = options.multipartThreshold ?? 16 * 1024 * 1024
    this.location = `s3://${options.bucket}/${options.prefix}`.replace(/\/$/, '')
  }

  async get(key: string): Promise<Uint8Array> {
    const Key = this.#key(key)
    await this.#checkBucket()
    try {
      const out = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key }))
      if (!out.Body) return new Uint8Array()
      return await out.Body.transformToByteArray()
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') {
        throw new LakeObjectNotFoundError(`no object ${key} in ${this.location}`)
      }
      throw this.#translate(error)
    }
  }

  async put(key: string, body: Uint8Array | string): Promise<ObjectInfo> {
    const Key = this.#key(key)
    await this.#checkBucket()
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body
    const multipart = this.#upload !== undefined && bytes.byteLength > this.#threshold
    let etag: string
    try {
      if (multipart) {
        etag = await this.#upload!({ Bucket: this.#bucket, Key, Body: bytes })
      } else {
        const out = await this.#client.send(new PutObjectCommand({ Bucket: this.#bucket, Key, Body: bytes }))
        etag = out.ETag ?? ''
      }
    } catch (error) {
      throw this.#translate(error)
    }
    const info: ObjectInfo = { key, size: bytes.byteLength, etag: unquote(etag), lastModified: new Date() }
    this.#events.emit(
      'created',
      objectCreatedRecord(this.#bucket, info, 'aws:s3', { objectKey: Key, multipart }),
    )
    return info
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const Key = this.#key(key)
    await this.#checkBucket()
    try {
      const out = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key }))
      return {
        key,
        size: out.ContentLength ?? 0,
        etag: unquote(out.ETag ?? ''),
        lastModified: out.LastModified ?? new Date(0),
      }
    } catch (error) {
      const e = error as { name?: string; $metadata?: { httpStatusCode?: number } }
      if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404)
        return undefined
      throw this.#translate(error)
    }
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    await this.#checkBucket()
    let token: string | undefined
    do {
      let page: ListObjectsV2CommandOutput
      try {
        page = await this.#listPage(`${this.#prefix}${prefix}`, token)
      } catch (error) {
        throw this.#translate(error)
      }
      for (const object of page.Contents ?? []) {
        const key = object.Key?.slice(this.#prefix.length)
        if (key === undefined || !isLakeKey(key)) continue // folder markers and keys the lake cannot name
        yield {
          key,
          size: object.Size ?? 0,
          etag: unquote(object.ETag ?? ''),
          lastModified: object.LastModified ?? new Date(0),
        }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
  }

  #listPage(
    prefix: string,
    token: string | undefined,
    maxKeys?: number,
  ): Promise<ListObjectsV2CommandOutput> {
    return this.#client.send(
      new ListObjectsV2Command({
        Bucket: this.#bucket,
        Prefix: prefix,
        ContinuationToken: token,
        MaxKeys: maxKeys,
      }),
    )
  }

  async delete(key: string): Promise<void> {
    const Key = this.#key(key)
    await this.#checkBucket()
    try {
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key }))
    } catch (error) {
      throw this.#translate(error)
    }
  }

  onObjectCreated(listener: (record: ObjectCreatedRecord) => void): () => void {
    this.#events.on('created', listener)
    return () => this.#events.off('created', listener)
  }

  #key(key: string): string {
    return `${this.#prefix}${checkLakeKey(key)}`
  }

  /** An empty listing (MaxKeys 0) on first use: it names a missing bucket, refused access or bad credentials. */
  #checkBucket(): Promise<void> {
    this.#checked ??= this.#listPage(this.#prefix, undefined, 0).then(
      () => undefined,
      (error) => {
        this.#checked = undefined // a transient failure may pass next time
        throw this.#translate(error)
      },
    )
    return this.#checked
  }

  #translate(error: unknown): unknown {
    return translateS3Error(error, { bucket: this.#bucket, location: this.location })
  }
}

function unquote(etag: string): string {
  return etag.replace(/^"|"$/g, '')
}
