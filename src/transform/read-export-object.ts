import { EXPORT_STREAMS, type ExportStream } from '../spotify-export/export-files.js'
import { EXPORT_OBJECT_FORMAT, EXPORT_RAW_SOURCE } from '../spotify-export/export-object.js'
import { isIsoDate, normaliseInstant } from './dates.js'
import { RawObjectInvalidError, ResponseShapeError } from './errors.js'
import { exportPlayEvent } from './export-play-rows.js'
import { describeValue, isJsonObject, ShapeProblem } from './json-shape.js'
import type { PlayEvent } from './play-event.js'

/** What one imported raw object says: the listening events of its streams. */
export interface ExportContent {
  readonly source: typeof EXPORT_RAW_SOURCE
  readonly source_id: ExportStream
  readonly run_id: string
  readonly snapshot_date: string
  /** When it was imported (the envelope's `extracted_at`, for ordering). */
  readonly extracted_at: string
  readonly page: number
  readonly synthetic: boolean
  readonly plays: readonly PlayEvent[]
}

/** True for the parsed JSON of an imported raw object (`tunelake.spotify-export/v1`), whatever else it holds. */
export function isExportObject(value: unknown): boolean {
  return isJsonObject(value) && value.format === EXPORT_OBJECT_FORMAT
}

/**
 * Checks an imported raw object (spotify-export/export-object.ts) and reads its streams into
 * listening events. Throws `RawObjectInvalidError` for a bad envelope and `ResponseShapeError`
 * naming the row for a row that is not a stream.
 *
 * @example
 * const content = readExportObject(JSON.parse(text)) // { source: 'streaming_history', plays: [...] }
 */
export function readExportObject(value: unknown): ExportContent {
  if (!isJsonObject(value) || value.format !== EXPORT_OBJECT_FORMAT) {
    throw invalid(`field "format" must be "${EXPORT_OBJECT_FORMAT}"`)
  }
  if (value.source !== EXPORT_RAW_SOURCE)
    throw field('source', `must be "${EXPORT_RAW_SOURCE}"`, value.source)
  const stream = value.source_id as ExportStream
  if (!EXPORT_STREAMS.includes(stream))
    throw field('source_id', `must be one of ${EXPORT_STREAMS.join(', ')}`, stream)
  const runId = value.run_id
  if (typeof runId !== 'string' || runId === '') throw field('run_id', 'must be a non-empty string', runId)
  const page = value.page
  if (typeof page !== 'number' || !Number.isInteger(page) || page < 0)
    throw field('page', 'must be an integer >= 0', page)
  const date = value.snapshot_date
  if (typeof date !== 'string' || !isIsoDate(date)) throw field('snapshot_date', 'must be YYYY-MM-DD', date)
  const importedAt = value.imported_at
  if (typeof importedAt !== 'string' || normaliseInstant(importedAt) === undefined) {
    throw field('imported_at', 'must be an ISO-8601 instant', importedAt)
  }
  if (typeof value.synthetic !== 'boolean') throw field('synthetic', 'must be a boolean', value.synthetic)
  const rows = value.rows
  if (!Array.isArray(rows)) throw field('rows', 'must be an array', rows)
  let plays: PlayEvent[]
  try {
    plays = rows.map((row, i) => exportPlayEvent(row, stream, `rows[${i}]`))
  } catch (error) {
    if (error instanceof ShapeProblem) {
      throw new ResponseShapeError(`unexpected ${EXPORT_RAW_SOURCE} object: ${error.message}`, {
        cause: error,
      })
    }
    throw error
  }
  return {
    source: EXPORT_RAW_SOURCE,
    source_id: stream,
    run_id: runId,
    snapshot_date: date,
    extracted_at: importedAt,
    page,
    synthetic: value.synthetic,
    plays,
  }
}

function field(name: string, expectation: string, value: unknown): RawObjectInvalidError {
  if (value === undefined) return invalid(`field "${name}" is missing`)
  return invalid(`field "${name}" ${expectation} (got ${describeValue(value)})`)
}

function invalid(reason: string): RawObjectInvalidError {
  return new RawObjectInvalidError(`not a tunelake import object: ${reason}`)
}
