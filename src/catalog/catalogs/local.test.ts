import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { catalogContract } from '../../../test/contracts/catalog-contract.js'
import { type RunningS3, startS3 } from '../../../test/contracts/s3-server.js'
import { lakeUri } from '../../lake/lake-uri.js'
import type { ObjectStore } from '../../lake/object-store.js'
import { FsObjectStore } from '../../lake/stores/fs.js'
import { openS3Store } from '../../lake/stores/s3-from-env.js'
import { LocalCatalog } from './local.js'

let s3: RunningS3
let lakes = 0

beforeAll(async () => {
  s3 = await startS3(['catalogs'])
})

afterAll(async () => {
  await s3.close()
})

function onStore(store: () => ObjectStore) {
  const first = store()
  return {
    catalog: new LocalCatalog(first),
    location: (key: string) => lakeUri(first, key),
    reopen: () => new LocalCatalog(store()),
  }
}

catalogContract('local documents in a lake folder', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'tunelake-catalog-'))
  return onStore(() => new FsObjectStore(dir))
})

catalogContract('local documents in an S3 lake (s3rver)', async () => {
  const prefix = `lake-${++lakes}/`
  return onStore(() => openS3Store({ bucket: 'catalogs', prefix }, s3.env))
})
