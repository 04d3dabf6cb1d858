import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readdir, rename, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { objectStoreContract } from '../../../test/contracts/object-store-contract.js'
import { listAll } from '../object-store.js'
import { FsObjectStore } from './fs.js'

objectStoreContract(
  'filesystem',
  async () => new FsObjectStore(await mkdtemp(path.join(tmpdir(), 'tunelake-fs-'))),
)

const md5 = (text: string) => createHash('md5').update(text).digest('hex')

async function lake() {
  const dir = await mkdtemp(path.join(tmpdir(), 'tunelake-fs-'))
  return { dir, store: new FsObjectStore(dir) }
}

/** The eTags a fresh store (another process, say) lists under `prefix`. */
async function etags(dir: string, prefix: string): Promise<Record<string, string>> {
  const objects = await listAll(new FsObjectStore(dir), prefix)
  return Object.fromEntries(objects.map((o) => [o.key, o.etag]))
}

describe('FsObjectStore eTags', () => {
  afterEach(() => vi.useRealTimers())

  it('are the MD5 of the content, also for files rewritten, replaced or touched back behind its back', async () => {
    const { dir, store } = await lake()
    await store.put('transformed/mine/a.csv', 'a,b\n1,2\n')
    await store.put('transformed/mine/b.csv', 'x,y\n3,4\n')
    const a = path.join(dir, 'transformed', 'mine', 'a.csv')
    const b = path.join(dir, 'transformed', 'mine', 'b.csv')
    const lastYear = new Date('2025-06-01T00:00:00Z') // whole seconds: utimes can put it back exactly
    await utimes(a, lastYear, lastYear)
    // Remembered eTags are only kept for files that settled: list as if a minute had passed.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 60_000 })
    expect(await etags(dir, 'transformed/')).toEqual({
      'transformed/mine/a.csv': md5('a,b\n1,2\n'),
      'transformed/mine/b.csv': md5('x,y\n3,4\n'),
    })
    await writeFile(a, 'a,b\n5,6\n') // same size, in place
    await utimes(a, lastYear, lastYear) // and its mtime put back
    await writeFile(`${b}.new`, 'x,y\n7,8\n')
    await rename(`${b}.new`, b) // replaced
    expect(await etags(dir, 'transformed/')).toEqual({
      'transformed/mine/a.csv': md5('a,b\n5,6\n'),
      'transformed/mine/b.csv': md5('x,y\n7,8\n'),
    })
    expect((await store.head('transformed/mine/a.csv'))?.etag).toBe(md5('a,b\n5,6\n'))
  })

  it('are remembered in a file of the lake that is never listed, and rebuilt when it is damaged', async () => {
    const { dir, store } = await lake()
    await store.put('_state/x.json', '{}')
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 60_000 })
    expect(Object.keys(await etags(dir, ''))).toEqual(['_state/x.json'])
    expect(await readdir(path.join(dir, '_state'))).toContain('fs-store-etags.json')
    await writeFile(
      path.join(dir, '_state', 'fs-store-etags.json'),
      '{"_state/x.json": {"stat": "1:2:3:4", "et',
    )
    expect(await etags(dir, '')).toEqual({ '_state/x.json': md5('{}') })
  })
})

describe('FsObjectStore temp files', () => {
  it('never lists them, and deletes those a dead writer left over an hour ago, not younger ones', async () => {
    const { dir, store } = await lake()
    await store.put('raw/a.json', 'a')
    const folder = path.join(dir, 'raw', 'deep')
    await mkdir(folder, { recursive: true })
    const dead = path.join(folder, 'b.json.tmp-0123456789ab')
    const live = path.join(dir, 'raw', 'c.json.tmp-ba9876543210')
    const mine = path.join(folder, 'notes.tmp-draft.txt') // a user's file that only looks like one
    await writeFile(dead, 'half of b')
    await writeFile(live, 'a writer still at work')
    await writeFile(mine, 'keep me')
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000)
    for (const file of [dead, mine]) await utimes(file, twoHoursAgo, twoHoursAgo)
    expect((await listAll(store, 'raw/')).map((o) => o.key)).toEqual(['raw/a.json'])
    expect(await readdir(folder)).toEqual(['notes.tmp-draft.txt'])
    expect(await readdir(path.join(dir, 'raw'))).toContain('c.json.tmp-ba9876543210')
  })
})
