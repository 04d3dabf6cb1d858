import { createWriteStream } from 'node:fs'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { type ZipEntryWriter, ZipWriter } from './zip-writer.js'

/** Where an export's files go: a folder (as an extracted zip) or a zip file, one file at a time. */
export interface ExportSink {
  open(name: string): Promise<ZipEntryWriter>
  close(): Promise<void>
  /** After a failure: removes what is half written (complete files of a folder stay). */
  abort(): Promise<void>
}

/**
 * Files under `dir`, each written to a temporary name and renamed when complete, so a file that
 * is there is whole.
 */
export function folderSink(dir: string): ExportSink {
  let temp: string | undefined
  return {
    async open(name) {
      const target = path.join(dir, name)
      await mkdir(path.dirname(target), { recursive: true })
      const file = `${target}.tmp-${process.pid}`
      temp = file
      const out = await open(file, 'w')
      return {
        async write(text) {
          await out.write(text)
        },
        async end() {
          await out.close()
          await rename(file, target)
          temp = undefined
        },
      }
    },
    async close() {},
    async abort() {
      if (temp) await rm(temp, { force: true })
    },
  }
}

/** Entries of a zip file at `file`, written under a temporary name and renamed when complete. */
export async function zipSink(file: string, modified: Date): Promise<ExportSink> {
  await mkdir(path.dirname(file), { recursive: true })
  const temp = `${file}.tmp-${process.pid}`
  const zip = new ZipWriter(createWriteStream(temp), modified)
  return {
    open: (name) => zip.add(name),
    async close() {
      await zip.finish()
      await rename(temp, file)
    },
    abort: () => rm(temp, { force: true }),
  }
}
