import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { LocalCatalog } from '../../src/catalog/catalogs/local.js'
import { FsObjectStore } from '../../src/lake/stores/fs.js'

/** A filesystem lake in a fresh temp folder, with its local catalog. */
export async function tempLake(label = 'lake') {
  const dir = await mkdtemp(path.join(tmpdir(), `tunelake-${label}-`))
  const store = new FsObjectStore(dir)
  return { dir, store, catalog: new LocalCatalog(store) }
}
