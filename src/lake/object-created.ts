import type { ObjectInfo } from './object-store.js'

/** One S3 event notification record (eventVersion 2.1), as S3 sends for `ObjectCreated:Put`. */
export interface ObjectCreatedRecord {
  eventVersion: '2.1'
  eventSource: 'aws:s3' | 'tunelake:fs'
  eventTime: string
  eventName: 'ObjectCreated:Put'
  s3: {
    s3SchemaVersion: '1.0'
    bucket: { name: string }
    /** `key` is URL-encoded the way S3 encodes it: a space becomes `+`. */
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

let sequence = 0n

export function objectCreatedRecord(
  bucket: string,
  info: ObjectInfo,
  source: ObjectCreatedRecord['eventSource'],
): ObjectCreatedRecord {
  sequence += 1n
  const sequencer = (BigInt(info.lastModified.getTime()) * 1_000_000n + sequence).toString(16).toUpperCase()
  return {
    eventVersion: '2.1',
    eventSource: source,
    eventTime: info.lastModified.toISOString(),
    eventName: 'ObjectCreated:Put',
    s3: {
      s3SchemaVersion: '1.0',
      bucket: { name: bucket },
      object: { key: encodeEventKey(info.key), size: info.size, eTag: info.etag, sequencer },
    },
  }
}
