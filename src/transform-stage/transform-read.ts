import { oneLine } from '../errors.js'
import type { RawEnvelope } from '../extract/raw-envelope.js'
import { type EnvelopeContent, parseRawObject, readEnvelope } from '../transform/index.js'
import { isExportObject, readExportObject } from '../transform/read-export-object.js'
import { parseRawJson } from './transform-fast-json.js'

/** What reading one raw object gave: its content for the tables, or why it goes to quarantine. */
export type RawReadResult = { ok: true; content: EnvelopeContent } | { ok: false; reason: string }

/**
 * One raw object through the pure transform: bytes -> envelope -> typed content (an API response
 * envelope, or an imported export's streams). Its snapshot_date must be the date of the folder it
 * lies in (the partition it feeds). Never throws: every problem becomes a quarantine reason. The
 * same function runs in the worker threads.
 */
export function readRawObject(bytes: Uint8Array, folderDate: string): RawReadResult {
  try {
    const value = parseRawJson(bytes)
    const content = isExportObject(value) ? readExportObject(value) : readEnvelope(envelopeOf(bytes, value))
    if (content.snapshot_date !== folderDate) {
      return {
        ok: false,
        reason: `its snapshot_date ${content.snapshot_date} does not match its folder (snapshot_date=${folderDate})`,
      }
    }
    return { ok: true, content }
  } catch (error) {
    return { ok: false, reason: oneLine(error) }
  }
}

/**
 * `parseRawObject` on the fast parse: the envelope's own fields are checked by `parseRawObject`
 * (given the envelope without its body, which it never inspects), then the body is put back.
 * Text that does not parse goes through `parseRawObject` itself, for its exact reason.
 */
function envelopeOf(bytes: Uint8Array, value: unknown): RawEnvelope {
  const response = isObject(value) ? value.response : undefined
  if (!isObject(value) || !isObject(response) || !('body' in response)) {
    return parseRawObject(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'))
  }
  const envelope = parseRawObject(JSON.stringify({ ...value, response: { ...response, body: null } }))
  return { ...envelope, response: { ...envelope.response, body: response.body } }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
