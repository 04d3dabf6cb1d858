import path from 'node:path'
import { hasUrlCredentials } from '../url-credentials.js'
import { LakeLocationInvalidError } from './errors.js'
import { OPEN_MUSIC_RAW_PREFIX, RAW_PREFIX } from './layout.js'
import { decodeEventKey, type ObjectCreatedRecord } from './object-created.js'

/** Where a lake lives: a local folder, or a bucket and key prefix on S3 (`prefix` is '' or ends in `/`). */
export type LakeLocation = { kind: 'fs'; path: string } | { kind: 's3'; bucket: string; prefix: string }

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/

/**
 * Parses `--lake`: `s3://bucket/prefix` (the prefix may be empty) or a folder path.
 *
 * @example
 * parseLakeLocation('s3://my-lake/prod') // { kind: 's3', bucket: 'my-lake', prefix: 'prod/' }
 * parseLakeLocation('./lake')            // { kind: 'fs', path: '/home/me/lake' }
 */
export function parseLakeLocation(text: string): LakeLocation {
  if (hasUrlCredentials(text)) {
    throw new LakeLocationInvalidError(
      'the lake location has a user name or password in it; remove them and give S3 credentials as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE)',
    )
  }
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(text)?.[1]
  if (scheme === undefined) {
    if (text.trim() === '')
      throw new LakeLocationInvalidError('the lake location is empty; give a folder or s3://bucket/prefix')
    return { kind: 'fs', path: path.resolve(text) }
  }
  if (scheme !== 's3') {
    throw new LakeLocationInvalidError(
      `lake location ${text} is not supported; give a folder or s3://bucket/prefix (S3-compatible stores via AWS_ENDPOINT_URL_S3)`,
    )
  }
  const rest = text.slice('s3://'.length)
  const slash = rest.indexOf('/')
  const bucket = slash < 0 ? rest : rest.slice(0, slash)
  const prefix = (slash < 0 ? '' : rest.slice(slash + 1)).replace(/\/+$/, '')
  if (!BUCKET.test(bucket) || bucket.includes('..')) {
    throw new LakeLocationInvalidError(
      `"${bucket}" in ${text} is not an S3 bucket name (3-63 lower-case letters, digits, dots and hyphens)`,
    )
  }
  if (prefix.split('/').some((part) => part === '' || part === '.' || part === '..') && prefix !== '') {
    throw new LakeLocationInvalidError(`the key prefix "${prefix}" in ${text} has an empty, . or .. segment`)
  }
  return { kind: 's3', bucket, prefix: prefix === '' ? '' : `${prefix}/` }
}

/** The location as text: the folder path, or `s3://bucket/prefix` without a trailing slash. */
export function formatLakeLocation(location: LakeLocation): string {
  if (location.kind === 'fs') return location.path
  return `s3://${location.bucket}/${location.prefix}`.replace(/\/$/, '')
}

/**
 * The lake key an object-created record names, or undefined when the record is about an object
 * outside this lake (another bucket, or outside the lake's prefix). The key is decoded exactly once.
 */
export function eventLakeKey(lakeLocation: string, record: ObjectCreatedRecord): string | undefined {
  let key: string
  try {
    key = decodeEventKey(record.s3.object.key)
  } catch {
    return undefined // malformed percent-encoding: not a key this lake wrote
  }
  const location = parseLakeLocation(lakeLocation)
  if (location.kind === 'fs') return key
  if (record.s3.bucket.name !== location.bucket || !key.startsWith(location.prefix)) return undefined
  return key.slice(location.prefix.length)
}

/**
 * The raw objects of this lake (Spotify's and the open-music answers) that object-created records name (keys decoded once, in order,
 * each once), and how many records were about anything else: other buckets or prefixes, the
 * transform's own outputs, `s3:ObjectRemoved` and other events.
 */
export function rawKeysNamed(
  lakeLocation: string,
  records: readonly ObjectCreatedRecord[],
): { keys: string[]; ignored: number } {
  const keys = new Set<string>()
  let ignored = 0
  for (const record of records) {
    const key = record.eventName?.startsWith('ObjectCreated:')
      ? eventLakeKey(lakeLocation, record)
      : undefined
    if (key?.startsWith(RAW_PREFIX) || key?.startsWith(OPEN_MUSIC_RAW_PREFIX)) keys.add(key)
    else ignored++
  }
  return { keys: [...keys], ignored }
}
