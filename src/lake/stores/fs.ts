import { randomBytes } from 'node:crypto'
import { EventEmitter } from 'node:events'
import type { Dirent } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import pLimit from 'p-limit'
import { LakeNotWritableError, LakeObjectNotFoundError } from '../errors.js'
import { checkLakeKey } from '../lake-key.js'
import { STATE_KEYS } from '../layout.js'
import { type ObjectCreatedRecord, objectCreatedRecord } from '../object-created.js'
import type { ObjectInfo, ObjectStore } from '../object-store.js'
import { FsEtagCache, md5, statExact } from './fs-etag-cache.js'
import { watchFolder } from './fs-watch.js'

const TEMP_MARK = '.tmp-'
/** Exactly the names `put` writes to (and the eTag cache): only these are ever deleted as stale. */
const TEMP_NAME = /\.tmp-[0-9a-f]{12}$/

/**
 * A temp file older than this is left over from a writer that died between write and rename
 * (kill -9, power loss): a live writer's file is younger, since every write moves its mtime.
 */
const STALE_TEMP_MS = 60 * 60 * 1000

/**
 * The lake in a local folder. Writes go to a temp file beside the target, then rename; listings
 * skip temp files and delete those a dead writer left (older than an hour). eTags come from a
 * cache of each file's MD5 kept while the file is unchanged, so listing does not read every file.
 */
export class FsObjectStore implements ObjectStore {
  readonly location: string
  readonly #events = new EventEmitter()
  readonly #etags: FsEtagCache

  constructor(root: string) {
    this.location = path.resolve(root)
    this.#etags = new FsEtagCache(this.localPath(STATE_KEYS.fsEtags))
  }

  localPath(key: string): string {
    return path.join(this.location, ...checkLakeKey(key).split('/'))
  }

  async get(key: string): Promise<Uint8Array> {
    try {
      return await readFile(this.localPath(key))
    } catch (error) {
      if (isCode(error, 'ENOENT')) throw new LakeObjectNotFoundError(`no object ${key} in ${this.location}`)
      throw error
    }
  }

  async put(key: string, body: Uint8Array | string): Promise<ObjectInfo> {
    const target = this.localPath(key)
    const temp = `${target}${TEMP_MARK}${randomBytes(6).toString('hex')}`
    try {
      await mkdir(path.dirname(target), { recursive: true })
      await writeFile(temp, body)
      await rename(temp, target)
    } catch (error) {
      await rm(temp, { force: true }).catch(() => {})
      if (
        isCode(error, 'EACCES') ||
        isCode(error, 'EROFS') ||
        isCode(error, 'EPERM') ||
        isCode(error, 'ENOTDIR')
      ) {
        throw new LakeNotWritableError(
          `cannot write to the lake at ${this.location} (${(error as NodeJS.ErrnoException).code}): choose a writable folder with --lake`,
          { cause: error },
        )
      }
      throw error
    }
    const bytes = typeof body === 'string' ? Buffer.from(body) : body
    const info: ObjectInfo = { key, size: bytes.byteLength, etag: md5(bytes), lastModified: new Date() }
    this.#events.emit('created', objectCreatedRecord(path.basename(this.location), info, 'tunelake:fs'))
    return info
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const file = this.localPath(key)
    try {
      const stats = await statExact(file)
      if (!stats.isFile()) return undefined
      const etag = await this.#etags.etag(key, file, stats)
      return { key, size: Number(stats.size), etag, lastModified: stats.mtime }
    } catch (error) {
      if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return undefined
      throw error
    }
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const keys = await this.#keysUnder(prefix)
    const limit = pLimit(16)
    const infos = await Promise.all(keys.map((key) => limit(() => this.head(key))))
    await this.#etags.forgetMissing(prefix, new Set(keys))
    await this.#etags.save()
    for (const info of infos) if (info) yield info
  }

  async delete(key: string): Promise<void> {
    await rm(this.localPath(key), { force: true })
  }

  onObjectCreated(listener: (record: ObjectCreatedRecord) => void): () => void {
    this.#events.on('created', listener)
    return () => this.#events.off('created', listener)
  }

  /**
   * Object-created records for every file any process puts under `prefix`, not only for this
   * store's own puts (which `onObjectCreated` reports): a watch of the folder (fs-watch.ts).
   * `close()` ends the watch.
   */
  async watchWriters(prefix: string): Promise<Pick<ObjectStore, 'onObjectCreated'> & { close(): void }> {
    const events = new EventEmitter()
    const close = await watchFolder(
      (key) => this.localPath(key),
      prefix,
      (key) => {
        this.head(key).then(
          (info) => {
            if (info)
              events.emit('created', objectCreatedRecord(path.basename(this.location), info, 'tunelake:fs'))
          },
          () => {}, // gone or unreadable meanwhile: the sweep will see it if it comes back
        )
      },
    )
    return {
      onObjectCreated(listener) {
        events.on('created', listener)
        return () => events.off('created', listener)
      },
      close,
    }
  }

  async #keysUnder(prefix: string): Promise<string[]> {
    // Walk from the deepest folder the prefix names, then filter by the full prefix.
    const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : ''
    const start = folder === '' ? this.location : this.localPath(folder)
    const keys: string[] = []
    const temps: string[] = []
    const walk = async (dir: string, base: string): Promise<void> => {
      let entries: Dirent[]
      try {
        entries = await readdir(dir, { withFileTypes: true })
      } catch (error) {
        if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return
        throw error
      }
      for (const entry of entries) {
        const key = base === '' ? entry.name : `${base}/${entry.name}`
        if (entry.isDirectory()) await walk(path.join(dir, entry.name), key)
        else if (!entry.isFile() || key === STATE_KEYS.fsEtags) continue
        else if (TEMP_NAME.test(entry.name)) temps.push(path.join(dir, entry.name))
        else if (entry.name.includes(TEMP_MARK)) continue
        else if (key.startsWith(prefix)) keys.push(key)
      }
    }
    await walk(start, folder)
    await removeStaleTemps(temps)
    return keys.sort()
  }
}

/** Deletes the temp files no writer has touched for an hour; a lake that is read-only keeps them. */
async function removeStaleTemps(files: readonly string[]): Promise<void> {
  const before = Date.now() - STALE_TEMP_MS
  for (const file of files) {
    const stats = await stat(file).catch(() => undefined)
    if (stats && stats.mtimeMs < before) await rm(file, { force: true }).catch(() => {})
  }
}

function isCode(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code
}
