import { stat } from 'node:fs/promises'
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
 * How a command uses its lake. Only the commands that land data create a lake where none is:
 * `demo`, `run`, `import` and the daemon with a config (it runs the extraction). Every other command
 * (`transform`, `crawl`, `status`, `query`, `insights`, `serve`, the daemon without a config)
 * tends or reads an existing lake, and a missing one is refused rather than reported empty.
 */
export type LakeUse = 'create' | 'existing'

/**
 * The lake a command works on: `--lake`, else the config's `lake`, else ./lake. A folder, or
 * `s3://bucket/prefix` (endpoint, region and credentials from the AWS SDK's usual configuration,
 * `AWS_ENDPOINT_URL_S3` for S3-compatible stores). A `--lake` that is a file is refused, and so is
 * a missing lake unless the command creates one (exit 2, one line). The S3 client is loaded on
 * first use.
 */
export async function openLake(use: LakeUse, lakeOption: string | undefined, configLake?: string) {
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
    await checkFolder(location.path, use)
  } else {
    const s3 = location
    store = new LazyObjectStore(formatLakeLocation(s3), async () =>
      (await import('../lake/stores/s3-from-env.js')).openS3Store(s3),
    )
    if (use === 'existing' && (await store.list('')[Symbol.asyncIterator]().next()).done) {
      throw new ArgumentError(missingLake(store.location, 'nothing is stored under that prefix'))
    }
  }
  return { store, catalog: new LocalCatalog(store) }
}

async function checkFolder(folder: string, use: LakeUse): Promise<void> {
  const found = await stat(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw error
  })
  if (found && !found.isDirectory()) {
    throw new ArgumentError(
      use === 'create'
        ? `cannot write to the lake at ${folder} (ENOTDIR): choose a writable folder with --lake; that path is a file`
        : `the lake at ${folder} is a file, not a lake folder; give --lake the folder of an existing lake`,
    )
  }
  if (!found && use === 'existing') throw new ArgumentError(missingLake(folder, 'no such folder'))
}

function missingLake(location: string, why: string): string {
  return `there is no lake at ${location} (${why}), so it has no catalog tables or runs yet; run tunelake demo or tunelake run --config FILE to create one there, or give --lake an existing lake`
}

export const LAKE_OPTION_HELP = `lake folder or s3://bucket/prefix (default: the config's "lake", else ${DEFAULT_LAKE})`
