import { oneLine } from '../errors.js'
import { QUARANTINE_PREFIX } from '../lake/layout.js'
import { getText, listAll } from '../lake/object-store.js'
import { quoteIdent, sqlString } from '../sql-quote.js'
import type { Capability, Overview, RunSummary, TableCount } from './api-types.js'
import type { DashboardContext } from './dashboard-context.js'

const RECENT_RUNS = 15
const QUARANTINE_ITEMS = 20

/** The overview: freshness, recent runs, rows per table, quarantine, data source and API mode. */
export async function lakeOverview(context: DashboardContext): Promise<Overview> {
  const { store, database } = context
  const problems: string[] = []
  const [runs, tables, quarantine] = await Promise.all([
    context.runs.list(),
    tableCounts(context, problems),
    quarantined(context),
  ])
  const latest = (await snapshotDates(context)).at(-1) ?? null
  return {
    lake: store.location,
    database,
    generated_at: new Date().toISOString(),
    latest_snapshot: latest,
    last_run: runs[0] ?? null,
    last_success_at: runs.find((r) => r.outcome === 'succeeded')?.ended_at ?? null,
    data_source: dataSource(runs),
    api_modes: [...new Set(runs.map((r) => r.api_mode).filter((m): m is string => m !== null))].sort(),
    capabilities: await capabilities(context, tables),
    run_count: runs.length,
    runs: runs.slice(0, RECENT_RUNS),
    tables,
    quarantine,
    problems,
  }
}

function dataSource(runs: RunSummary[]): Overview['data_source'] {
  const known = runs.filter((r) => r.synthetic !== null)
  if (known.length === 0) return 'unknown'
  if (known.every((r) => r.synthetic)) return 'synthetic'
  return known.some((r) => r.synthetic) ? 'mixed' : 'spotify'
}

/** Rows of every catalog table, in one query; the catalog's partition counts. */
export async function tableCounts(context: DashboardContext, problems: string[] = []): Promise<TableCount[]> {
  const { catalog, database } = context
  const names = (await catalog.listTables(database)).sort()
  if (names.length === 0) return []
  const partitions = new Map<string, number>()
  for (const name of names)
    partitions.set(name, (await catalog.getTable(database, name))?.partitions.length ?? 0)
  const sql = names
    .map((name) => `SELECT ${sqlString(name)} AS name, count(*) AS n FROM ${quoteIdent(name)}`)
    .join(' UNION ALL ')
  const rows = await context.engine
    .memo(`counts:${sql}`, (engine) => engine.run(sql))
    .then((r) => r.rows)
    .catch((error: unknown) => {
      problems.push(`row counts unavailable: ${oneLine(error)}`)
      return []
    })
  const counts = new Map(rows.map((r) => [String(r.name), Number(r.n)]))
  return names.map((name) => ({
    name,
    rows: counts.get(name) ?? null,
    partitions: partitions.get(name) ?? 0,
  }))
}

/** The snapshot dates the lake's playlist_tracks table holds, oldest first (from the catalog). */
export async function snapshotDates(context: DashboardContext): Promise<string[]> {
  const table = await context.catalog.getTable(context.database, 'playlist_tracks')
  const dates = (table?.partitions ?? []).map((p) => p.Values[0]).filter((d): d is string => d !== undefined)
  return [...new Set(dates)].sort()
}

const CAPABILITY_SQL: Record<Capability, string> = {
  genres: 'SELECT count(genres) AS n FROM artists',
  popularity: 'SELECT count(popularity) AS n FROM tracks',
  followers: 'SELECT count(followers) AS n FROM playlists',
}

/** Which mode-dependent fields the lake holds any value of (development mode: none of them). */
async function capabilities(
  context: DashboardContext,
  tables: TableCount[],
): Promise<Record<Capability, boolean>> {
  const out = { genres: false, popularity: false, followers: false }
  const present = new Set(tables.map((t) => t.name))
  for (const capability of Object.keys(CAPABILITY_SQL) as Capability[]) {
    const table = /FROM (\w+)$/.exec(CAPABILITY_SQL[capability])![1]!
    if (!present.has(table)) continue
    const rows = await context.engine
      .memo(`capability:${capability}`, (engine) => engine.run(CAPABILITY_SQL[capability]))
      .then((r) => r.rows)
      .catch(() => [])
    out[capability] = Number(rows[0]?.n ?? 0) > 0
  }
  return out
}

async function quarantined(context: DashboardContext): Promise<Overview['quarantine']> {
  const objects = await listAll(context.store, QUARANTINE_PREFIX)
  const reasons = new Set(objects.filter((o) => o.key.endsWith('.reason.json')).map((o) => o.key))
  const copies = objects.filter((o) => !o.key.endsWith('.reason.json'))
  const items = await Promise.all(
    copies.slice(0, QUARANTINE_ITEMS).map(async (o) => {
      const reasonKey = `${o.key}.reason.json`
      let reason = 'no reason recorded'
      if (reasons.has(reasonKey)) {
        try {
          const doc = JSON.parse(await getText(context.store, reasonKey)) as { reason?: unknown }
          if (typeof doc.reason === 'string') reason = doc.reason
        } catch {
          reason = 'the reason file is unreadable'
        }
      }
      return { key: o.key.slice(QUARANTINE_PREFIX.length), reason }
    }),
  )
  return { count: copies.length, items }
}
