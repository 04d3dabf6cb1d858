import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { FsObjectStore } from '../../src/lake/stores/fs.js'
import { tunelake } from '../support/cli.js'
import { rawExamplePlaylist } from '../support/spotify-examples.js'

function expectOneLine(stderr: string, pattern: RegExp): void {
  expect(stderr.trimEnd().split('\n')).toHaveLength(1)
  expect(stderr).toMatch(pattern)
}

/** A lake with one raw playlist (Get Playlist with its first items page), transformed and crawled. */
async function smallLake(): Promise<{ dir: string; store: FsObjectStore }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tunelake-errors-'))
  const store = new FsObjectStore(dir)
  const { key, body } = rawExamplePlaylist()
  await store.put(key, body)
  return { dir, store }
}

describe('bad input to the lake commands', () => {
  it('says the lake cannot be written, and leaves the raw zone and the ledger as they were', async () => {
    const { dir } = await smallLake()
    await writeFile(path.join(dir, 'transformed'), 'a file where the tables folder should be')
    const result = await tunelake(['transform', '--all', '--lake', dir])
    expect(result.code).toBe(1)
    expectOneLine(
      result.stderr,
      /^tunelake: cannot write to the lake at .* \(ENOTDIR\): choose a writable folder with --lake\n$/,
    )
    expect(await readdir(path.join(dir, 'raw', 'spotify', 'playlists'))).toHaveLength(1)
    expect(await readdir(path.join(dir, '_state', 'transform-ledger')).catch(() => [])).toEqual([])
  })

  it('refuses a missing event file and an unknown crawl policy with exit 2', async () => {
    const result = await tunelake([
      'transform',
      '--event',
      '/nonexistent/event.json',
      '--lake',
      '/sys/tunelake-lake',
    ])
    expect(result.code).toBe(2)
    expectOneLine(result.stderr, /cannot read the event file \/nonexistent\/event.json \(ENOENT\)/)
    const crawl = await tunelake(['crawl', '--update-behavior', 'sometimes'])
    expect(crawl.code).toBe(2)
    expectOneLine(crawl.stderr, /--update-behavior sometimes: use update or log/)
  })

  it('stops a crawl at a corrupted Parquet file, keeping the catalog as it was', async () => {
    const { dir } = await smallLake()
    expect((await tunelake(['transform', '--all', '--lake', dir])).code).toBe(0)
    expect((await tunelake(['crawl', '--lake', dir])).code).toBe(0)
    const doc = path.join(dir, '_catalog', 'tunelake', 'tracks.json')
    const before = await readFile(doc, 'utf8')
    const file = path.join(dir, 'transformed', 'tracks', 'snapshot_date=2026-11-23', 'part-00000.parquet')
    const bytes = await readFile(file)
    await writeFile(file, bytes.subarray(0, bytes.length - 20)) // the footer is cut off
    const result = await tunelake(['crawl', '--lake', dir])
    expect(result.code).toBe(1)
    expectOneLine(
      result.stderr,
      /part-00000.parquet is not a readable Parquet file \(.*\); remove or replace it and crawl again\n$/,
    )
    expect(await readFile(doc, 'utf8')).toBe(before)
  })

  it('names a catalog document edited into invalid JSON, and does not overwrite it', async () => {
    const { dir } = await smallLake()
    await tunelake(['transform', '--all', '--lake', dir])
    await tunelake(['crawl', '--lake', dir])
    const doc = path.join(dir, '_catalog', 'tunelake', 'albums.json')
    await writeFile(doc, '{"version": 2, "table": ')
    for (const args of [['crawl'], ['query', 'SELECT count(*) FROM albums']]) {
      const result = await tunelake([...args, '--lake', dir])
      expect(result.code, args[0]).toBe(1)
      expectOneLine(
        result.stderr,
        /catalog document _catalog\/tunelake\/albums.json in .* is invalid \(.*\); delete it and run tunelake crawl/,
      )
    }
    expect(await readFile(doc, 'utf8')).toBe('{"version": 2, "table": ')
  })
})
