import { LocalCatalog } from '../catalog/catalogs/local.js'
import { LakeLocationInvalidError } from '../lake/errors.js'
import { formatLakeLocation, parseLakeLocation } from '../lake/lake-location.js'
import type { ObjectStore } from '../lake/object-store.js'
import { s3Endpoint } from '../lake/s3-endpoint.js'
import { FsObjectStore } from '../lake/stores/fs.js'
import { LazyObjectStore } from '../lake/stores/lazy.js'
import { ArgumentError } from './fail.js'

export const DEFAULT_LAKE = './lake'
export const DEFAULT_DATABASE = 'tunelake'

/**
 * The lake a command works on: `--lake`, else the config's `lake`, else ./lake. A folder, or
 * `s3://bucket/prefix` (endpoint, region and credentials from the AWS SDK's usual configuration,
 * `AWS_ENDPOINT_URL_S3` for S3-compatible stores). The S3 client is loaded on first use.
 */
export function openLake(lakeOption: string | undefined, configLake?: string) {
  const text = lakeOption ?? configLake ?? DEFAULT_LAKE
  let location: ReturnType<typeof parseLakeLocation>
  try {
    location = parseLakeLocation(text)
    if (location.kind === 's3') s3Endpoint(process.env)
  } catch (error) {
    if (error instanceof LakeLocationInvalidError) throw new ArgumentError(error.message)
    throw error
  }
  let store: ObjectStore
  if (location.kind === 'fs') {
    store = new FsObjectStore(location.path)
  } else {
    const s3 = location
    store = new LazyObjectStore(formatLakeLocation(s3), async () =>
      (await import('../lake/stores/s3-from-env.js')).openS3Store(s3),
    )
  }
  return { store, catalog: new LocalCatalog(store) }
}

export const LAKE_OPTION_HELP = `lake folder or s3://bucket/prefix (default: the config's "lake", else ${DEFAULT_LAKE})`
