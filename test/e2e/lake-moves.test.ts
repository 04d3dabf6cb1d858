import { cp, mkdir, mkdtemp, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalCatalog } from '../../src/catalog/catalogs/local.js'
import { buildDashboardAssets } from '../../src/dashboard/build.js'
import { listAll } from '../../src/lake/object-store.js'
import { FsObjectStore } from '../../src/lake/stores/fs.js'
import { openS3Store } from '../../src/lake/stores/s3-from-env.js'
import { startDashboardServer } from '../../src/server/dashboard-server.js'
import { type RunningS3, startS3 } from '../contracts/s3-server.js'
import { tunelake } from '../support/cli.js'
import { rawExamplePlaylist } from '../support/spotify-examples.js'

const COUNT_SQL = 'SELECT count(*) AS n FROM playlist_tracks'

let root: string
let original: string
let rows: number
let s3: RunningS3

/** The rows `tunelake query` counts in a lake (exit code and stderr checked). */
async function countRows(lake: string, env: NodeJS.ProcessEnv = {}): Promise<number> {
  const result = await tunelake(['query', '--lake', lake, '--format', 'json', COUNT_SQL], env)
  expect(result.stderr).toBe('')
  expect(result.code).toBe(0)
  return (JSON.parse(result.stdout) as { n: number }[])[0]!.n
}

/** Every file under `dir`, as lake keys. */
async function filesOf(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tunelake-moves-'))
  original = path.join(root, 'lake')
  const { key, body } = rawExamplePlaylist()
  await new FsObjectStore(original).put(key, body)
  expect((await tunelake(['transform', '--all', '--lake', original])).code).toBe(0)
  expect((await tunelake(['crawl', '--lake', original])).code).toBe(0)
  rows = await countRows(original)
  s3 = await startS3(['synced'])
})

afterAll(async () => {
  await s3?.close()
})

describe('a lake moved, copied or synced elsewhere', () => {
  it('keeps locations relative to the lake in its catalog', async () => {
    expect(rows).toBeGreaterThan(0)
    const doc = JSON.parse(
      await readFile(path.join(original, '_catalog/tunelake/playlist_tracks.json'), 'utf8'),
    )
    expect(doc.table.StorageDescriptor.Location).toBe('transformed/playlist_tracks/')
    expect(doc.partitions[0].StorageDescriptor.Location).toBe(
      'transformed/playlist_tracks/snapshot_date=2026-11-23/',
    )
  })

  it('answers the same rows when copied, and when the copy is moved', async () => {
    const copy = path.join(root, 'copy')
    await cp(original, copy, { recursive: true })
    expect(await countRows(copy)).toBe(rows)
    const moved = path.join(root, 'elsewhere', 'moved')
    await mkdir(path.dirname(moved))
    await rename(copy, moved)
    expect(await countRows(moved)).toBe(rows)
    expect(await countRows(original)).toBe(rows)
  })

  it('shows every table with its rows on the dashboard of a copy', async () => {
    const copy = path.join(root, 'dashboard-copy')
    await cp(original, copy, { recursive: true })
    const assetsDir = await mkdtemp(path.join(tmpdir(), 'tunelake-assets-'))
    await buildDashboardAssets(assetsDir)
    const store = new FsObjectStore(copy)
    const server = await startDashboardServer({
      store,
      catalog: new LocalCatalog(store),
      database: 'tunelake',
      assetsDir,
      log: () => {},
    })
    try {
      const overview = (await (await fetch(`${server.url}api/overview`)).json()) as {
        tables: { name: string; rows: number | null }[]
        problems: string[]
      }
      expect(overview.problems).toEqual([])
      expect(overview.tables.find((t) => t.name === 'playlist_tracks')?.rows).toBe(rows)
      for (const table of ['playlists', 'tracks', 'albums', 'artists']) {
        expect(overview.tables.find((t) => t.name === table)?.rows, table).toBeGreaterThan(0)
      }
    } finally {
      await server.close()
    }
  })

  it('answers the same rows synced to S3, and synced back to another folder', async () => {
    const bucket = openS3Store({ bucket: 'synced', prefix: 'team/lake/' }, s3.env)
    for (const key of await filesOf(original)) await bucket.put(key, await readFile(path.join(original, key)))
    expect(await countRows('s3://synced/team/lake', s3.env)).toBe(rows)
    const back = path.join(root, 'back-from-s3')
    for (const { key } of await listAll(bucket, '')) {
      await mkdir(path.dirname(path.join(back, key)), { recursive: true })
      await writeFile(path.join(back, key), await bucket.get(key))
    }
    expect(await countRows(back)).toBe(rows)
  })

  it('refuses a copy whose older catalog points at the original, saying what to run; that mends it', async () => {
    const copy = path.join(root, 'old-copy')
    await cp(original, copy, { recursive: true })
    // A catalog written before locations were relative: absolute file:// locations of the original.
    const absolute = `${pathToFileURL(original).href}/`
    for (const name of await readdir(path.join(copy, '_catalog/tunelake'))) {
      const file = path.join(copy, '_catalog/tunelake', name)
      const doc = JSON.parse(await readFile(file, 'utf8'))
      doc.table.StorageDescriptor.Location = absolute + doc.table.StorageDescriptor.Location
      for (const p of doc.partitions) p.StorageDescriptor.Location = absolute + p.StorageDescriptor.Location
      await writeFile(file, JSON.stringify(doc))
    }
    const refused = await tunelake(['query', '--lake', copy, COUNT_SQL])
    expect(refused.code).toBe(1)
    expect(refused.stdout).toBe('')
    expect(refused.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(refused.stderr).toMatch(
      new RegExp(
        `^tunelake: the catalog's table \\w+ points to file://.*/lake/transformed/\\w+/, outside this lake \\(${copy}\\): .*run tunelake crawl --lake ${copy} to point the catalog at it\\n$`,
      ),
    )
    expect((await tunelake(['crawl', '--lake', copy])).code).toBe(0)
    expect(await countRows(copy)).toBe(rows)
  })
})
