import type { SQSEvent } from 'aws-lambda'
import { decodeEventKey } from '../lake/object-created.js'

/** One object-created record out of an SQS message, its key decoded. */
export interface QueuedObject {
  messageId: string
  bucket: string
  /** The object key, decoded once from S3's form encoding (`+` is a space, then percent-escapes). */
  key: string
  eventName: string
  eTag?: string
  sequencer?: string
}

export interface QueuedBatch {
  objects: QueuedObject[]
  /** Messages with nothing to do: `s3:TestEvent` (sent when the notification is configured). */
  testEvents: string[]
  /** Messages that are not S3 notifications: reported as failures, so they end in the DLQ, not in silence. */
  malformed: { messageId: string; reason: string }[]
}

interface S3Record {
  eventName?: string
  s3?: { bucket?: { name?: string }; object?: { key?: string; eTag?: string; sequencer?: string } }
}

/**
 * The S3 notifications in an SQS batch (S3 -> SQS -> Lambda): each message body is one S3 event
 * (`{"Records":[...]}`) or the `s3:TestEvent` S3 sends once when the notification is set up.
 */
export function queuedObjects(event: Pick<SQSEvent, 'Records'>): QueuedBatch {
  const batch: QueuedBatch = { objects: [], testEvents: [], malformed: [] }
  for (const message of event.Records ?? []) {
    let body: { Event?: string; Records?: S3Record[] }
    try {
      body = JSON.parse(message.body) as typeof body
    } catch {
      batch.malformed.push({ messageId: message.messageId, reason: 'the message body is not JSON' })
      continue
    }
    if (body?.Event === 's3:TestEvent') {
      batch.testEvents.push(message.messageId)
      continue
    }
    if (!Array.isArray(body?.Records)) {
      batch.malformed.push({
        messageId: message.messageId,
        reason: 'the message is not an S3 event notification',
      })
      continue
    }
    for (const record of body.Records) {
      const bucket = record.s3?.bucket?.name
      const encoded = record.s3?.object?.key
      if (!bucket || encoded === undefined) {
        batch.malformed.push({ messageId: message.messageId, reason: 'an S3 record without bucket or key' })
        continue
      }
      let key: string
      try {
        key = decodeEventKey(encoded)
      } catch {
        batch.malformed.push({
          messageId: message.messageId,
          reason: `the key ${encoded} is not valid URL encoding`,
        })
        continue
      }
      batch.objects.push({
        messageId: message.messageId,
        bucket,
        key,
        eventName: record.eventName ?? '',
        ...(record.s3?.object?.eTag ? { eTag: record.s3.object.eTag } : {}),
        ...(record.s3?.object?.sequencer ? { sequencer: record.s3.object.sequencer } : {}),
      })
    }
  }
  return batch
}
