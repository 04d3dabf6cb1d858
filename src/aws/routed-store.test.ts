import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { objectStoreContract } from '../../test/contracts/object-store-contract.js'
import { listAll } from '../lake/object-store.js'
import { FsObjectStore } from '../lake/stores/fs.js'
import { RoutedObjectStore } from './routed-store.js'

async function twoFolders() {
  const raw = new FsObjectStore(await mkdtemp(path.join(tmpdir(), 'tunelake-routed-raw-')))
  const rest = new FsObjectStore(await mkdtemp(path.join(tmpdir(), 'tunelake-routed-rest-')))
  return { raw, rest, lake: new RoutedObjectStore([{ prefix: 'raw/', store: raw }], rest) }
}

objectStoreContract('routed over two folders', async () => (await twoFolders()).lake)

describe('the lake over two buckets', () => {
  it('keeps the raw zone in one store and everything else in the other', async () => {
    const { raw, rest, lake } = await twoFolders()
    await lake.put('raw/spotify/playlists/snapshot_date=2026-03-01/p/r-0000.json', '{}')
    await lake.put('transformed/tracks/snapshot_date=2026-03-01/part-00000.parquet', 'PAR1')
    await lake.put('quarantine/raw/spotify/x.json', 'bad')
    expect((await listAll(raw, '')).map((o) => o.key)).toEqual([
      'raw/spotify/playlists/snapshot_date=2026-03-01/p/r-0000.json',
    ])
    expect((await listAll(rest, '')).map((o) => o.key)).toEqual([
      'quarantine/raw/spotify/x.json',
      'transformed/tracks/snapshot_date=2026-03-01/part-00000.parquet',
    ])
    // A listing across both is one listing, in key order.
    expect((await listAll(lake, '')).map((o) => o.key)).toEqual([
      'quarantine/raw/spotify/x.json',
      'raw/spotify/playlists/snapshot_date=2026-03-01/p/r-0000.json',
      'transformed/tracks/snapshot_date=2026-03-01/part-00000.parquet',
    ])
    expect(lake.location).toBe(rest.location)
  })

  it('never shows a key of the raw zone that sits in the other store', async () => {
    const { rest, lake } = await twoFolders()
    await rest.put('raw/stray.json', 'x')
    expect(await listAll(lake, '')).toEqual([])
    expect(await lake.head('raw/stray.json')).toBeUndefined()
  })
})
