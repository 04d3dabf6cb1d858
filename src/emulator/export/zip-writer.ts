import { once } from 'node:events'
import type { Writable } from 'node:stream'
import { createDeflateRaw } from 'node:zlib'

/** One file being written into the zip: text in order, then `end`. */
export interface ZipEntryWriter {
  write(text: string): Promise<void>
  end(): Promise<void>
}

interface CentralEntry {
  name: Buffer
  crc: number
  compressed: number
  size: number
  offset: number
}

const LIMIT = 0xffffffff

/**
 * A streaming zip writer (deflate, sizes in data descriptors, as Spotify's own zips and most
 * tools write them): entries are compressed as they are written, one at a time, so an archive
 * of any number of large files is written in constant memory. No ZIP64: an entry or archive
 * past 4 GiB is refused.
 *
 * @example
 * const zip = new ZipWriter(createWriteStream('my_spotify_data.zip'), new Date())
 * const entry = await zip.add('Spotify Extended Streaming History/Streaming_History_Audio_2025_0.json')
 * await entry.write('[]')
 * await entry.end()
 * await zip.finish()
 */
export class ZipWriter {
  private offset = 0
  private failure: Error | undefined
  private writing = false
  private readonly entries: CentralEntry[] = []
  private readonly time: number
  private readonly date: number

  constructor(
    private readonly out: Writable,
    modified: Date,
  ) {
    out.on('error', (error) => {
      this.failure ??= error
    })
    this.time =
      (modified.getUTCHours() << 11) | (modified.getUTCMinutes() << 5) | (modified.getUTCSeconds() >> 1)
    this.date =
      ((modified.getUTCFullYear() - 1980) << 9) | ((modified.getUTCMonth() + 1) << 5) | modified.getUTCDate()
  }

  /** Starts the next entry; the previous one must have ended. */
  async add(name: string): Promise<ZipEntryWriter> {
    if (this.writing) throw new Error(`zip entry ${name} started before the previous one ended`)
    this.writing = true
    const nameBytes = Buffer.from(name, 'utf8')
    const offset = this.offset
    const header = Buffer.alloc(30)
    header.writeUInt32LE(0x04034b50, 0)
    header.writeUInt16LE(20, 4) // version needed: 2.0 (deflate)
    header.writeUInt16LE(0x0808, 6) // sizes in a data descriptor; UTF-8 name
    header.writeUInt16LE(8, 8) // deflate
    header.writeUInt16LE(this.time, 10)
    header.writeUInt16LE(this.date, 12)
    header.writeUInt16LE(nameBytes.length, 26)
    await this.emit(Buffer.concat([header, nameBytes]))
    const deflate = createDeflateRaw({ level: 6 })
    let crc = 0
    let size = 0
    let compressed = 0
    const drained = (async () => {
      for await (const chunk of deflate as AsyncIterable<Buffer>) {
        compressed += chunk.length
        await this.emit(chunk)
      }
    })()
    return {
      write: async (text) => {
        const bytes = Buffer.from(text, 'utf8')
        crc = crc32(bytes, crc)
        size += bytes.length
        if (!deflate.write(bytes)) await once(deflate, 'drain')
      },
      end: async () => {
        deflate.end()
        await drained
        if (size > LIMIT || compressed > LIMIT || this.offset > LIMIT) {
          throw new RangeError(`${name} is too large for a zip without ZIP64 (over 4 GiB)`)
        }
        const descriptor = Buffer.alloc(16)
        descriptor.writeUInt32LE(0x08074b50, 0)
        descriptor.writeUInt32LE(crc, 4)
        descriptor.writeUInt32LE(compressed, 8)
        descriptor.writeUInt32LE(size, 12)
        await this.emit(descriptor)
        this.entries.push({ name: nameBytes, crc, compressed, size, offset })
        this.writing = false
      },
    }
  }

  /** Writes the central directory and ends the output stream. */
  async finish(): Promise<void> {
    const start = this.offset
    for (const entry of this.entries) {
      const header = Buffer.alloc(46)
      header.writeUInt32LE(0x02014b50, 0)
      header.writeUInt16LE(0x0314, 4) // made by: Unix, 2.0
      header.writeUInt16LE(20, 6)
      header.writeUInt16LE(0x0808, 8)
      header.writeUInt16LE(8, 10)
      header.writeUInt16LE(this.time, 12)
      header.writeUInt16LE(this.date, 14)
      header.writeUInt32LE(entry.crc, 16)
      header.writeUInt32LE(entry.compressed, 20)
      header.writeUInt32LE(entry.size, 24)
      header.writeUInt16LE(entry.name.length, 28)
      header.writeUInt32LE((0o100644 << 16) >>> 0, 38) // a regular file, rw-r--r--
      header.writeUInt32LE(entry.offset, 42)
      await this.emit(Buffer.concat([header, entry.name]))
    }
    const end = Buffer.alloc(22)
    end.writeUInt32LE(0x06054b50, 0)
    end.writeUInt16LE(this.entries.length, 8)
    end.writeUInt16LE(this.entries.length, 10)
    end.writeUInt32LE(this.offset - start, 12)
    end.writeUInt32LE(start, 16)
    await this.emit(end)
    this.out.end()
    await once(this.out, 'finish')
  }

  private async emit(bytes: Buffer): Promise<void> {
    if (this.failure) throw this.failure
    this.offset += bytes.length
    if (!this.out.write(bytes)) await once(this.out, 'drain')
  }
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c
  }
  return table
})()

/** CRC-32 (the zip and gzip polynomial), continuing from `previous`. */
export function crc32(bytes: Uint8Array, previous = 0): number {
  let crc = ~previous
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8)
  return ~crc >>> 0
}
