import type { ExportStream } from './export-files.js'

export const EXPORT_OBJECT_FORMAT = 'tunelake.spotify-export/v1'

/** The raw source of imported streams: `raw/spotify/streaming_history/...`. */
export const EXPORT_RAW_SOURCE = 'streaming_history'

/**
 * One raw object of imported listening: streams of one month from one kind of listening file,
 * as the export's files hold them (every key, every value), less the personal fields unless the
 * user kept them. Never changed afterwards, as every raw object.
 *
 * Its key is `raw/spotify/streaming_history/snapshot_date=<YYYY-MM-01>/<source_id>/<run-id>-<page>.json`:
 * the folder's date is the first day of the month (UTC) the streams ended in, so a month of
 * history is one unit of the transform, as a day of API responses is.
 *
 * @example
 * {
 *   format: 'tunelake.spotify-export/v1', source: 'streaming_history', source_id: 'extended-audio',
 *   run_id: '20261202T081000Z-ab12cd', page: 0, snapshot_date: '2024-12-01',
 *   imported_at: '2026-12-02T08:10:03.120Z', synthetic: false,
 *   files: ['Spotify Extended Streaming History/Streaming_History_Audio_2024-2025_0.json'],
 *   personal_fields: 'dropped',
 *   rows: [{ ts: '2024-12-30T18:04:12Z', platform: 'android', ms_played: 201349, ... }],
 * }
 */
export interface ExportObject {
  format: typeof EXPORT_OBJECT_FORMAT
  source: typeof EXPORT_RAW_SOURCE
  source_id: ExportStream
  /** The import that landed it. */
  run_id: string
  /** 0-based page within the import for this month and kind. */
  page: number
  /** YYYY-MM-01: the month every stream of the object ended in. */
  snapshot_date: string
  /** ISO-8601 UTC instant with milliseconds. */
  imported_at: string
  /** True for the emulator's invented export (the demo). */
  synthetic: boolean
  /** Where in the export the rows come from: paths inside the zip or folder. */
  files: string[]
  /** `dropped` (the default) or `kept`: whether the rows still hold the personal fields. */
  personal_fields: 'dropped' | 'kept'
  rows: Record<string, unknown>[]
}

/** The month folder (`YYYY-MM-01`) of a stream that ended at `endMs`. */
export function monthOf(endMs: number): string {
  return `${new Date(endMs).toISOString().slice(0, 7)}-01`
}
