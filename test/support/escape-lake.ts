import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll } from 'vitest'
import { crawl } from '../../src/catalog/crawler.js'
import { writeParquet } from '../../src/lake/parquet/parquet-writer.js'
import { DuckDbEngine } from '../../src/query/engines/duckdb.js'
import { tempLake } from './temp-lake.js'

/** What every secret file holds: no answer, error or listing may ever show it. */
export const SECRET = 'TOPSECRET'

export interface EscapeLake {
  /** The lake folder (one table, tracks, and the lake's own _state, _runs and raw files). */
  lake: string
  /** A folder outside the lake holding secret.csv, .csv.gz, .json, .ndjson, .parquet and .txt. */
  outside: string
  store: Awaited<ReturnType<typeof tempLake>>['store']
  catalog: Awaited<ReturnType<typeof tempLake>>['catalog']
}

/**
 * A lake to break out of: a catalog table `tracks`, the lake's own files a query must not read
 * (`_state/`, `_runs/`, `raw/`, a file beside the partitions), symlinks out of the lake, and
 * secret files in every format DuckDB reads, outside the lake.
 */
export async function escapeLake(): Promise<EscapeLake> {
  const { dir: lake, store, catalog } = await tempLake('escape')
  await store.put(
    'transformed/tracks/snapshot_date=2026-11-20/part-00000.parquet',
    await writeParquet({ columns: [{ name: 'track_id', type: 'VARCHAR' }] }, [{ track_id: 'a' }]),
  )
  await crawl(store, catalog, 'tunelake')
  const row = { secret: SECRET }
  await store.put('_state/transform-ledger/snapshot_date=2026-11-20.json', JSON.stringify(row))
  await store.put('_runs/run-1.json', JSON.stringify(row))
  await store.put('raw/spotify/playlist/snapshot_date=2026-11-20/p/run-1-0.json', JSON.stringify(row))
  await store.put('transformed/tracks/notes.csv', `secret\n${SECRET}\n`)
  const outside = await mkdtemp(path.join(tmpdir(), 'tunelake-outside-'))
  await writeFile(path.join(outside, 'secret.csv'), `secret\n${SECRET}\n`)
  await writeFile(path.join(outside, 'secret.txt'), `${SECRET}\n`)
  await writeFile(path.join(outside, 'secret.csv.gz'), gzipSync(`secret\n${SECRET}\n`))
  await writeFile(path.join(outside, 'secret.json'), JSON.stringify([row]))
  await writeFile(path.join(outside, 'secret.ndjson'), `${JSON.stringify(row)}\n`)
  await writeFile(
    path.join(outside, 'secret.parquet'),
    await writeParquet({ columns: [{ name: 'secret', type: 'VARCHAR' }] }, [row]),
  )
  await mkdir(path.join(lake, 'outside-link'), { recursive: true })
  await symlink(path.join(outside, 'secret.csv'), path.join(lake, 'outside-link', 'secret.csv'))
  await symlink(outside, path.join(lake, 'outside-folder'))
  return { lake, outside, store, catalog }
}

/** The escape lake and the local engine over it, opened before a test file's tests and closed after them. */
export function escapeEngine(): { paths: EscapeLake; engine: DuckDbEngine } {
  const held = {} as { paths: EscapeLake; engine: DuckDbEngine }
  beforeAll(async () => {
    held.paths = await escapeLake()
    held.engine = await DuckDbEngine.open({
      store: held.paths.store,
      catalog: held.paths.catalog,
      database: 'tunelake',
    })
  })
  afterAll(async () => {
    await held.engine?.close()
  })
  return held
}
