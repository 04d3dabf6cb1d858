import { createGunzip } from 'node:zlib'
import { classifyCsv } from './csv-classifier.js'
import { CrawlFileInvalidError } from './errors.js'
import type { GlueColumn } from './glue-shapes.js'
import { classifyJson } from './json-classifier.js'
import { readParquetFooter } from './parquet-footer.js'

export type Classification = 'parquet' | 'json' | 'csv'

/** What the crawler learned from one data file. */
export interface ClassifiedFile {
  classification: Classification
  compressionType: 'none' | 'gzip'
  columns: GlueColumn[]
  /** Exact for Parquet (from the footer), estimated from the sample for text formats, as Glue does. */
  records: number
  csv?: { delimiter: string; header: boolean; quoted: boolean }
}

/** How much of a text file the classifiers read: Glue's 1 MB sample. */
export const SAMPLE_BYTES = 1024 * 1024

const PAR1 = [0x50, 0x41, 0x52, 0x31]

/**
 * Classifies one file by its content, as Glue's built-in classifiers do, in their order: Parquet
 * (the `PAR1` magic, schema from the footer), JSON, then CSV; gzip-compressed text is unpacked
 * first and recorded as `compressionType: gzip`. Returns a reason instead when no classifier
 * recognises the file. A file that claims to be Parquet (by name or magic) but whose footer
 * cannot be read is an error: `CrawlFileInvalidError`.
 */
export async function classifyFile(
  key: string,
  bytes: Uint8Array,
  where: string = key,
): Promise<ClassifiedFile | { unknown: string }> {
  const magicHead = PAR1.every((b, i) => bytes[i] === b)
  if (magicHead || key.toLowerCase().endsWith('.parquet')) {
    try {
      const footer = readParquetFooter(bytes)
      return {
        classification: 'parquet',
        compressionType: 'none',
        columns: footer.columns,
        records: footer.rows,
      }
    } catch (error) {
      throw new CrawlFileInvalidError(
        `${where} is not a readable Parquet file (${(error as Error).message}); remove or replace it and crawl again`,
        { cause: error },
      )
    }
  }
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b
  const sample = gzip
    ? await gunzipSample(bytes)
    : { bytes: bytes.subarray(0, SAMPLE_BYTES), whole: bytes.length <= SAMPLE_BYTES, total: bytes.length }
  if (!sample) return { unknown: 'gzip data that cannot be unpacked' }
  const text = Buffer.from(sample.bytes)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
  const truncated = !sample.whole
  const compressionType = gzip ? 'gzip' : 'none'
  const estimate = (perRecord: number, records: number) =>
    sample.whole || perRecord === 0 ? records : Math.round(sample.total / perRecord)
  const json = classifyJson(text, truncated)
  if (json) {
    return {
      classification: 'json',
      compressionType,
      columns: json.columns,
      records: estimate(json.bytesPerRecord, json.records),
    }
  }
  const csv = classifyCsv(text, truncated)
  if (csv) {
    return {
      classification: 'csv',
      compressionType,
      columns: csv.columns,
      records: estimate(csv.bytesPerRecord, csv.records),
      csv: { delimiter: csv.delimiter, header: csv.header, quoted: csv.quoted },
    }
  }
  return {
    unknown: 'no classifier recognised it (not Parquet, JSON or CSV with two or more columns and rows)',
  }
}

/** The first `SAMPLE_BYTES` of gzip data, and its whole unpacked size when it was all read. */
function gunzipSample(
  bytes: Uint8Array,
): Promise<{ bytes: Buffer; whole: boolean; total: number } | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    const gunzip = createGunzip()
    const finish = (whole: boolean) => {
      if (done) return
      done = true
      const all = Buffer.concat(chunks)
      resolve({
        bytes: all.subarray(0, SAMPLE_BYTES),
        whole,
        total: whole ? size : size * (bytes.length / Math.max(1, gunzip.bytesWritten)),
      })
    }
    gunzip.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      size += chunk.length
      if (size > SAMPLE_BYTES) {
        finish(false)
        gunzip.destroy()
      }
    })
    gunzip.on('end', () => finish(true))
    gunzip.on('error', () => {
      if (!done) {
        done = true
        resolve(
          chunks.length > 0
            ? { bytes: Buffer.concat(chunks).subarray(0, SAMPLE_BYTES), whole: false, total: size }
            : undefined,
        )
      }
    })
    gunzip.end(bytes)
  })
}
