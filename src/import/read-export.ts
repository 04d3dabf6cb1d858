import { oneLine } from '../errors.js'
import {
  type ExportStream,
  expectedKeys,
  isSpotifyPackageFile,
  isSyntheticMarker,
  isUserdataFile,
  packageOf,
  streamOfEntry,
  streamOfName,
} from '../spotify-export/export-files.js'
import { monthOf } from '../spotify-export/export-object.js'
import { readExportRow } from '../spotify-export/export-row.js'
import { ExportInputError } from './errors.js'
import type { ExportArchive, ExportEntry } from './export-archive.js'
import { JsonArrayError, jsonArrayElements } from './json-array-stream.js'
import type { MonthSpill } from './month-spill.js'

/** A listening file found in the export. */
export interface FoundFile {
  path: string
  stream: ExportStream
  /** Uncompressed bytes. */
  size: number
  /** Streams read (valid entries). */
  streams: number
  /** Entries that were not streams, and the first one's reason. */
  invalid: number
  invalidReason?: string
  /** The first and last end time of its streams (ISO), when it has any. */
  from?: string
  to?: string
}

export interface ExportScan {
  found: FoundFile[]
  skipped: { path: string; reason: string }[]
  /** User names the export names (rows of the endsong era, Userdata.json). */
  usernames: Set<string>
  streams: number
  /** True when the export says it was invented by tunelake's emulator. */
  synthetic: boolean
}

/** Progress of the file in hand: called when it starts, every 10,000 streams, and when it is read. */
export type OnFileProgress = (file: FoundFile, index: number, of: number, done: boolean) => void

/** One spilled stream: its kind, the index of its file in `found`, key, end time, row. */
export interface SpilledStream {
  s: ExportStream
  f: number
  k: string
  e: number
  r: Record<string, unknown>
}

/** Spill groups are `<package>/<YYYY-MM-01>`: a month of one package. */
export const spillGroup = (stream: ExportStream, endMs: number) => `${packageOf(stream)}/${monthOf(endMs)}`

/**
 * Finds the listening files of an export by name (and, for JSON files of other names, by
 * content) and reads them one by one as streams, each stream checked and stripped of the
 * personal fields, into month groups of the spill. Throws `ExportInputError` when there is no
 * listening file, or a listening file is truncated, not JSON, or not a Spotify streaming
 * history: nothing is written to the lake before this has read everything.
 */
export async function readExport(
  archive: ExportArchive,
  spill: MonthSpill,
  options: { keepPersonal: boolean; onFile?: OnFileProgress },
): Promise<ExportScan> {
  const scan: ExportScan = { found: [], skipped: [], usernames: new Set(), streams: 0, synthetic: false }
  const listening: { entry: ExportEntry; stream: ExportStream }[] = []
  for (const entry of archive.entries) {
    const named = streamOfName(entry.name)
    if (named) listening.push({ entry, stream: named })
    else if (isUserdataFile(entry.name)) {
      const username = (await readSmallJson(entry))?.username
      if (typeof username === 'string' && username !== '') scan.usernames.add(username)
    } else if (isSyntheticMarker(entry.name))
      scan.synthetic = (await readSmallJson(entry))?.synthetic === true
    else if (/\.json$/i.test(entry.name) && !isSpotifyPackageFile(entry.path, entry.name)) {
      const sniffed = await sniff(entry)
      if (sniffed) listening.push({ entry, stream: sniffed })
      else scan.skipped.push({ path: entry.path, reason: 'not a listening file' })
    } else scan.skipped.push({ path: entry.path, reason: reasonSkipped(entry) })
  }
  if (listening.length === 0) throw noListeningFiles(archive)
  for (const [index, { entry, stream }] of listening.entries()) {
    const file: FoundFile = { path: entry.path, stream, size: entry.size, streams: 0, invalid: 0 }
    scan.found.push(file)
    const progress = (done: boolean) => options.onFile?.(file, index, listening.length, done)
    progress(false)
    await readFile(
      { archive, spill, scan, keepPersonal: options.keepPersonal, progress },
      entry,
      stream,
      index,
      file,
    )
    scan.streams += file.streams
    progress(true)
  }
  await spill.flush()
  return scan
}

interface ReadContext {
  archive: ExportArchive
  spill: MonthSpill
  scan: ExportScan
  keepPersonal: boolean
  progress: (done: boolean) => void
}

async function readFile(
  { archive, spill, scan, keepPersonal, progress }: ReadContext,
  entry: ExportEntry,
  named: ExportStream,
  index: number,
  file: FoundFile,
): Promise<void> {
  const where = `${entry.path} in ${archive.label}`
  let stream = named
  let first = true
  let from = Number.POSITIVE_INFINITY
  let to = Number.NEGATIVE_INFINITY
  try {
    for await (const value of jsonArrayElements(await entry.open())) {
      if (first) {
        first = false
        const shown = streamOfEntry(value, named === 'extended-video')
        if (shown === undefined || packageOf(shown) !== packageOf(named)) {
          throw new ExportInputError(
            `${where} is not a Spotify streaming history: its first entry lacks ${expectedKeys(named)} (a file from another service?); remove it and import again`,
          )
        }
        stream = shown
        file.stream = shown
      }
      const read = readExportRow(value, stream, keepPersonal)
      if ('invalid' in read) {
        file.invalid++
        file.invalidReason ??= read.invalid
        continue
      }
      if (read.username !== undefined) scan.usernames.add(read.username)
      from = Math.min(from, read.endMs)
      to = Math.max(to, read.endMs)
      const line: SpilledStream = { s: stream, f: index, k: read.key, e: read.endMs, r: read.row }
      await spill.add(spillGroup(stream, read.endMs), JSON.stringify(line))
      file.streams++
      if (file.streams % 10_000 === 0) progress(false)
    }
  } catch (error) {
    if (error instanceof JsonArrayError) {
      throw new ExportInputError(`${where}: ${error.message}; download the export again from Spotify`)
    }
    if (error instanceof ExportInputError) throw error
    throw new ExportInputError(`cannot read ${where} (${oneLine(error)}); download the export again`)
  }
  if (file.streams > 0) {
    file.from = new Date(from).toISOString()
    file.to = new Date(to).toISOString()
  }
}

/** The stream a JSON file of another name holds, from its first entry (a renamed file). */
async function sniff(entry: ExportEntry): Promise<ExportStream | undefined> {
  const input = await entry.open()
  try {
    for await (const value of jsonArrayElements(input)) return streamOfEntry(value)
  } catch {
    return undefined
  } finally {
    input.destroy()
  }
  return undefined
}

/** A small JSON object file (Userdata.json, the synthetic marker); undefined when unreadable. */
async function readSmallJson(entry: ExportEntry): Promise<Record<string, unknown> | undefined> {
  if (entry.size > 1024 * 1024) return undefined
  const chunks: Buffer[] = []
  try {
    for await (const chunk of await entry.open()) chunks.push(chunk as Buffer)
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined // an unreadable file only means the account is told by its streams
  }
}

function reasonSkipped(entry: ExportEntry): string {
  if (/\.zip$/i.test(entry.name)) return 'a zip inside the export: give it as the path to import'
  if (isSpotifyPackageFile(entry.path, entry.name)) return 'not a listening file'
  return 'not a Spotify export file'
}

function noListeningFiles(archive: ExportArchive): ExportInputError {
  const spotify = archive.entries.some((e) => isSpotifyPackageFile(e.path, e.name))
  const what = archive.entries.length === 0 ? 'holds no files' : 'holds no listening history'
  return new ExportInputError(
    spotify
      ? `${archive.label} is a Spotify data package without listening history (no endsong_*.json, Streaming_History_Audio_*.json or StreamingHistory*.json); ask Spotify for "Extended streaming history" under Account > Privacy > Download your data, and import that`
      : `${archive.label} ${what} (no endsong_*.json, Streaming_History_Audio_*.json or StreamingHistory*.json): give the zip or folder of a Spotify data export`,
  )
}
