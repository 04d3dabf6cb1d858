import { createHash, randomBytes } from 'node:crypto'
import type { BigIntStats } from 'node:fs'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'

/**
 * A file changed less than this long ago is hashed but not remembered: file times come from a
 * coarse clock (a few ms on Linux, 2 s on FAT, a skewed server's on NFS), so a same-size rewrite
 * within one tick would keep every stat field and could otherwise be served the old hash.
 */
const SETTLE_MS = 10_000

/** The hex MD5 of each file's content, remembered by what stat says about the file. */
interface Entry {
  /** Size, inode, mtime and ctime in ns: any write or replacement changes one of them. */
  stat: string
  etag: string
}

/**
 * The eTags (hex MD5 of the content, as S3 gives for a single PUT) of a local lake's files, so a
 * listing reads each file once instead of on every listing. An entry is used only while the
 * file's size, inode, mtime and ctime are those it was hashed with, so a file rewritten, replaced
 * or touched behind the store's back (users drop their own files under `transformed/`) is hashed
 * again; ctime cannot be set by hand, so even a restored mtime is caught. The cache is one JSON
 * file in the lake, written whole (temp and rename) after a listing found something new; losing
 * it, or a concurrent writer's entries, only costs hashing again.
 */
export class FsEtagCache {
  readonly #file: string
  #entries: Promise<Map<string, Entry>> | undefined
  #dirty = false

  constructor(file: string) {
    this.#file = file
  }

  /** The eTag of the file at `file` (lake key `key`), from the cache when the file is unchanged. */
  async etag(key: string, file: string, stats: BigIntStats): Promise<string> {
    const entries = await this.#load()
    const signature = `${stats.size}:${stats.ino}:${stats.mtimeNs}:${stats.ctimeNs}`
    const known = entries.get(key)
    if (known?.stat === signature) return known.etag
    const hashedAt = Date.now()
    const etag = md5(await readFile(file))
    if (Number(stats.ctimeMs) < hashedAt - SETTLE_MS) {
      entries.set(key, { stat: signature, etag })
      this.#dirty = true
    } else if (known) {
      entries.delete(key)
      this.#dirty = true
    }
    return etag
  }

  /** Forgets the files under `prefix` that a listing no longer found. */
  async forgetMissing(prefix: string, found: ReadonlySet<string>): Promise<void> {
    const entries = await this.#load()
    for (const key of entries.keys()) {
      if (key.startsWith(prefix) && !found.has(key)) {
        entries.delete(key)
        this.#dirty = true
      }
    }
  }

  /** Writes the cache when it changed; a lake that cannot be written is listed all the same. */
  async save(): Promise<void> {
    if (!this.#dirty) return
    this.#dirty = false
    const entries = await this.#load()
    const temp = `${this.#file}.tmp-${randomBytes(6).toString('hex')}`
    try {
      await mkdir(path.dirname(this.#file), { recursive: true })
      await writeFile(temp, JSON.stringify(Object.fromEntries(entries)))
      await rename(temp, this.#file)
    } catch {
      await rm(temp, { force: true }).catch(() => {})
    }
  }

  #load(): Promise<Map<string, Entry>> {
    this.#entries ??= readFile(this.#file, 'utf8').then(
      (text) => {
        try {
          return new Map(Object.entries(JSON.parse(text) as Record<string, Entry>))
        } catch {
          return new Map() // a damaged cache is rebuilt
        }
      },
      () => new Map(),
    )
    return this.#entries
  }
}

export function md5(bytes: Uint8Array | string): string {
  return createHash('md5').update(bytes).digest('hex')
}

/** `stat` with nanosecond times and a bigint inode, for cache signatures. */
export function statExact(file: string): Promise<BigIntStats> {
  return stat(file, { bigint: true })
}
