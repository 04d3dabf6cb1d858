import { oneLine } from '../errors.js'
import { RAW_ENVELOPE_FORMAT, type RawEnvelope } from '../extract/raw-envelope.js'
import { RAW_SOURCES, type RawSource } from '../lake/layout.js'
import { isApiMode } from '../spotify/api-mode.js'
import { isIsoDate, normaliseInstant } from './dates.js'
import { RawObjectInvalidError } from './errors.js'
import { describeValue, isJsonObject, type JsonObject } from './json-shape.js'

/**
 * Parses the text of one raw object and checks it is a `tunelake.raw/v1` envelope. Returns a
 * fresh envelope (unknown top-level fields dropped); the response body is kept as returned and
 * is checked later, by `readEnvelope`.
 *
 * @example
 * const envelope = parseRawObject(new TextDecoder().decode(bytes))
 * // RawObjectInvalidError: not a tunelake raw envelope: field "page" must be an integer >= 0 (got "1")
 */
export function parseRawObject(text: string): RawEnvelope {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new RawObjectInvalidError(`not valid JSON (${oneLine(error)})`, { cause: error })
  }
  if (!isJsonObject(value)) throw invalid(`the JSON is ${describeValue(value)}, not an object`)
  if (value.format !== RAW_ENVELOPE_FORMAT)
    throw field('format', `must be "${RAW_ENVELOPE_FORMAT}"`, value.format)
  const source = value.source
  if (!RAW_SOURCES.includes(source as RawSource)) {
    throw field('source', `must be one of ${RAW_SOURCES.join(', ')}`, source)
  }
  const sourceId = requiredText(value, 'source_id')
  const runId = requiredText(value, 'run_id')
  const snapshotDate = requiredText(value, 'snapshot_date')
  if (!isIsoDate(snapshotDate)) throw field('snapshot_date', 'must be YYYY-MM-DD', snapshotDate)
  const extractedAt = requiredText(value, 'extracted_at')
  if (normaliseInstant(extractedAt) === undefined) {
    throw field('extracted_at', 'must be an ISO-8601 instant such as 2026-11-23T06:00:01.250Z', extractedAt)
  }
  const page = value.page
  if (typeof page !== 'number' || !Number.isInteger(page) || page < 0) {
    throw field('page', 'must be an integer >= 0', page)
  }
  const apiMode = value.api_mode
  if (!isApiMode(apiMode)) throw field('api_mode', 'must be "extended" or "development"', apiMode)
  if (value.synthetic !== undefined && typeof value.synthetic !== 'boolean') {
    throw field('synthetic', 'must be a boolean', value.synthetic)
  }
  const request = value.request
  if (!isJsonObject(request)) throw field('request', 'must be an object', request)
  if (typeof request.url !== 'string') throw field('request.url', 'must be a string', request.url)
  const response = value.response
  if (!isJsonObject(response)) throw field('response', 'must be an object', response)
  const status = response.status
  if (typeof status !== 'number' || !Number.isInteger(status)) {
    throw field('response.status', 'must be an integer', status)
  }
  if (!('body' in response)) throw field('response.body', '', undefined)
  return {
    format: RAW_ENVELOPE_FORMAT,
    source: source as RawSource,
    source_id: sourceId,
    run_id: runId,
    page,
    request: { method: 'GET', url: request.url },
    api_mode: apiMode,
    extracted_at: extractedAt,
    snapshot_date: snapshotDate,
    synthetic: value.synthetic === true,
    response: { status, body: response.body },
  }
}

function requiredText(o: JsonObject, key: string): string {
  const value = o[key]
  if (typeof value !== 'string' || value === '') throw field(key, 'must be a non-empty string', value)
  return value
}

function field(name: string, expectation: string, value: unknown): RawObjectInvalidError {
  if (value === undefined) return invalid(`field "${name}" is missing`)
  return invalid(`field "${name}" ${expectation} (got ${shown(value)})`)
}

function invalid(reason: string): RawObjectInvalidError {
  return new RawObjectInvalidError(`not a tunelake raw envelope: ${reason}`)
}

/** A value for a message: short one-line strings and scalars verbatim, anything else by its kind. */
function shown(value: unknown): string {
  if (typeof value === 'string' && value.length <= 40 && !/[\r\n]/.test(value)) return JSON.stringify(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return describeValue(value)
}
