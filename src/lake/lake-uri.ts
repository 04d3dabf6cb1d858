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

/** A URI has a scheme (`s3://`, `file://`); a lake key never can, as keys have no empty segment. */
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i

/**
 * A location as a local catalog document keeps it: relative to the lake (`transformed/tracks/`)
 * when it lies inside it, so the lake can be moved, copied, mounted elsewhere or synced to S3
 * and back; any other location as it is.
 */
export function lakeRelativeLocation(store: ObjectStore, uri: string): string {
  return keyOfUri(store, uri) ?? uri
}

/** A stored location as a URI: a relative one resolved against the lake it is read from, as Athena resolves S3 locations. */
export function resolveLakeLocation(store: ObjectStore, location: string): string {
  return SCHEME.test(location) ? location : lakeUri(store, location)
}
