import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ObjectStore } from './object-store.js'

/** The URI of a key of the lake, as catalog locations record it (`s3://...` or `file:///...`), key unescaped as Glue keeps it. */
export function lakeUri(store: ObjectStore, key = ''): string {
  const location = store.remoteLocation ?? store.location
  const root = location.startsWith('s3://')
    ? location.replace(/\/?$/, '/')
    : `${pathToFileURL(path.resolve(location)).href}/`
  return `${root}${key}`
}

/** The lake key a catalog location points to, or undefined when it lies outside the lake. */
export function keyOfUri(store: ObjectStore, uri: string): string | undefined {
  const root = lakeUri(store)
  if (!uri.startsWith(root)) return undefined
  return uri.slice(root.length)
}
