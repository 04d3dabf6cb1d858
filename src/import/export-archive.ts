import { createReadStream } from 'node:fs'
import { open, readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { oneLine } from '../errors.js'
import { ExportInputError } from './errors.js'

/** One file of an export: a zip entry, or a file in a folder. */
export interface ExportEntry {
  /** Its path inside the zip or below the folder, `/`-separated. */
  readonly path: string
  readonly name: string
  /** Uncompressed bytes. */
  readonly size: number
  /** Its bytes, streamed (inflated on the fly for a zip entry). */
  open(): Promise<Readable>
}

/** The files of an export, and what to close when done with them. */
export interface ExportArchive {
  /** What was given, for messages: `my_spotify_data.zip`, a folder, a file. */
  readonly label: string
  readonly entries: readonly ExportEntry[]
  close(): Promise<void>
}

/**
 * Opens what the user gave: the zip Spotify sends (read through its central directory, each
 * entry inflated as a stream, never the whole archive in memory), a folder (an extracted zip or
 * loose files, walked recursively), or one JSON file.
 *
 * @example
 * const archive = await openExportArchive('my_spotify_data.zip')
 * for (const entry of archive.entries) console.log(entry.path, entry.size)
 * await archive.close()
 */
export async function openExportArchive(given: string): Promise<ExportArchive> {
  const label = path.basename(given) || given
  let info: Awaited<ReturnType<typeof stat>>
  try {
    info = await stat(given)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new ExportInputError(
      code === 'ENOENT'
        ? `${given} does not exist; give the zip Spotify sent, or the folder it was extracted to`
        : `cannot read ${given} (${code}); check its permissions`,
    )
  }
  if (info.isDirectory()) return { label, entries: await folderEntries(given), close: async () => {} }
  if (!info.isFile()) throw new ExportInputError(`${given} is neither a file nor a folder`)
  if (await isZip(given)) return zipArchive(given, label)
  return { label, entries: [fileEntry(given, path.basename(given), info.size)], close: async () => {} }
}

async function folderEntries(root: string, relative = ''): Promise<ExportEntry[]> {
  const entries: ExportEntry[] = []
  const folder = path.join(root, relative)
  for (const dirent of await readdir(folder, { withFileTypes: true })) {
    const inner = relative === '' ? dirent.name : `${relative}/${dirent.name}`
    if (dirent.isDirectory()) entries.push(...(await folderEntries(root, inner)))
    else if (dirent.isFile()) {
      const file = path.join(folder, dirent.name)
      entries.push(fileEntry(file, inner, (await stat(file)).size))
    }
  }
  return entries.sort(byPath)
}

function fileEntry(file: string, relative: string, size: number): ExportEntry {
  return {
    path: relative,
    name: path.posix.basename(relative),
    size,
    open: async () => createReadStream(file, { highWaterMark: 1 << 16 }),
  }
}

async function isZip(file: string): Promise<boolean> {
  const handle = await open(file, 'r')
  try {
    const head = Buffer.alloc(4)
    const { bytesRead } = await handle.read(head, 0, 4, 0)
    // A local file header, or the end-of-central-directory record of an empty zip.
    return bytesRead === 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5)
  } finally {
    await handle.close()
  }
}

async function zipArchive(file: string, label: string): Promise<ExportArchive> {
  const yauzl = await import('yauzl')
  let zip: import('yauzl').ZipFile
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, strictFileNames: false })
  } catch (error) {
    throw new ExportInputError(
      `${label} is not a readable zip (${oneLine(error)}); download the export again from Spotify`,
    )
  }
  const entries: ExportEntry[] = []
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue
      if (entry.isEncrypted()) {
        throw new ExportInputError(
          `${label}: ${entry.fileName} is encrypted; give the zip as Spotify sent it`,
        )
      }
      entries.push({
        path: entry.fileName,
        name: path.posix.basename(entry.fileName),
        size: entry.uncompressedSize,
        open: async () => {
          try {
            return await zip.openReadStreamPromise(entry)
          } catch (error) {
            throw new ExportInputError(
              `${label}: cannot read ${entry.fileName} (${oneLine(error)}); download the export again`,
            )
          }
        },
      })
    }
  } catch (error) {
    zip.close()
    if (error instanceof ExportInputError) throw error
    throw new ExportInputError(
      `${label} is a damaged zip (${oneLine(error)}); download the export again from Spotify`,
    )
  }
  let open = true
  const close = async () => {
    if (open) zip.close()
    open = false
  }
  return { label, entries: entries.sort(byPath), close }
}

function byPath(a: ExportEntry, b: ExportEntry): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0
}
