import { type Insight, InsightInputError, listInsights, loadInsight } from '../insights/insights.js'
import { runInsight } from '../insights/run-insight.js'
import type { QueryColumn, QueryValue } from '../query/query-engine.js'
import type { InsightInfo, InsightResult } from './api-types.js'
import { BUILTIN_INSIGHTS } from './builtin-insights.js'
import type { DashboardContext } from './dashboard-context.js'
import {
  type DashboardFilters,
  datesInRange,
  filterMap,
  type ParamShape,
  paramValues,
  takesRange,
} from './insight-params.js'
import { snapshotDates } from './lake-overview.js'

/** A per-day series runs the insight at most this many times (the newest days). */
export const MAX_SERIES_DAYS = 60

/** The column a per-day series puts first: the day each run was for. */
export const SERIES_DAY_COLUMN = 'day'

/** The named insights, then the dashboard's own queries whose names no insight file takes. */
export async function chartInsights(): Promise<InsightInfo[]> {
  const named = await listInsights()
  const names = new Set(named.map((i) => i.name))
  return [...named, ...BUILTIN_INSIGHTS.filter((b) => !names.has(b.name))].map((i) => ({
    name: i.name,
    description: i.description,
    params: i.params,
    range: takesRange(shapes(i)),
    requires: (i.requires ?? []).map((r) => `${r.table}.${r.column}`),
  }))
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

function shapes(insight: Insight): ParamShape[] {
  return insight.paramSpecs ?? insight.params.map((name) => ({ name }))
}

export interface InsightRequest {
  name: string
  filters: DashboardFilters
  /** Values for parameters by their own name, over the filters. */
  explicit?: Record<string, string>
  /** Run a one-day insight once per snapshot date of the range (a series over time). */
  perDay?: boolean
}

/**
 * Runs one insight as `tunelake insights` does (`runInsight`: defaults, checks, and a plain
 * refusal when the lake lacks a field it needs), with the filters mapped onto its parameters.
 */
export async function runInsightFor(
  context: DashboardContext,
  request: InsightRequest,
): Promise<InsightResult> {
  const started = performance.now()
  const insight = await resolveInsight(request.name)
  const params = shapes(insight)
  const map = filterMap(params)
  const dayParam = params.find((p) => map.get(p.name) === 'to')?.name
  const perDay = request.perDay === true && !takesRange(params) && dayParam !== undefined
  const filterSets = perDay
    ? datesInRange(await snapshotDates(context), request.filters.from, request.filters.to)
        .slice(-MAX_SERIES_DAYS)
        .map((day) => ({ ...request.filters, to: day }))
    : [request.filters]
  const asked: Record<string, string>[] = []
  for (const filters of filterSets) {
    const values = paramValues(params, filters, request.explicit)
    if (!values.ok) {
      throw new InsightInputError(
        `insight ${insight.name} needs ${values.missing.join(', ')}; choose a playlist and dates in the filters`,
      )
    }
    asked.push(values.values)
  }
  let columns: QueryColumn[] = []
  const rows: Record<string, QueryValue>[] = []
  const runs: Record<string, string>[] = []
  let truncated = false
  await context.engine.charts(async (engine) => {
    for (const values of asked) {
      const run = await runInsight(engine, insight, values)
      runs.push(run.values)
      columns = run.result.columns
      truncated ||= run.result.truncated
      for (const row of run.result.rows)
        rows.push(perDay ? { [SERIES_DAY_COLUMN]: values[dayParam!]!, ...row } : row)
    }
  })
  if (perDay) columns = [{ name: SERIES_DAY_COLUMN, type: 'varchar' }, ...columns]
  return {
    name: insight.name,
    description: insight.description,
    columns,
    rows,
    truncated,
    runs,
    filters: request.filters,
    per_day: perDay,
    elapsed_ms: Math.round(performance.now() - started),
  }
}
