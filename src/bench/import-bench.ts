import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../bin/tunelake.js', import.meta.url))
const SELF = fileURLToPath(import.meta.url)
/** Ten years of a heavy listener (about 300 streams a day): over a million streams. */
const FROM = '2016-12-01'
const TO = '2026-11-30'
/** The tenth: the last of the ten years. */
const TENTH_FROM = '2025-12-01'
const TARGETS = { insightMs: 250, rssRatio: 1.3 }
const RUNS = 5

interface ChildFigures {
  seconds: number
  rssMb: number
  /** The CLI's own split: reading and landing, then the transform (and crawl). */
  transformSeconds?: number
  streams: number
}

/**
 * `npm run bench -- import`: a synthetic ten-year Spotify Extended streaming history (the
 * emulator's export writer, heavy listener, seeded) imported into a fresh lake and transformed by
 * `tunelake import spotify-export` in a child process: time, streams per second, peak RSS; the
 * same for the last tenth of the history, for the RSS ratio (flat memory stays near 1); DuckDB
 * doing the plain job on the same files (one `read_json` scan to the same `plays` Parquet) for
 * the ratio; then each listening insight on the imported lake through the engine `tunelake
 * insights` uses (median of five runs, target under 250 ms).
 */
export async function run(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'tunelake-bench-import-'))
  try {
    const { writeSyntheticExport } = await import('../emulator/export/synthetic-export.js')
    const { HEAVY_LISTENER } = await import('../emulator/listening/listener-profile.js')
    const started = performance.now()
    const full = path.join(root, 'export')
    const summary = await writeSyntheticExport(full, { from: FROM, to: TO, profile: HEAVY_LISTENER })
    const generated = (performance.now() - started) / 1000
    const tenth = path.join(root, 'export-tenth')
    await writeSyntheticExport(tenth, { from: TENTH_FROM, to: TO, profile: HEAVY_LISTENER })
    const mb = folderBytes(full) / 1e6
    line(
      `export: ${summary.streams} streams, ${FROM} .. ${TO}, ${summary.files.length} files (${summary.files.at(0)?.name.split('/').pop()} .. ${summary.files.at(-1)?.name.split('/').pop()}), ${mb.toFixed(0)} MB of JSON, generated in ${generated.toFixed(1)} s`,
    )
    line(`machine: ${availableParallelism()} cores, load average ${loads()} at the start`)
    const lake = path.join(root, 'lake')
    const small = importChild(tenth, path.join(root, 'lake-tenth'))
    const big = importChild(full, lake)
    const reference = referenceChild(full, path.join(root, 'reference'))
    const figures = (name: string, f: ChildFigures) =>
      `${name}: ${f.streams} streams in ${f.seconds.toFixed(1)} s${f.transformSeconds === undefined ? '' : ` (read and land ${(f.seconds - f.transformSeconds).toFixed(1)} s, transform and crawl ${f.transformSeconds.toFixed(1)} s)`}, ${Math.round(f.streams / f.seconds)} streams/s, peak RSS ${f.rssMb.toFixed(0)} MB`
    line(figures('import + transform, ten years', big))
    line(figures('import + transform, last year (a tenth)', small))
    const ratio = big.rssMb / small.rssMb
    line(
      `peak RSS ten years / a tenth: ${ratio.toFixed(2)} (flat: at most ${TARGETS.rssRatio}) ${ratio <= TARGETS.rssRatio ? 'ok' : 'NOT FLAT'}`,
    )
    line(figures('duckdb plain job (read_json, one scan, plays Parquet)', reference))
    line(
      `ratio tunelake/reference: time ${(big.seconds / reference.seconds).toFixed(1)}x, peak RSS ${(big.rssMb / reference.rssMb).toFixed(1)}x; plays rows ${big.streams === reference.streams ? 'equal' : `DIFFER (${big.streams} vs ${reference.streams})`}`,
    )
    await insightLines(lake)
    line(`machine load average ${loads()} at the end`)
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

/** `tunelake import spotify-export` into a fresh lake, under /usr/bin/time for the peak RSS. */
function importChild(exportDir: string, lake: string): ChildFigures {
  const started = performance.now()
  const result = spawnSync(
    '/usr/bin/time',
    ['-f', '%M', process.execPath, BIN, 'import', 'spotify-export', exportDir, '--lake', lake],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  )
  const seconds = (performance.now() - started) / 1000
  if (result.status !== 0) throw new Error(`bench import failed: ${result.stdout}\n${result.stderr}`)
  const took = /took: [\d.]+ s \(transform ([\d.]+) s, crawl ([\d.]+) s\)/.exec(result.stdout)
  const rows = /rows: .*plays (\d+)/.exec(result.stdout)
  return {
    seconds,
    rssMb: Number(result.stderr.trim().split('\n').at(-1)) / 1024,
    ...(took && { transformSeconds: Number(took[1]) + Number(took[2]) }),
    streams: Number(rows?.[1] ?? 0),
  }
}

function referenceChild(exportDir: string, out: string): ChildFigures {
  const started = performance.now()
  const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, SELF, '--child', exportDir, out], {
    encoding: 'utf8',
  })
  const seconds = (performance.now() - started) / 1000
  if (result.status !== 0) throw new Error(`bench reference failed: ${result.stderr}`)
  return {
    seconds,
    rssMb: Number(result.stderr.trim().split('\n').at(-1)) / 1024,
    streams: Number(result.stdout.trim()),
  }
}

/** Each listening insight on the lake, through the engine `tunelake insights` opens. */
async function insightLines(lakeDir: string): Promise<void> {
  const { FsObjectStore } = await import('../lake/stores/fs.js')
  const { LocalCatalog } = await import('../catalog/catalogs/local.js')
  const { crawl } = await import('../catalog/crawler.js')
  const { DuckDbEngine } = await import('../query/engines/duckdb.js')
  const { bindInsight, listInsights } = await import('../insights/insights.js')
  const { isListeningInsight } = await import('../insights/listening.js')
  const { HEAVY_LISTENER } = await import('../emulator/listening/listener-profile.js')
  const { writeListeningLibrary } = await import('./listening-library.js')
  const store = new FsObjectStore(lakeDir)
  const catalog = new LocalCatalog(store)
  await writeListeningLibrary(store, TO, HEAVY_LISTENER)
  await crawl(store, catalog, 'tunelake')
  const plays = readdirSync(path.join(lakeDir, 'transformed', 'plays')).length
  line(
    `listening insights on the ten-year lake (plays: ${plays} played_month partitions), median of ${RUNS} runs after one, load average ${loads()}:`,
  )
  const engine = await DuckDbEngine.open({ store, catalog, database: 'tunelake', maxRows: 1_000_000 })
  const times: { name: string; ms: number }[] = []
  try {
    for (const insight of (await listInsights()).filter((i) => isListeningInsight(i.name))) {
      const bound = bindInsight(insight, {})
      const runs: number[] = []
      let rows = 0
      for (let i = 0; i <= RUNS; i++) {
        const begun = performance.now()
        rows = (await engine.run(bound.sql, { params: bound.params })).rows.length
        if (i > 0) runs.push(performance.now() - begun)
      }
      const ms = runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)]!
      times.push({ name: insight.name, ms })
      const verdict = ms < TARGETS.insightMs ? 'ok  ' : 'OVER'
      line(
        `  ${insight.name.padEnd(30)} ${ms.toFixed(0).padStart(6)} ms ${verdict} (ratio ${(ms / TARGETS.insightMs).toFixed(2)}), ${rows} rows`,
      )
    }
  } finally {
    await engine.close()
  }
  const over = times.filter((t) => t.ms >= TARGETS.insightMs)
  line(
    `listening insights under ${TARGETS.insightMs} ms: ${times.length - over.length} of ${times.length}${over.length > 0 ? `; over: ${over.map((t) => t.name).join(', ')}` : ''}`,
  )
}

function folderBytes(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).reduce((sum, name) => {
    const stat = statSync(path.join(dir, name))
    return stat.isFile() ? sum + stat.size : sum
  }, 0)
}

function loads(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')
}

function line(text: string): void {
  process.stdout.write(`${text}\n`)
}

if (process.argv[1] === SELF && process.argv[2] === '--child') {
  const { referenceImport } = await import('./import-reference.js')
  process.stdout.write(`${await referenceImport(process.argv[3]!, process.argv[4]!)}\n`)
}
