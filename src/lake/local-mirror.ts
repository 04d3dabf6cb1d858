import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import path from 'node:path'
import pLimit from 'p-limit'
import { LakeError } from './errors.js'
import { checkLakeKey } from './lake-key.js'
import type { ObjectCreatedRecord } from './object-created.js'
import type { ObjectInfo, ObjectStore } from './object-store.js'

/** The folder under which remote lakes are mirrored: `TUNELAKE_CACHE_DIR`, else the user's cache folder. */
export function mirrorCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TUNELAKE_CACHE_DIR) return path.resolve(env.TUNELAKE_CACHE_DIR)
  return path.join(env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'tunelake')
}

/**
 * A read-only local copy of the parts of a remote lake that are listed through it, for readers
 * that need files on disk (the local DuckDB engine cannot reach S3 without downloading an
 * extension). Each object listed is downloaded once per eTag: a sidecar `.<name>.etag` beside the
 * copy records which version it holds, so a changed object is fetched again and an unchanged one
 * never is. `location` is the local folder; `remoteLocation` the lake it mirrors.
 *
 * @example
 * const local = await readableLocally(store) // the store itself when it is a folder
 * for await (const o of local.list('transformed/tracks/')) read(local.localPath(o.key))
 */
export class LocalMirror implements ObjectStore {
  readonly location: string
  readonly remoteLocation: string
  readonly #remote: ObjectStore
  readonly #limit = pLimit(8)

  constructor(remote: ObjectStore, root: string) {
    this.#remote = remote
    this.location = root
    this.remoteLocation = remote.location
  }

  localPath(key: string): string {
    return path.join(this.location, ...checkLakeKey(key).split('/'))
  }

  /** Lists the remote lake and brings every listed object's local copy up to date first. */
  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const infos: ObjectInfo[] = []
    for await (const info of this.#remote.list(prefix)) infos.push(info)
    await Promise.all(infos.map((info) => this.#limit(() => this.#refresh(info))))
    yield* infos
  }

  async get(key: string): Promise<Uint8Array> {
    const info = await this.#remote.head(key)
    if (!info) return this.#remote.get(key) // the remote store says it is missing, its way
    await this.#refresh(info)
    return readFile(this.localPath(key))
  }

  head(key: string): Promise<ObjectInfo | undefined> {
    return this.#remote.head(key)
  }

  async put(key: string): Promise<ObjectInfo> {
    throw new LakeError(
      `cannot write ${key}: ${this.location} is a read-only mirror of ${this.remoteLocation}`,
    )
  }

  async delete(key: string): Promise<void> {
    throw new LakeError(
      `cannot delete ${key}: ${this.location} is a read-only mirror of ${this.remoteLocation}`,
    )
  }

  onObjectCreated(listener: (record: ObjectCreatedRecord) => void): () => void {
    return this.#remote.onObjectCreated(listener)
  }

  async #refresh(info: ObjectInfo): Promise<void> {
    const file = this.localPath(info.key)
    const sidecar = path.join(path.dirname(file), `.${path.basename(file)}.etag`)
    const [held, size] = await Promise.all([
      readFile(sidecar, 'utf8').catch(() => undefined),
      stat(file).then(
        (s) => s.size,
        () => undefined,
      ),
    ])
    if (held === info.etag && size === info.size) return
    const bytes = await this.#remote.get(info.key)
    await mkdir(path.dirname(file), { recursive: true })
    const temp = `${file}.tmp-${randomBytes(6).toString('hex')}`
    try {
      await writeFile(temp, bytes)
      await rename(temp, file)
    } finally {
      await rm(temp, { force: true })
    }
    await writeFile(sidecar, info.etag)
  }
}

/**
 * A store whose objects can be read as local files: the store itself when it is a folder, else a
 * `LocalMirror` of it in the cache (one folder per lake location).
 */
export async function readableLocally(
  store: ObjectStore,
  cacheRoot: string = mirrorCacheRoot(),
): Promise<ObjectStore & { localPath(key: string): string }> {
  if (store.localPath) return store as ObjectStore & { localPath(key: string): string }
  const digest = createHash('sha256').update(store.location).digest('hex').slice(0, 16)
  const root = path.join(cacheRoot, 'lakes', digest)
  await mkdir(root, { recursive: true })
  return new LocalMirror(store, root)
}
