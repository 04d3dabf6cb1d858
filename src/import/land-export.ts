import { RAW_PREFIX } from '../lake/layout.js'
import type { ObjectStore } from '../lake/object-store.js'
import type { ExportStream } from '../spotify-export/export-files.js'
import {
  EXPORT_OBJECT_FORMAT,
  EXPORT_RAW_SOURCE,
  type ExportObject,
} from '../spotify-export/export-object.js'
import type { MonthSpill } from './month-spill.js'
import type { FoundFile, SpilledStream } from './read-export.js'

/** Streams per raw object (a few MB of JSON): a month of heavy listening is one or two objects. */
export const ROWS_PER_OBJECT = 10_000

export interface LandRequest {
  runId: string
  importedAt: string
  synthetic: boolean
  keepPersonal: boolean
  found: readonly FoundFile[]
  /** Called after each raw object is written. */
  onObject?: (key: string, streams: number) => void
}

/** The key of an import's raw object. */
export function exportRawKey(month: string, stream: ExportStream, runId: string, page: number): string {
  return `${RAW_PREFIX}${EXPORT_RAW_SOURCE}/snapshot_date=${month}/${stream}/${runId}-${String(page).padStart(4, '0')}.json`
}

/**
 * Lands the new streams, month by month: one raw object per month, kind of file and
 * `ROWS_PER_OBJECT` streams, rows in the order the export gave them. Returns the keys written.
 */
export async function landExport(
  store: ObjectStore,
  fresh: MonthSpill,
  request: LandRequest,
): Promise<string[]> {
  const keys: string[] = []
  for (const [group] of fresh.groups()) {
    const month = group.slice(group.indexOf('/') + 1)
    const byStream = new Map<ExportStream, { rows: Record<string, unknown>[]; files: Set<number> }>()
    const pages = new Map<ExportStream, number>()
    const write = async (stream: ExportStream) => {
      const batch = byStream.get(stream)
      if (!batch || batch.rows.length === 0) return
      const page = pages.get(stream) ?? 0
      pages.set(stream, page + 1)
      const object: ExportObject = {
        format: EXPORT_OBJECT_FORMAT,
        source: EXPORT_RAW_SOURCE,
        source_id: stream,
        run_id: request.runId,
        page,
        snapshot_date: month,
        imported_at: request.importedAt,
        synthetic: request.synthetic,
        files: [...batch.files].sort((a, b) => a - b).map((i) => request.found[i]!.path),
        personal_fields: request.keepPersonal ? 'kept' : 'dropped',
        rows: batch.rows,
      }
      const key = exportRawKey(month, stream, request.runId, page)
      await store.put(key, JSON.stringify(object))
      keys.push(key)
      request.onObject?.(key, batch.rows.length)
      byStream.set(stream, { rows: [], files: new Set() })
    }
    for await (const line of fresh.lines(group)) {
      const stream = JSON.parse(line) as SpilledStream
      let batch = byStream.get(stream.s)
      if (!batch) {
        batch = { rows: [], files: new Set() }
        byStream.set(stream.s, batch)
      }
      batch.rows.push(stream.r)
      batch.files.add(stream.f)
      if (batch.rows.length >= ROWS_PER_OBJECT) await write(stream.s)
    }
    for (const stream of [...byStream.keys()].sort()) await write(stream)
  }
  return keys
}
