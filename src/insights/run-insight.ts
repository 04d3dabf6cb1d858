import type { QueryEngine, QueryResult, RunOptions } from '../query/query-engine.js'
import { OPEN_RANGE } from './insight-params.js'
import { bindInsight, type Insight, InsightUnavailableError } from './insights.js'

export interface InsightRun {
  insight: Insight
  /** The parameter values used, defaults applied. */
  values: Record<string, string>
  result: QueryResult
}

/**
 * Runs a named insight on any engine: binds its parameters, then, when it needs fields the
 * Spotify API may not have returned (development mode drops genres, popularity, followers),
 * first checks that the lake holds some for the dates asked, and says so if it does not.
 *
 * @example
 * const { result } = await runInsight(engine, await loadInsight('genre_share'), { playlist_id })
 */
export async function runInsight(
  engine: QueryEngine,
  insight: Insight,
  values: Readonly<Record<string, string>>,
  options: Omit<RunOptions, 'params'> = {},
): Promise<InsightRun> {
  const bound = bindInsight(insight, values)
  await assertInsightAvailable(engine, insight, bound.values, options)
  const result = await engine.run(bound.sql, { ...options, params: bound.params })
  return { insight, values: bound.values, result }
}

/**
 * Throws InsightUnavailableError when the insight needs a field the lake holds no value of for
 * the dates asked (while it does hold rows for them); `values` are the resolved parameters.
 */
export async function assertInsightAvailable(
  engine: QueryEngine,
  insight: Insight,
  values: Readonly<Record<string, string>>,
  options: Omit<RunOptions, 'params'> = {},
): Promise<void> {
  const from = values.from_date ?? OPEN_RANGE.first
  const to = values.to_date ?? values.snapshot_date ?? OPEN_RANGE.last
  for (const need of insight.requires ?? []) {
    const check = await engine.run(
      `SELECT count(*) AS row_count, count("${need.column}") AS present FROM "${need.table}" WHERE snapshot_date BETWEEN ? AND ?`,
      { ...options, params: [from, to] },
    )
    const row = check.rows[0] ?? {}
    if (Number(row.row_count) > 0 && Number(row.present) === 0) {
      throw new InsightUnavailableError(
        `${insight.name} needs ${need.table}.${need.column}, and the lake has none for these dates: ${need.reason}`,
      )
    }
  }
}
