import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningS3, startS3 } from '../../test/contracts/s3-server.js'
import { tempLake } from '../../test/support/temp-lake.js'
import { readableLocally } from './local-mirror.js'
import { listAll, type ObjectStore } from './object-store.js'
import { openS3Store } from './stores/s3-from-env.js'

let s3: RunningS3

beforeAll(async () => {
  s3 = await startS3(['mirror'])
})

afterAll(async () => {
  await s3.close()
})

/** The store, counting the objects fetched through it. */
function counting(store: ObjectStore): { store: ObjectStore; gets: string[] } {
  const gets: string[] = []
  const counted = Object.create(store) as ObjectStore
  counted.get = (key: string) => {
    gets.push(key)
    return store.get(key)
  }
  counted.list = (prefix: string) => store.list(prefix)
  return { store: Object.assign(counted, { location: store.location }), gets }
}

describe('readableLocally', () => {
  it('is the store itself for a lake folder', async () => {
    const { store } = await tempLake('mirror')
    expect(await readableLocally(store)).toBe(store)
  })

  it('copies the objects listed from S3 once per eTag, and again when one changes', async () => {
    const remote = openS3Store({ bucket: 'mirror', prefix: 'lake/' }, s3.env)
    await remote.put('transformed/t/d=1/a.parquet', 'first')
    await remote.put('transformed/t/d=2/b.parquet', 'second')
    const cache = await mkdtemp(path.join(tmpdir(), 'tunelake-mirror-'))
    const { store, gets } = counting(remote)
    const local = await readableLocally(store, cache)
    expect(local.location.startsWith(cache)).toBe(true)
    expect(local.remoteLocation).toBe('s3://mirror/lake')

    const listed = await listAll(local, 'transformed/t/')
    expect(listed.map((o) => o.key)).toEqual(['transformed/t/d=1/a.parquet', 'transformed/t/d=2/b.parquet'])
    expect(await readFile(local.localPath('transformed/t/d=1/a.parquet'), 'utf8')).toBe('first')
    expect(gets).toHaveLength(2)

    await listAll(local, 'transformed/t/')
    expect(gets).toHaveLength(2) // unchanged eTags: nothing fetched

    await remote.put('transformed/t/d=1/a.parquet', 'first, rewritten')
    await listAll(await readableLocally(store, cache), 'transformed/t/')
    expect(gets.slice(2)).toEqual(['transformed/t/d=1/a.parquet'])
    expect(await readFile(local.localPath('transformed/t/d=1/a.parquet'), 'utf8')).toBe('first, rewritten')
    await expect(local.put('x', 'y')).rejects.toThrow(/read-only mirror of s3:\/\/mirror\/lake/)
  })
})
