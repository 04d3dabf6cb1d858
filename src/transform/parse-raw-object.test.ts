import { describe, expect, it } from 'vitest'
import type { RawEnvelope } from '../extract/raw-envelope.js'
import { RAW_SOURCES } from '../lake/layout.js'
import { RawObjectInvalidError } from './errors.js'
import { parseRawObject } from './parse-raw-object.js'

const valid: RawEnvelope = {
  format: 'tunelake.raw/v1',
  source: 'playlist_items',
  source_id: '3cEYpjA9oz9GiPac4AsH4n',
  run_id: '20261123T060000Z-k3j9',
  page: 1,
  request: {
    method: 'GET',
    url: 'https://api.spotify.com/v1/playlists/3cEYpjA9oz9GiPac4AsH4n/tracks?offset=100',
  },
  api_mode: 'extended',
  extracted_at: '2026-11-23T06:00:01.250Z',
  snapshot_date: '2026-11-23',
  synthetic: false,
  response: { status: 200, body: { items: [] } },
}

function textWith(changes: Record<string, unknown>): string {
  return JSON.stringify({ ...valid, ...changes })
}

function reason(text: string): string {
  try {
    parseRawObject(text)
  } catch (error) {
    expect(error).toBeInstanceOf(RawObjectInvalidError)
    expect((error as RawObjectInvalidError).retryable).toBe(false)
    return (error as Error).message
  }
  throw new Error('expected parseRawObject to throw')
}

describe('parseRawObject', () => {
  it('returns the envelope of a valid raw object, dropping unknown top-level fields', () => {
    const envelope = parseRawObject(JSON.stringify({ ...valid, extra: 'ignored' }))
    expect(envelope).toEqual(valid)
    expect('extra' in envelope).toBe(false)
  })

  it('treats a missing synthetic flag as false', () => {
    const { synthetic: _, ...rest } = valid
    expect(parseRawObject(JSON.stringify(rest)).synthetic).toBe(false)
  })

  it('rejects truncated JSON, naming the parser error', () => {
    const text = JSON.stringify(valid)
    expect(reason(text.slice(0, 40))).toMatch(/^not valid JSON \(.+\)$/)
    expect(reason('')).toBe('not valid JSON (Unexpected end of JSON input)')
  })

  it('rejects JSON that is not an object', () => {
    expect(reason('[1,2]')).toBe('not a tunelake raw envelope: the JSON is an array, not an object')
    expect(reason('null')).toBe('not a tunelake raw envelope: the JSON is null, not an object')
  })

  it('rejects a missing field', () => {
    const { run_id: _, ...rest } = valid
    expect(reason(JSON.stringify(rest))).toBe('not a tunelake raw envelope: field "run_id" is missing')
  })

  it('rejects fields of the wrong type or form', () => {
    expect(reason(textWith({ format: 'tunelake.raw/v2' }))).toContain(
      'field "format" must be "tunelake.raw/v1"',
    )
    expect(reason(textWith({ source: 'episodes' }))).toContain(
      `field "source" must be one of ${RAW_SOURCES.join(', ')} (got "episodes")`,
    )
    expect(reason(textWith({ snapshot_date: '2026-02-30' }))).toBe(
      'not a tunelake raw envelope: field "snapshot_date" must be YYYY-MM-DD (got "2026-02-30")',
    )
    expect(reason(textWith({ snapshot_date: 20261123 }))).toContain(
      'field "snapshot_date" must be a non-empty string',
    )
    expect(reason(textWith({ page: '1' }))).toContain('field "page" must be an integer >= 0 (got "1")')
    expect(reason(textWith({ page: -1 }))).toContain('field "page" must be an integer >= 0 (got -1)')
    expect(reason(textWith({ api_mode: 'turbo' }))).toContain(
      'field "api_mode" must be "extended" or "development"',
    )
    expect(reason(textWith({ extracted_at: 'yesterday' }))).toContain(
      'field "extracted_at" must be an ISO-8601 instant',
    )
    expect(reason(textWith({ request: { method: 'GET' } }))).toContain('field "request.url" is missing')
    expect(reason(textWith({ response: { status: '200', body: {} } }))).toContain(
      'field "response.status" must be an integer (got "200")',
    )
    expect(reason(textWith({ response: { status: 200 } }))).toContain('field "response.body" is missing')
  })

  it('keeps every message on one line', () => {
    expect(reason('{"a":\n')).not.toContain('\n')
  })
})
