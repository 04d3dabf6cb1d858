import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { catalogContract } from '../../test/contracts/catalog-contract.js'
import type { Catalog } from '../catalog/catalog.js'
import { LocalCatalog } from '../catalog/catalogs/local.js'
import { lakeUri } from '../lake/lake-uri.js'
import { FsObjectStore } from '../lake/stores/fs.js'
import { CachedCatalog } from './cached-catalog.js'

const TTL_MS = 30
const pastTtl = () => new Promise<void>((resolve) => setTimeout(resolve, TTL_MS + 5))

catalogContract(
  "the dashboard's cache over local documents",
  async () => {
    const store = new FsObjectStore(await mkdtemp(path.join(tmpdir(), 'tunelake-cached-')))
    const source = new LocalCatalog(store)
    return {
      catalog: new CachedCatalog(source, TTL_MS),
      location: (key) => lakeUri(store, key),
      reopen: () => new CachedCatalog(new LocalCatalog(store), TTL_MS),
      source: { catalog: source, settle: pastTtl },
    }
  },
  {
    unsupported: [
      {
        case: 'writes through the adapter itself, and deletes a table with its partitions',
        reason: 'the dashboard only reads the catalog: its cache refuses writes and cannot delete',
        fails: /never writes/,
      },
    ],
  },
)

describe('CachedCatalog', () => {
  it('asks the catalog once per table within its time, and again after it, never caching a failure', async () => {
    const asked: string[] = []
    let failing = true
    const source: Catalog = {
      listTables: async () => {
        asked.push('list')
        return ['tracks']
      },
      getTable: async (_db, name) => {
        asked.push(name)
        if (failing) throw new Error('catalog document unreadable')
        return undefined
      },
      putTable: async () => {},
    }
    const cached = new CachedCatalog(source, TTL_MS)
    await Promise.all([cached.listTables('tunelake'), cached.listTables('tunelake')])
    await expect(cached.getTable('tunelake', 'tracks')).rejects.toThrow(/unreadable/)
    failing = false
    expect(await cached.getTable('tunelake', 'tracks')).toBeUndefined()
    expect(await cached.getTable('tunelake', 'tracks')).toBeUndefined()
    expect(asked).toEqual(['list', 'tracks', 'tracks'])
    await pastTtl()
    await cached.listTables('tunelake')
    expect(asked).toEqual(['list', 'tracks', 'tracks', 'list'])
  })
})
