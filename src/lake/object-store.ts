import type { ObjectCreatedRecord } from './object-created.js'

export interface ObjectInfo {
  readonly key: string
  readonly size: number
  /**
   * The eTag as S3 reports it, without quotes: the hex MD5 of the content for a single PUT (and
   * on the filesystem), `<hex>-<parts>` for a multipart upload.
   */
  readonly etag: string
  readonly lastModified: Date
}

/**
 * The lake's storage port: keys are `/`-separated, relative to the lake root, never `..`.
 * Every successful `put` is whole or absent (temp file and rename; a single PUT on S3) and
 * emits an S3-shaped object-created record to the subscribers.
 *
 * @example
 * const store = new FsObjectStore('./lake')
 * await store.put('raw/spotify/x.json', '{"a":1}')
 * for await (const info of store.list('raw/')) console.log(info.key, info.etag)
 */
export interface ObjectStore {
  /** Where the lake lives, for messages: an absolute path or `s3://bucket/prefix`. */
  readonly location: string
  get(key: string): Promise<Uint8Array>
  put(key: string, body: Uint8Array | string): Promise<ObjectInfo>
  head(key: string): Promise<ObjectInfo | undefined>
  /** All objects whose key starts with `prefix`, in key order. */
  list(prefix: string): AsyncIterable<ObjectInfo>
  delete(key: string): Promise<void>
  onObjectCreated(listener: (record: ObjectCreatedRecord) => void): () => void
  /** The local file path of a key, where the store is a local folder (DuckDB reads it directly). */
  localPath?(key: string): string
  /**
   * For a local copy of a remote lake (`LocalMirror`): the remote lake's location, which the
   * catalog's locations refer to. Absent on the stores themselves.
   */
  readonly remoteLocation?: string
}

export async function listAll(store: ObjectStore, prefix: string): Promise<ObjectInfo[]> {
  const out: ObjectInfo[] = []
  for await (const info of store.list(prefix)) out.push(info)
  return out
}

export async function getText(store: ObjectStore, key: string): Promise<string> {
  return new TextDecoder().decode(await store.get(key))
}

export async function putJson(store: ObjectStore, key: string, value: unknown): Promise<ObjectInfo> {
  return store.put(key, `${JSON.stringify(value, null, 2)}\n`)
}
