import { type Insight, InsightError, listInsights, loadInsight, renderInsight } from '../insights/insights.js'
import type { QueryColumn, QueryValue } from '../query/query-engine.js'
import type { InsightInfo, InsightResult } from './api-types.js'
import { BUILTIN_INSIGHTS } from './builtin-insights.js'
import type { DashboardContext } from './dashboard-context.js'
import { type DashboardFilters, datesInRange, filterMap, paramValues, takesRange } from './insight-params.js'
import { snapshotDates } from './lake-overview.js'

/** A per-day series runs the insight at most this many times (the newest days). */
export const MAX_SERIES_DAYS = 60

/** Bad insight parameters from the page: a 400. */
export class InsightParamsError extends InsightError {}

/** The named insights, then the dashboard's own queries whose names no insight file takes. */
export async function chartInsights(): Promise<InsightInfo[]> {
  const named = await listInsights()
  const names = new Set(named.map((i) => i.name))
  return [...named, ...BUILTIN_INSIGHTS.filter((b) => !names.has(b.name))].map(
    ({ name, description, params }) => ({ name, description, params }),
  )
}

async function resolveInsight(name: string): Promise<Insight> {
  try {
    return await loadInsight(name)
  } catch (error) {
    const builtin = BUILTIN_INSIGHTS.find((b) => b.name === name)
    if (builtin) return builtin
    throw error
  }
}

export interface InsightRequest {
  name: string
  filters: DashboardFilters
  /** Values for parameters by their own name, over the filters. */
  explicit?: Record<string, string>
  /** Run a single-day insight once per snapshot date of the range (a series over time). */
  perDay?: boolean
}

/** Runs one insight with the filters mapped onto its parameters. */
export async function runInsightFor(
  context: DashboardContext,
  request: InsightRequest,
): Promise<InsightResult> {
  const started = performance.now()
  const insight = await resolveInsight(request.name)
  const map = filterMap(insight.params)
  const dayParams = insight.params.filter((p) => map.get(p) === 'to')
  const perDay = request.perDay === true && !takesRange(insight.params) && dayParams.length > 0
  const filterSets = perDay
    ? datesInRange(await snapshotDates(context), request.filters.from, request.filters.to)
        .slice(-MAX_SERIES_DAYS)
        .map((day) => ({ ...request.filters, to: day }))
    : [request.filters]
  const runs: Record<string, string>[] = []
  for (const filters of filterSets) {
    const values = paramValues(insight.params, filters, request.explicit)
    if (!values.ok) {
      throw new InsightParamsError(
        `insight ${insight.name} needs ${values.missing.join(', ')}; choose a playlist and dates in the filters`,
      )
    }
    runs.push(values.values)
  }
  let columns: QueryColumn[] = []
  const rows: Record<string, QueryValue>[] = []
  let truncated = false
  await context.engine.use(async (engine) => {
    for (const values of runs) {
      const result = await engine.run(renderInsight(insight, values))
      columns = result.columns
      truncated ||= result.truncated
      const day = perDay ? values[dayParams[0]!]! : undefined
      for (const row of result.rows) rows.push(day !== undefined ? { snapshot_date: day, ...row } : row)
    }
  })
  if (perDay && !columns.some((c) => c.name === 'snapshot_date')) {
    columns = [{ name: 'snapshot_date', type: 'VARCHAR' }, ...columns]
  }
  return {
    name: insight.name,
    description: insight.description,
    columns,
    rows,
    truncated,
    runs,
    per_day: perDay,
    elapsed_ms: Math.round(performance.now() - started),
  }
}
