import { readFile } from 'node:fs/promises'
import { gzipSync, inflateRawSync } from 'node:zlib'

/**
 * Every entry of a zip file, read by its central directory (stored or deflated entries), each
 * checked against the CRC-32 the directory records. The CRC is zlib's, taken from a gzip trailer,
 * so the check does not share code with the writer.
 */
export async function zipEntries(file: string): Promise<Map<string, Buffer>> {
  const zip = await readFile(file)
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  if (end < 0) throw new Error(`${file}: no end of central directory`)
  const count = zip.readUInt16LE(end + 10)
  let at = zip.readUInt32LE(end + 16)
  const entries = new Map<string, Buffer>()
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${i}`)
    const method = zip.readUInt16LE(at + 10)
    const crc = zip.readUInt32LE(at + 16)
    const compressed = zip.readUInt32LE(at + 20)
    const nameLength = zip.readUInt16LE(at + 28)
    const extra = zip.readUInt16LE(at + 30)
    const comment = zip.readUInt16LE(at + 32)
    const local = zip.readUInt32LE(at + 42)
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8')
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`${file}: ${name} has no local header`)
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
    const raw = zip.subarray(dataStart, dataStart + compressed)
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw)
    const gz = gzipSync(data)
    if (gz.readUInt32LE(gz.length - 8) !== crc) throw new Error(`${file}: ${name} fails its CRC`)
    entries.set(name, data)
    at += 46 + nameLength + extra + comment
  }
  return entries
}
