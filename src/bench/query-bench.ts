import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { LocalCatalog } from '../catalog/catalogs/local.js'
import { crawl } from '../catalog/crawler.js'
import { syntheticCatalog } from '../emulator/index.js'
import { bindInsight, type Insight, listInsights } from '../insights/insights.js'
import { isListeningInsight } from '../insights/listening.js'
import { writerConnection } from '../lake/parquet/duckdb-session.js'
import { FsObjectStore } from '../lake/stores/fs.js'
import { dialectMacroStatements } from '../query/dialect/macros.js'
import { DuckDbEngine } from '../query/engines/duckdb.js'
import { lakeTables, viewSelect } from '../query/engines/duckdb-views.js'
import { quoteIdent, sqlString } from '../sql-quote.js'
import { TABLE_SPECS } from '../transform/table-specs.js'

const BIN = fileURLToPath(new URL('../../bin/tunelake.js', import.meta.url))
const DAYS = 365
const PLAYLISTS = 20
const RUNS = 7
const TARGETS = { insightMs: 250, overhead: 1.2, helpMs: 300 }

/**
 * The query layer's speed on a year of data: 365 daily snapshots of 20 playlists of 50 tracks
 * built from the emulator's synthetic catalog. For each playlist insight (the listening insights
 * are measured by the import section, on a listening history): the median time through the
 * engine reading the files (what `tunelake query` and `tunelake insights` get; the target), the
 * first query of a freshly opened engine (a CLI run's case, before DuckDB has read the files'
 * footers), and DuckDB running the same SQL directly on the same files with the same views,
 * settings and macros (the baseline for the engine layer's overhead); then the start-up time of
 * `tunelake --help`.
 */
export async function run(): Promise<void> {
  const lake = mkdtempSync(path.join(tmpdir(), 'tunelake-bench-query-'))
  try {
    const started = performance.now()
    const playlists = await buildYearLake(lake)
    const store = new FsObjectStore(lake)
    const catalog = new LocalCatalog(store)
    await crawl(store, catalog, 'tunelake')
    line(
      `lake: ${DAYS} days x ${PLAYLISTS} playlists x 50 tracks, built and crawled in ${seconds(started)} s`,
    )
    // Times are wall-clock: on a shared machine they grow with its load, so it is printed with them.
    line(`machine: ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)} at the start`)
    const open = { store, catalog, database: 'tunelake', maxRows: 1_000_000, timeoutMs: 600_000 }
    const opens: number[] = []
    const engine = await timedOpen(open, opens)
    const direct = await directDuckDb(store, catalog)
    const results: { name: string; engine: number; direct: number }[] = []
    line(
      'insight                 engine on files (target)       1st query, new engine   DuckDB on files   engine / DuckDB',
    )
    // The bench lake is Spotify's alone: insights over the open-data tables (spotify_vs_open_data)
    // and over listening have benches of their own (enrich, import).
    const chartInsights = (await listInsights()).filter(
      (i) => !isListeningInsight(i.name) && !i.requires?.some((r) => r.openData),
    )
    for (const insight of chartInsights) {
      const bound = bindInsight(insight, values(insight, playlists))
      // The baseline runs the SQL the engine hands DuckDB: the dialect's translation, once.
      const { local } = await engine.prepareLocal(bound.sql, bound.params)
      const fresh = await timedOpen(open, opens)
      const first = await timed(() => fresh.run(bound.sql, { params: bound.params }))
      await fresh.close()
      const times = { engine: [] as number[], direct: [] as number[] }
      // Interleaved, so that load from elsewhere on the machine falls on both alike.
      for (let i = 0; i <= RUNS; i++) {
        const e = await timed(() => engine.run(bound.sql, { params: bound.params }))
        const d = await timed(async () => (await direct.runAndReadAll(local)).getRowObjectsJson())
        if (i === 0) continue
        times.engine.push(e)
        times.direct.push(d)
      }
      const result = { name: insight.name, engine: median(times.engine), direct: median(times.direct) }
      results.push(result)
      const mark = result.engine < TARGETS.insightMs ? 'ok  ' : 'OVER'
      line(
        `${insight.name.padEnd(22)} ${ms(result.engine)} ${mark} (ratio ${(result.engine / TARGETS.insightMs).toFixed(2)})   ${ms(first)}              ${ms(result.direct)}        ${(result.engine / result.direct).toFixed(2)}x`,
      )
    }
    await engine.close()
    direct.closeSync()
    summarize(results, median(opens))
    line(`machine load average ${loadavg()[0]!.toFixed(1)} at the end`)
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

/** The verdicts: insights under the target, and the engine's overhead as the geometric mean of the per-insight ratios (one slow query cannot hide the others) with the worst. */
function summarize(results: { name: string; engine: number; direct: number }[], openMs: number): void {
  const over = results.filter((r) => r.engine >= TARGETS.insightMs)
  line(
    `insights under ${TARGETS.insightMs} ms on files: ${results.length - over.length} of ${results.length}; median of the medians ${median(results.map((r) => r.engine)).toFixed(0)} ms`,
  )
  if (over.length > 0) {
    const floor = over.map((r) => `${r.name} ${r.direct.toFixed(0)} ms`).join(', ')
    line(
      `  NOT MET for ${over.map((r) => r.name).join(', ')}: each reads 365 one-day files per table it joins, and DuckDB alone on the same files takes ${floor}`,
    )
  }
  const ratios = results.map((r) => r.engine / r.direct)
  const geomean = Math.exp(ratios.reduce((sum, r) => sum + Math.log(r), 0) / ratios.length)
  const worst = results.reduce((a, b) => (a.engine / a.direct >= b.engine / b.direct ? a : b))
  const verdict = geomean <= TARGETS.overhead ? 'met' : 'NOT MET'
  line(
    `engine overhead (engine / DuckDB on the same files), geometric mean of the ${ratios.length} insights: ${geomean.toFixed(2)}x (target <= ${TARGETS.overhead}x, ratio ${(geomean / TARGETS.overhead).toFixed(2)}, ${verdict}); worst ${worst.name} ${(worst.engine / worst.direct).toFixed(2)}x`,
  )
  line(`engine open (lists the lake, creates the views; once per CLI run): ${openMs.toFixed(0)} ms`)
}

async function timedOpen(
  options: Parameters<typeof DuckDbEngine.open>[0],
  opens: number[],
): Promise<DuckDbEngine> {
  const started = performance.now()
  const engine = await DuckDbEngine.open(options)
  opens.push(performance.now() - started)
  return engine
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

/**
 * The same views, settings and macros on one plain DuckDB connection: the baseline without the
 * engine layer (no guard, no lock-down, no fresh connection per query, no row conversion).
 */
async function directDuckDb(store: FsObjectStore, catalog: LocalCatalog) {
  const { DuckDBInstance } = await import('@duckdb/node-api')
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  await connection.run("SET GLOBAL TimeZone = 'UTC'")
  await connection.run('SET GLOBAL parquet_metadata_cache = true')
  for (const table of await lakeTables(store, catalog, 'tunelake')) {
    await connection.run(`CREATE VIEW ${quoteIdent(table.name)} AS ${viewSelect(table)}`)
  }
  for (const statement of dialectMacroStatements()) await connection.run(statement)
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
