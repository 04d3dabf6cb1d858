import type { QueryEngine, QueryResult, RunOptions } from '../query/query-engine.js'
import { type InsightRequirement, OPEN_RANGE, SOURCE_PARAM } from './insight-params.js'
import { bindInsight, type Insight, InsightUnavailableError } from './insights.js'

export interface InsightRun {
  insight: Insight
  /** The parameter values used, defaults applied (`source` as it resolved). */
  values: Record<string, string>
  result: QueryResult
}

/**
 * Runs a named insight on any engine: binds its parameters, then, when it needs fields the
 * Spotify API may not have returned (development mode drops genres, popularity, followers),
 * first checks that the lake holds some for the dates asked, and says so if it does not. An
 * insight with an open-data variant answers from the open-data tables where the lake has no
 * Spotify value (`source` `auto`), or as the `source` parameter says.
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
  const bound = await prepareInsight(engine, insight, values, options)
  const result = await engine.run(bound.sql, { ...options, params: bound.params })
  return { insight, values: bound.values, result }
}

/**
 * The insight bound for this lake: its `source` resolved (`auto`: Spotify's field where the lake
 * holds one for the dates asked, else the open-data tables) and what that source needs checked;
 * InsightUnavailableError says what the lake lacks.
 */
export async function prepareInsight(
  engine: QueryEngine,
  insight: Insight,
  values: Readonly<Record<string, string>>,
  options: Omit<RunOptions, 'params'> = {},
): Promise<ReturnType<typeof bindInsight>> {
  const first = bindInsight(insight, values)
  const asked = first.values[SOURCE_PARAM]
  if (!insight.openData || asked === undefined) {
    await assertAll(engine, insight.name, insight.requires ?? [], first.values, options)
    return first
  }
  const spotifyMissing =
    asked === 'open_data' ? undefined : await missing(engine, insight.requires ?? [], first.values, options)
  if (asked === 'spotify' || (asked === 'auto' && spotifyMissing === undefined)) {
    if (spotifyMissing) throw unavailable(insight.name, spotifyMissing)
    return bindInsight(insight, { ...values, [SOURCE_PARAM]: 'spotify' })
  }
  const openMissing = await missing(engine, insight.openData.requires, first.values, options)
  if (openMissing) {
    const spotify = spotifyMissing
      ? `${unavailable(insight.name, spotifyMissing).message}; and `
      : `${insight.name} `
    throw new InsightUnavailableError(
      `${spotify}needs ${openMissing.table}.${openMissing.column} of open data, which the lake lacks: ${openMissing.reason}`,
    )
  }
  return bindInsight(insight, { ...values, [SOURCE_PARAM]: 'open_data' })
}

/** Throws InsightUnavailableError for the first requirement the lake holds no value of. */
async function assertAll(
  engine: QueryEngine,
  name: string,
  requires: readonly InsightRequirement[],
  values: Readonly<Record<string, string>>,
  options: Omit<RunOptions, 'params'>,
): Promise<void> {
  const lacking = await missing(engine, requires, values, options)
  if (lacking) throw unavailable(name, lacking)
}

function unavailable(name: string, need: InsightRequirement): InsightUnavailableError {
  return new InsightUnavailableError(
    `${name} needs ${need.table}.${need.column}, and the lake has none for these dates: ${need.reason}`,
  )
}

/**
 * The first requirement the lake lacks: a Spotify table holding rows for the dates asked but no
 * value of the field, or an open-data table that is missing or holds no value.
 */
async function missing(
  engine: QueryEngine,
  requires: readonly InsightRequirement[],
  values: Readonly<Record<string, string>>,
  options: Omit<RunOptions, 'params'>,
): Promise<InsightRequirement | undefined> {
  const from = values.from_date ?? OPEN_RANGE.first
  const to = values.to_date ?? values.snapshot_date ?? OPEN_RANGE.last
  for (const need of requires) {
    if (need.openData) {
      try {
        const check = await engine.run(
          `SELECT count("${need.column}") AS present FROM "${need.table}"`,
          options,
        )
        if (Number(check.rows[0]?.present) === 0) return need
      } catch {
        return need // no such table: the lake was never enriched
      }
      continue
    }
    const check = await engine.run(
      `SELECT count(*) AS row_count, count("${need.column}") AS present FROM "${need.table}" WHERE snapshot_date BETWEEN ? AND ?`,
      { ...options, params: [from, to] },
    )
    const row = check.rows[0] ?? {}
    if (Number(row.row_count) > 0 && Number(row.present) === 0) return need
  }
  return undefined
}
