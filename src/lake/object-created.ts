import type { ObjectInfo } from './object-store.js'

/**
 * One S3 event notification record (eventVersion 2.1), as S3 sends it for an object-created event.
 * Both stores emit these to in-process subscribers; a Lambda receives the same shape from S3.
 */
export interface ObjectCreatedRecord {
  eventVersion: '2.1'
  eventSource: 'aws:s3' | 'tunelake:fs'
  eventTime: string
  eventName: 'ObjectCreated:Put' | 'ObjectCreated:CompleteMultipartUpload'
  s3: {
    s3SchemaVersion: '1.0'
    bucket: { name: string }
    /**
     * `key` is the full object key (the lake prefix included on S3), URL-encoded the way S3
     * encodes it: a space becomes `+`, a `+` becomes `%2B`.
     */
    object: { key: string; size: number; eTag: string; sequencer: string }
  }
}

/** S3's key encoding in event records (application/x-www-form-urlencoded). */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+')
}

/** The inverse of S3's key encoding: `+` is a space, then percent-decoding, exactly once. */
export function decodeEventKey(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '))
}

/**
 * Orders two sequencers of the same key as S3 documents it: right-pad the shorter with zeros,
 * then compare as hex strings. Sequencers of different keys are not comparable.
 */
export function compareSequencers(a: string, b: string): number {
  const width = Math.max(a.length, b.length)
  const pa = a.toUpperCase().padEnd(width, '0')
  const pb = b.toUpperCase().padEnd(width, '0')
  return pa < pb ? -1 : pa > pb ? 1 : 0
}

let sequence = 0n

/** The record a store emits after writing `info` (a lake key) under `objectKey` (the key in the bucket). */
export function objectCreatedRecord(
  bucket: string,
  info: ObjectInfo,
  source: ObjectCreatedRecord['eventSource'],
  options: { objectKey?: string; multipart?: boolean } = {},
): ObjectCreatedRecord {
  sequence += 1n
  const sequencer = (BigInt(info.lastModified.getTime()) * 1_000_000n + sequence).toString(16).toUpperCase()
  return {
    eventVersion: '2.1',
    eventSource: source,
    eventTime: info.lastModified.toISOString(),
    eventName: options.multipart ? 'ObjectCreated:CompleteMultipartUpload' : 'ObjectCreated:Put',
    s3: {
      s3SchemaVersion: '1.0',
      bucket: { name: bucket },
      object: {
        key: encodeEventKey(options.objectKey ?? info.key),
        size: info.size,
        eTag: info.etag,
        sequencer,
      },
    },
  }
}
