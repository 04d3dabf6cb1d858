import path from 'node:path'
import { InsightUnavailableError, loadInsight } from '../insights/insights.js'
import { runInsight } from '../insights/run-insight.js'
import { cliProgress } from '../observability/cli.js'
import { DEMO_EXPORT_DAYS } from '../pipeline/demo-export.js'
import { runDemo } from '../pipeline/run-demo.js'
import { DuckDbEngine } from '../query/engines/duckdb.js'
import type { QueryEngine } from '../query/query-engine.js'
import type { ApiMode } from '../spotify/api-mode.js'
import { DEFAULT_DASHBOARD_PORT } from './commands/serve.js'
import { daysEnding, todayUtc } from './dates.js'
import { formatResult } from './format-result.js'
import { DEFAULT_DATABASE, DEFAULT_LAKE, openLake } from './lake.js'

/** `tunelake demo`: run the demo, then print what landed and three insights. */
export async function runDemoCommand(options: { lake: string; days: number; mode: ApiMode }): Promise<void> {
  const started = performance.now()
  const out = process.stdout
  const { store, catalog } = await openLake('create', options.lake)
  const days = daysEnding(todayUtc(), options.days)
  out.write(
    `tunelake demo: ${options.days} simulated day(s) ${days[0]} .. ${days.at(-1)}, ${options.mode} mode\n`,
  )
  const progress = cliProgress()
  const demo = await runDemo({
    store,
    catalog,
    database: DEFAULT_DATABASE,
    mode: options.mode,
    days,
    onProgress: progress.onProgress,
    onDay: (run) => {
      progress.finish() // ends the live line before the day's summary
      out.write(
        `  ${run.snapshot_date}: ${run.extract.requests} requests, ${run.extract.raw_objects} raw objects, ${run.outcome}\n`,
      )
    },
  }).finally(() => progress.finish())
  const imported = demo.export
  out.write(
    `  imported before the last day's run: a synthetic Spotify export (the ${DEMO_EXPORT_DAYS} days before ${days.at(-1)}), ${imported.streams} streams, ${imported.comparison.fresh} new\n`,
  )
  for (const note of demo.notes) out.write(`  note: ${note}\n`)
  const failed = demo.runs.filter((r) => r.outcome !== 'succeeded')
  for (const run of failed)
    for (const error of run.errors) out.write(`  error ${run.snapshot_date}: ${error}\n`)

  const engine = await DuckDbEngine.open({ store, catalog, database: DEFAULT_DATABASE })
  try {
    out.write('\nTables (rows, partitions):\n')
    for (const name of await catalog.listTables(DEFAULT_DATABASE)) {
      const table = await catalog.getTable(DEFAULT_DATABASE, name)
      const { rows } = await engine.run(`SELECT count(*) AS n FROM "${name}"`)
      out.write(
        `  ${name.padEnd(16)} ${String(rows[0]?.n ?? 0).padStart(8)} rows  ${table?.partitions.length ?? 0} partitions\n`,
      )
    }
    const latest = days.at(-1)!
    const playlist_id = demo.chartPlaylistId
    const day = { playlist_id, from_date: latest, to_date: latest }
    await printInsight(engine, 'top_artists', `Top artists of the latest chart (${latest})`, day)
    await printInsight(engine, 'chart_movers', 'Biggest climbers since the previous day', {
      playlist_id,
      snapshot_date: latest,
    })
    await printInsight(engine, 'genre_share', 'Genre share of the latest chart', day)
    await printInsight(
      engine,
      'listening_top_artists',
      'Your top artists by minutes (API plays and export)',
      {},
    )
    out.write(
      `\nMore: npx tunelake insights --lake ${shellWord(options.lake)}   (lists the ${(await listed()).length} named insights)\n`,
    )
  } finally {
    await engine.close()
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  out.write(
    `\nSYNTHETIC DATA: everything above comes from tunelake's built-in Spotify emulator (${options.mode} mode), not from Spotify.\n`,
  )
  out.write(`Lake: ${store.location}   (took ${seconds} s)\n`)
  out.write(`Try: npx tunelake query --lake ${shellWord(options.lake)} "SELECT * FROM playlists"\n`)
  out.write(`${dashboardLine(options.lake)}\n`)
  if (failed.length > 0) process.exitCode = 1
}

/** The command that opens the dashboard on the demo lake, short when the lake is the default. */
function dashboardLine(lake: string): string {
  const command =
    path.resolve(lake) === path.resolve(DEFAULT_LAKE)
      ? 'npx tunelake serve'
      : `npx tunelake serve --lake ${shellWord(lake)}`
  return `Dashboard: ${command}   (then open http://127.0.0.1:${DEFAULT_DASHBOARD_PORT})`
}

/** A word the shell takes as it is: quoted when it holds anything but plain path characters. */
function shellWord(text: string): string {
  return /^[\w./:@%+=-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`
}

/** Prints an insight's first ten rows, or why it is not available (a field the API mode drops). */
async function printInsight(
  engine: QueryEngine,
  name: string,
  title: string,
  values: Record<string, string>,
): Promise<void> {
  const insight = await loadInsight(name)
  try {
    const { result } = await runInsight(engine, insight, values)
    const shown = { ...result, rows: result.rows.slice(0, 10) }
    process.stdout.write(`\n${title}:\n${formatResult(shown, 'table')}`)
  } catch (error) {
    if (!(error instanceof InsightUnavailableError)) throw error
    process.stdout.write(`\n${insight.description.split(':')[0]}: not available. ${error.message}\n`)
  }
}

async function listed(): Promise<string[]> {
  const { listInsights } = await import('../insights/insights.js')
  return (await listInsights()).map((i) => i.name)
}
