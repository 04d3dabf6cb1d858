import { TunelakeError } from '../../errors.js'
import { syntheticCatalog } from '../catalog.js'
import { dayNumber, isValidDay } from '../days.js'
import { EmulatorOptionError } from '../errors.js'
import { EVERYDAY_LISTENER, type ListenerProfile } from '../listening/listener-profile.js'
import { ListeningModel } from '../listening/listening-model.js'
import { DEMO_USER } from '../playlist-defs.js'
import { exportRow, renderRow } from './export-row.js'
import { type ExportSink, folderSink, zipSink } from './export-sinks.js'
import type { ZipEntryWriter } from './zip-writer.js'

/** The folder Spotify's Extended streaming history zip holds its files in (since December 2023). */
export const EXPORT_FOLDER = 'Spotify Extended Streaming History'
/** Beside the listening files: says the export is synthetic, from tunelake's emulator. */
export const SYNTHETIC_MARKER = 'tunelake-synthetic.json'
/** About what one real export file holds (files are capped near 10.5 MB; NOTES.md §1). */
const ROWS_PER_FILE = 15_000
const FLUSH_CHARS = 1 << 20

export interface SyntheticExportOptions {
  /** First and last day (`YYYY-MM-DD`, UTC) of the history; `to` is the day the export was made. */
  from: string
  to: string
  /** Catalog seed; default 2026, the emulator's. */
  seed?: number
  /** Default: the emulator's demo user, whose plays the API's recently-played serves. */
  profile?: ListenerProfile
  /** Rows per audio file before the next begins; default 15,000, as in real exports. */
  rowsPerFile?: number
}

export interface SyntheticExportFile {
  /** The path inside the export, e.g. `Spotify Extended Streaming History/Streaming_History_Audio_2025_0.json`. */
  name: string
  rows: number
}

export interface SyntheticExportSummary {
  files: SyntheticExportFile[]
  /** Every row of every file. */
  streams: number
  from: string
  to: string
}

/**
 * Writes the synthetic listener's Extended streaming history as Spotify's "Download your data"
 * delivers it: to `target` as a zip when it ends in `.zip`, else into the folder `target` as an
 * extracted zip. The files are those of a current export (`Streaming_History_Audio_<years>_<N>.json`
 * in time order, `Streaming_History_Video_<years>.json`; 23-key rows, pretty-printed), plus
 * `tunelake-synthetic.json`, which says they are synthetic. Every stream of the listening model
 * on the days asked is a row, so the rows hold exactly the plays the emulator's recently-played
 * serves on those days, and the skips, episodes, audiobook chapters, local files, private and
 * offline sessions it does not. Deterministic; written a file at a time in constant memory (the
 * streams are generated twice: once to name the files, once to write them).
 *
 * @example
 * await writeSyntheticExport('my_spotify_data.zip', { from: '2025-12-01', to: '2026-11-30' })
 */
export async function writeSyntheticExport(
  target: string,
  options: SyntheticExportOptions,
): Promise<SyntheticExportSummary> {
  const first = checkedDay(options.from, 'from')
  const last = checkedDay(options.to, 'to')
  if (first > last) throw new EmulatorOptionError(`from ${options.from} is after to ${options.to}`)
  const rowsPerFile = options.rowsPerFile ?? ROWS_PER_FILE
  if (!Number.isInteger(rowsPerFile) || rowsPerFile < 1) {
    throw new EmulatorOptionError(`rowsPerFile ${rowsPerFile} is not a whole number of at least 1`)
  }
  const seed = options.seed ?? 2026
  const catalog = syntheticCatalog(seed)
  const model = new ListeningModel(seed, catalog, options.profile ?? EVERYDAY_LISTENER)
  const plan = planFiles(model, first, last, rowsPerFile)
  let sink: ExportSink | undefined
  try {
    sink = target.toLowerCase().endsWith('.zip')
      ? await zipSink(target, new Date(Date.UTC(2026, 0, 1) + (last + 1) * 86_400_000))
      : folderSink(target)
    const audio = new RowFiles(sink, plan.audio, rowsPerFile)
    // A zip is written an entry at a time: the few video rows wait for the audio files.
    const videoRows: string[] = []
    for (let day = first; day <= last; day++) {
      for (const stream of model.streamsOn(day)) {
        const text = renderRow(exportRow(catalog, stream))
        if (stream.video) videoRows.push(text)
        else await audio.add(text)
      }
    }
    await audio.close()
    const video = new RowFiles(sink, plan.video ? [plan.video] : [], videoRows.length)
    for (const text of videoRows) await video.add(text)
    const files = [...audio.written, ...video.written]
    const summary = {
      files,
      streams: files.reduce((n, f) => n + f.rows, 0),
      from: options.from,
      to: options.to,
    }
    const marker = {
      synthetic: true,
      generator: "tunelake's built-in Spotify emulator",
      note: 'Invented listening of an invented user: no real person, account or stream.',
      user: DEMO_USER.id,
      seed,
      ...summary,
    }
    await writeWhole(sink, `${EXPORT_FOLDER}/${SYNTHETIC_MARKER}`, `${JSON.stringify(marker, null, 2)}\n`)
    await sink.close()
    return summary
  } catch (error) {
    await sink?.abort()
    if (error instanceof Error && 'code' in error) {
      throw new SyntheticExportWriteError(`cannot write the export to ${target}: ${error.message}`, {
        cause: error,
      })
    }
    throw error
  }
}

/** The export could not be written where it was asked to go. */
export class SyntheticExportWriteError extends TunelakeError {
  readonly kind = 'terminal'
}

/** Rows written into files of the planned names, a file at a time: `[`, rows, `]`. */
class RowFiles {
  readonly written: SyntheticExportFile[] = []
  private file: { name: string; rows: number; writer: ZipEntryWriter } | undefined
  private buffer: string[] = []
  private size = 0

  constructor(
    private readonly sink: ExportSink,
    private readonly names: readonly string[],
    private readonly rowsPerFile: number,
  ) {}

  async add(text: string): Promise<void> {
    if (!this.file) {
      const name = this.names[this.written.length]!
      this.file = { name, rows: 0, writer: await this.sink.open(name) }
      this.buffer.push('[\n')
    }
    this.buffer.push(this.file.rows === 0 ? text : `,\n${text}`)
    this.size += text.length
    this.file.rows++
    if (this.size >= FLUSH_CHARS) await this.flush()
    if (this.file.rows === this.rowsPerFile) await this.close()
  }

  /** Ends the file being written, if any. */
  async close(): Promise<void> {
    if (!this.file) return
    this.buffer.push('\n]')
    await this.flush()
    await this.file.writer.end()
    this.written.push({ name: this.file.name, rows: this.file.rows })
    this.file = undefined
  }

  private async flush(): Promise<void> {
    if (this.buffer.length > 0) await this.file!.writer.write(this.buffer.join(''))
    this.buffer = []
    this.size = 0
  }
}

/** The names of the audio files (rows by count, years from the rows they will hold) and of the video file. */
function planFiles(
  model: ListeningModel,
  first: number,
  last: number,
  rowsPerFile: number,
): { audio: string[]; video: string | undefined } {
  const audio: string[] = []
  let rows = 0
  let fileYear: number | undefined
  let lastYear = 0
  const videoYears: number[] = []
  for (let day = first; day <= last; day++) {
    const year = new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).getUTCFullYear()
    for (const stream of model.streamsOn(day)) {
      if (stream.video) {
        videoYears.push(year)
        continue
      }
      fileYear ??= year
      lastYear = year
      if (++rows % rowsPerFile === 0) {
        audio.push(audioName(fileYear, year, audio.length))
        fileYear = undefined
      }
    }
  }
  if (fileYear !== undefined) audio.push(audioName(fileYear, lastYear, audio.length))
  const video =
    videoYears.length > 0
      ? `${EXPORT_FOLDER}/Streaming_History_Video_${years(videoYears[0]!, videoYears.at(-1)!)}.json`
      : undefined
  return { audio, video }
}

function audioName(from: number, to: number, index: number): string {
  return `${EXPORT_FOLDER}/Streaming_History_Audio_${years(from, to)}_${index}.json`
}

function years(from: number, to: number): string {
  return from === to ? String(from) : `${from}-${to}`
}

async function writeWhole(sink: ExportSink, name: string, text: string): Promise<void> {
  const writer = await sink.open(name)
  await writer.write(text)
  await writer.end()
}

function checkedDay(day: string, name: string): number {
  if (!isValidDay(day)) throw new EmulatorOptionError(`${name} ${day} is not a YYYY-MM-DD date`)
  return dayNumber(day)
}
