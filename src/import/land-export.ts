import { rawKey } from '../lake/layout.js'
import type { ObjectStore } from '../lake/object-store.js'
import type { ExportStream } from '../spotify-export/export-files.js'
import {
  EXPORT_OBJECT_FORMAT,
  EXPORT_RAW_SOURCE,
  type ExportObject,
} from '../spotify-export/export-object.js'
import { ImportStoppedError } from './errors.js'
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
  /** Stops the landing between two raw objects (`ImportStoppedError`); what landed stays, a new import lands the rest. */
  signal?: AbortSignal
  /** Called after each raw object is written: how many of how many. */
  onObject?: (done: number, of: number) => void
}

/**
 * Lands the new streams (groups `<month>/<stream>` of `fresh`): one raw object per month, kind
 * of file and `ROWS_PER_OBJECT` streams, rows in the order the export gave them. Returns the
 * keys written.
 */
export async function landExport(
  store: ObjectStore,
  fresh: MonthSpill,
  request: LandRequest,
): Promise<string[]> {
  const keys: string[] = []
  const total = fresh.groups().reduce((sum, [, streams]) => sum + Math.ceil(streams / ROWS_PER_OBJECT), 0)
  for (const [group] of fresh.groups()) {
    const [month, stream] = group.split('/') as [string, ExportStream]
    let rows: Record<string, unknown>[] = []
    let files = new Set<number>()
    let page = 0
    const write = async () => {
      if (request.signal?.aborted) {
        throw new ImportStoppedError(
          `the import was stopped after ${keys.length} of ${total} raw objects; import the same export again to land the rest`,
        )
      }
      const object: ExportObject = {
        format: EXPORT_OBJECT_FORMAT,
        source: EXPORT_RAW_SOURCE,
        source_id: stream,
        run_id: request.runId,
        page,
        snapshot_date: month,
        imported_at: request.importedAt,
        synthetic: request.synthetic,
        files: [...files].sort((a, b) => a - b).map((i) => request.found[i]!.path),
        personal_fields: request.keepPersonal ? 'kept' : 'dropped',
        rows,
      }
      const key = rawKey({
        source: EXPORT_RAW_SOURCE,
        snapshotDate: month,
        sourceId: stream,
        runId: request.runId,
        page,
      })
      await store.put(key, JSON.stringify(object))
      keys.push(key)
      request.onObject?.(keys.length, total)
      page++
      rows = []
      files = new Set()
    }
    for await (const line of fresh.lines(group)) {
      const spilled = JSON.parse(line) as SpilledStream
      rows.push(spilled.r)
      files.add(spilled.f)
      if (rows.length >= ROWS_PER_OBJECT) await write()
    }
    if (rows.length > 0) await write()
  }
  return keys
}
