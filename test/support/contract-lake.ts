import type { Catalog } from '../../src/catalog/catalog.js'
import { crawl } from '../../src/catalog/crawler.js'
import type { ObjectStore } from '../../src/lake/object-store.js'
import { writeParquet } from '../../src/lake/parquet/parquet-writer.js'
import type { TableSpec } from '../../src/transform/table-specs.js'
import { tempLake } from './temp-lake.js'

/** The crawled lake every engine of the contract answers from. */
export interface ContractLake {
  store: ObjectStore
  catalog: Catalog
  database: string
}

const TRACKS: TableSpec = {
  name: 'tracks',
  key: ['track_id'],
  columns: [
    { name: 'track_id', type: 'VARCHAR' },
    { name: 'name', type: 'VARCHAR' },
    { name: 'popularity', type: 'INTEGER' },
    { name: 'followers', type: 'BIGINT' },
    { name: 'explicit', type: 'BOOLEAN' },
    { name: 'added_at', type: 'TIMESTAMP_MS' },
    { name: 'released', type: 'DATE' },
    { name: 'genres', type: 'VARCHAR[]' },
  ],
}
const SONGS: TableSpec = {
  name: 'songs',
  key: ['song_id'],
  columns: [
    { name: 'song_id', type: 'VARCHAR' },
    { name: 'duration_ms', type: 'INTEGER' },
  ],
}
export const SONG_COUNT = 2_500

/** A crawled lake of two small tables: `tracks` (three rows of every type over two partitions) and `songs` (2,500 rows). */
export async function buildContractLake(): Promise<ContractLake> {
  const { store, catalog } = await tempLake('engine-contract')
  const track = (over: Record<string, unknown>) => ({
    name: null,
    popularity: null,
    followers: null,
    explicit: null,
    added_at: null,
    released: null,
    genres: null,
    ...over,
  })
  await store.put(
    'transformed/tracks/snapshot_date=2026-11-20/part-00000.parquet',
    await writeParquet(TRACKS, [
      track({
        track_id: 'a',
        name: "it's",
        popularity: 5,
        followers: 9_007_199_254_740_993n.toString(),
        explicit: true,
        added_at: '2026-11-20T06:00:01.250Z',
        released: '1999-03-01',
        genres: ['rock', 'pop'],
      }),
      track({ track_id: 'b', name: 'B', popularity: 2, explicit: false, genres: [] }),
    ]),
  )
  await store.put(
    'transformed/tracks/snapshot_date=2026-11-21/part-00000.parquet',
    await writeParquet(TRACKS, [track({ track_id: 'a', name: "it's", popularity: 7, followers: 12 })]),
  )
  const songs = Array.from({ length: SONG_COUNT }, (_, i) => ({
    song_id: `s${String(i).padStart(5, '0')}`,
    duration_ms: i,
  }))
  await store.put(
    'transformed/songs/snapshot_date=2026-11-20/part-00000.parquet',
    await writeParquet(SONGS, songs),
  )
  await crawl(store, catalog, 'tunelake')
  return { store, catalog, database: 'tunelake' }
}
