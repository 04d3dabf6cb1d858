import { createHash, randomBytes } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { LakeNotWritableError, LakeObjectNotFoundError } from '../errors.js'
import { checkLakeKey } from '../lake-key.js'
import { type ObjectCreatedRecord, objectCreatedRecord } from '../object-created.js'
import type { ObjectInfo, ObjectStore } from '../object-store.js'

const TEMP_MARK = '.tmp-'

/** The lake in a local folder. Writes go to a temp file beside the target, then rename. */
export class FsObjectStore implements ObjectStore {
  readonly location: string
  readonly #events = new EventEmitter()

  constructor(root: string) {
    this.location = path.resolve(root)
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
      const [stats, bytes] = await Promise.all([stat(file), readFile(file)])
      return { key, size: stats.size, etag: md5(bytes), lastModified: stats.mtime }
    } catch (error) {
      if (isCode(error, 'ENOENT')) return undefined
      throw error
    }
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const keys = await this.#keysUnder(prefix)
    for (const key of keys) {
      const info = await this.head(key)
      if (info) yield info
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.localPath(key), { force: true })
  }

  onObjectCreated(listener: (record: ObjectCreatedRecord) => void): () => void {
    this.#events.on('created', listener)
    return () => this.#events.off('created', listener)
  }

  async #keysUnder(prefix: string): Promise<string[]> {
    // Walk from the deepest folder the prefix names, then filter by the full prefix.
    const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : ''
    const start = folder === '' ? this.location : this.localPath(folder)
    const keys: string[] = []
    const walk = async (dir: string, base: string): Promise<void> => {
      let entries: import('node:fs').Dirent[]
      try {
        entries = await readdir(dir, { withFileTypes: true })
      } catch (error) {
        if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return
        throw error
      }
      for (const entry of entries) {
        const key = base === '' ? entry.name : `${base}/${entry.name}`
        if (entry.isDirectory()) await walk(path.join(dir, entry.name), key)
        else if (entry.isFile() && !entry.name.includes(TEMP_MARK) && key.startsWith(prefix)) keys.push(key)
      }
    }
    await walk(start, folder)
    return keys.sort()
  }
}

function md5(bytes: Uint8Array | string): string {
  return createHash('md5').update(bytes).digest('hex')
}

function isCode(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code
}
