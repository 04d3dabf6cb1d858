import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { LocalCatalog } from '../catalog/catalogs/local.js'
import { crawl } from '../catalog/crawler.js'
import { syntheticCatalog } from '../emulator/index.js'
import { bindInsight, type Insight, listInsights } from '../insights/insights.js'
import { sqlString, writerConnection } from '../lake/parquet/duckdb-session.js'
import { FsObjectStore } from '../lake/stores/fs.js'
import { inlineParams } from '../query/dialect/inline-params.js'
import { trinoMacroStatements } from '../query/dialect/trino-macros.js'
import { rewriteTrinoSql } from '../query/dialect/trino-rewrite.js'
import { DuckDbEngine } from '../query/engines/duckdb.js'
import { lakeTables, quoteIdent, viewSelect } from '../query/engines/duckdb-views.js'
import { TABLE_SPECS } from '../transform/table-specs.js'

const BIN = fileURLToPath(new URL('../../bin/tunelake.js', import.meta.url))
const DAYS = 365
const PLAYLISTS = 20
const RUNS = 7
const TARGETS = { insightMs: 250, overhead: 1.2, helpMs: 300 }

/**
 * The query layer's speed on a year of data: 365 daily snapshots of 20 playlists of 50 tracks
 * built from the emulator's synthetic catalog. Prints each insight's median time through the
 * engine with the tables kept in memory (as a long-lived engine such as the dashboard's runs)
 * and reading the files (as `tunelake query` does), against DuckDB running the same SQL
 * directly on the same files in the same run; and the start-up time of `tunelake --help`.
 */
export async function run(): Promise<void> {
  const lake = mkdtempSync(path.join(tmpdir(), 'tunelake-bench-query-'))
  try {
    let started = performance.now()
    const playlists = await buildYearLake(lake)
    const store = new FsObjectStore(lake)
    const catalog = new LocalCatalog(store)
    await crawl(store, catalog, 'tunelake')
    line(
      `lake: ${DAYS} days x ${PLAYLISTS} playlists x 50 tracks, built and crawled in ${seconds(started)} s`,
    )
    const open = { store, catalog, database: 'tunelake', maxRows: 1_000_000, timeoutMs: 600_000 }
    started = performance.now()
    const onFiles = await DuckDbEngine.open(open)
    line(`engine open: ${(performance.now() - started).toFixed(0)} ms`)
    const cached = await DuckDbEngine.open({ ...open, cacheBytes: 1024 ** 3 })
    const direct = await directDuckDb(store, catalog)
    const totals = { files: 0, direct: 0 }
    line(
      'insight                 engine (tables in memory)        engine on files   DuckDB on files   engine overhead',
    )
    for (const insight of await listInsights()) {
      const bound = bindInsight(insight, values(insight, playlists))
      const local = rewriteTrinoSql(inlineParams(bound.sql, bound.params))
      const times = { cached: [] as number[], files: [] as number[], direct: [] as number[] }
      for (let i = 0; i <= RUNS; i++) {
        const c = await timed(() => cached.run(bound.sql, { params: bound.params }))
        const f = await timed(() => onFiles.run(bound.sql, { params: bound.params }))
        const d = await timed(async () => (await direct.runAndReadAll(local)).getRowObjectsJson())
        if (i === 0) continue
        times.cached.push(c)
        times.files.push(f)
        times.direct.push(d)
      }
      const [mc, mf, md] = [median(times.cached), median(times.files), median(times.direct)]
      totals.files += mf
      totals.direct += md
      line(
        `${insight.name.padEnd(22)} ${ms(mc)} (target < ${TARGETS.insightMs}, ratio ${(mc / TARGETS.insightMs).toFixed(2)})   ${ms(mf)}        ${ms(md)}        ${(mf / md).toFixed(2)}x`,
      )
    }
    const overall = totals.files / totals.direct
    line(
      `engine overhead over all insights (engine on files / DuckDB on the same files): ${overall.toFixed(2)}x (target <= ${TARGETS.overhead}x, ratio ${(overall / TARGETS.overhead).toFixed(2)})`,
    )
    await onFiles.close()
    await cached.close()
    direct.closeSync()
  } finally {
    rmSync(lake, { recursive: true, force: true })
  }
  const help: number[] = []
  for (let i = 0; i <= RUNS; i++) {
    const started = performance.now()
    spawnSync(process.execPath, [BIN, '--help'], { stdio: 'ignore' })
    if (i > 0) help.push(performance.now() - started)
  }
  const h = median(help)
  line(
    `tunelake --help start-up: ${h.toFixed(0)} ms (target < ${TARGETS.helpMs} ms, ratio ${(h / TARGETS.helpMs).toFixed(2)})`,
  )
}

function ms(value: number): string {
  return `${value.toFixed(1).padStart(7)} ms`
}

/** Parameter values for a bench run: the first playlist, the whole year, the second playlist to compare. */
function values(insight: Insight, playlists: string[]): Record<string, string> {
  return {
    playlist_id: playlists[0]!,
    ...(insight.params.includes('other_playlist_id') && { other_playlist_id: playlists[1]! }),
  }
}

/** Writes the year of partitions with one partitioned COPY per table from the synthetic catalog's rows. */
export async function buildYearLake(dir: string): Promise<string[]> {
  const music = syntheticCatalog(2026)
  const ids = Array.from({ length: PLAYLISTS }, (_, k) =>
    `benchPlaylist${String(k).padStart(2, '0')}`.padEnd(22, 'x'),
  )
  const rows: Record<string, unknown[]> = Object.fromEntries(TABLE_SPECS.map((s) => [s.name, []]))
  const first = Date.UTC(2025, 0, 1)
  for (let d = 0; d < DAYS; d++) {
    const day = new Date(first + d * 86_400_000).toISOString().slice(0, 10)
    const seen = { tracks: new Set<string>(), albums: new Set<string>(), artists: new Set<string>() }
    ids.forEach((playlistId, k) => {
      const chartDay = new Date(first + (d - 3 * k) * 86_400_000).toISOString().slice(0, 10)
      const tracks = music.chartOn(chartDay)
      rows.playlists!.push({
        snapshot_date: day,
        playlist_id: playlistId,
        name: `Bench ${k}`,
        owner_id: 'bench',
        snapshot_id: `${day}-${k}`,
        followers: 1000 * k,
        total_items: tracks.length,
        public: true,
        collaborative: false,
      })
      tracks.forEach((trackId, i) => {
        const t = music.track(trackId)!
        rows.playlist_tracks!.push({
          snapshot_date: day,
          playlist_id: playlistId,
          position: i + 1,
          track_id: trackId,
          item_uri: `spotify:track:${trackId}`,
          item_name: t.name,
          added_at: `${chartDay} 00:00:00`,
          added_by: '',
          item_type: 'track',
          is_local: false,
          playlist_snapshot_id: `${day}-${k}`,
        })
        if (seen.tracks.has(trackId)) return
        seen.tracks.add(trackId)
        rows.tracks!.push({
          snapshot_date: day,
          track_id: trackId,
          name: t.name,
          duration_ms: t.durationMs,
          explicit: t.explicit,
          popularity: t.popularity,
          isrc: t.isrc,
          album_id: t.albumId,
          disc_number: t.discNumber,
          track_number: t.trackNumber,
        })
        t.artistIds.forEach((artistId, p) => {
          rows.track_artists!.push({
            snapshot_date: day,
            track_id: trackId,
            artist_id: artistId,
            artist_position: p + 1,
          })
          if (seen.artists.has(artistId)) return
          seen.artists.add(artistId)
          const a = music.artist(artistId)!
          rows.artists!.push({
            snapshot_date: day,
            artist_id: artistId,
            name: a.name,
            genres: a.genres,
            followers: a.followers,
            popularity: a.popularity,
          })
        })
        if (seen.albums.has(t.albumId)) return
        seen.albums.add(t.albumId)
        const al = music.album(t.albumId)!
        const year = Number(al.releaseDate.slice(0, 4))
        rows.albums!.push({
          snapshot_date: day,
          album_id: al.id,
          name: al.name,
          album_type: al.albumType,
          release_date: year > 0 ? `${al.releaseDate.padEnd(10, '-01').slice(0, 10)}` : null,
          release_date_precision: al.releaseDatePrecision,
          release_year: year > 0 ? year : null,
          total_tracks: al.trackIds.length,
          label: al.label,
          upc: al.upc,
          popularity: al.popularity,
        })
      })
    })
  }
  const connection = await writerConnection()
  mkdirSync(path.join(dir, 'transformed'), { recursive: true })
  // One thread writes one file per partition, as the lake's own writer does.
  await connection.run('SET threads = 1')
  for (const spec of TABLE_SPECS) {
    const list = rows[spec.name]!
    if (list.length === 0) continue
    const input = path.join(dir, `${spec.name}.ndjson`)
    writeFileSync(input, list.map((r) => JSON.stringify(r)).join('\n'))
    const columns = [
      ...spec.columns.map((c) => `${c.name}: ${sqlString(c.type)}`),
      "snapshot_date: 'VARCHAR'",
    ].join(', ')
    const target = path.join(dir, 'transformed', spec.name)
    await connection.run(
      `COPY (SELECT * FROM read_json(${sqlString(input)}, format = 'newline_delimited', columns = {${columns}})) TO ${sqlString(target)} (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (snapshot_date))`,
    )
    rmSync(input)
  }
  await connection.run('SET threads = 2')
  return ids
}

/** The same views, settings and macros on a plain DuckDB connection: the baseline without the engine layer. */
async function directDuckDb(store: FsObjectStore, catalog: LocalCatalog) {
  const { DuckDBInstance } = await import('@duckdb/node-api')
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  await connection.run("SET TimeZone = 'UTC'")
  await connection.run('SET integer_division = true')
  await connection.run('SET parquet_metadata_cache = true')
  for (const table of await lakeTables(store, catalog, 'tunelake')) {
    await connection.run(`CREATE VIEW ${quoteIdent(table.name)} AS ${viewSelect(table)}`)
  }
  for (const statement of trinoMacroStatements()) await connection.run(statement)
  return connection
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()
  return performance.now() - started
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1)
}

function line(text: string): void {
  process.stdout.write(`${text}\n`)
}
