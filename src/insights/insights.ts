import { readdir, readFile } from 'node:fs/promises'
import { type ErrorKind, TunelakeError } from '../errors.js'
import { sqlString } from '../sql-quote.js'
import { parseInsightHeader } from './insight-header.js'
import { type InsightParam, type InsightRequirement, resolveParams, SOURCE_PARAM } from './insight-params.js'

export type { InsightParam, InsightRequirement } from './insight-params.js'

/** The named insight queries shipped in `insights/` (Athena-dialect SQL with `{{param}}` slots). */
const INSIGHTS_DIR = new URL('../../insights/', import.meta.url)

export class InsightError extends TunelakeError {
  readonly kind: ErrorKind = 'terminal'
}

/** A parameter value is missing or malformed, or the insight does not exist. */
export class InsightInputError extends InsightError {
  override readonly kind: ErrorKind = 'bad-input'
}

/** No insight of that name. */
export class InsightUnknownError extends InsightInputError {}

/** The lake lacks a field the insight needs (development-mode apps no longer receive it). */
export class InsightUnavailableError extends InsightError {}

/**
 * One named insight: Athena-dialect SQL whose `{{name}}` slots take parameter values. Its header
 * comments describe it (`-- Title: what it shows`), its parameters
 * (`-- param playlist_id playlist  the playlist`, `-- param to_date date=last  last day`) and the
 * fields it cannot do without (`-- requires artists.genres  why they may be missing`).
 *
 * @example
 * const insight = await loadInsight('top_artists')
 * const { sql, params } = bindInsight(insight, { playlist_id: '37i9dQZF1E4tLk5OdAiLyT' })
 * const result = await engine.run(sql, { params })
 */
export interface Insight {
  name: string
  description: string
  /** Parameter names, in the order of their first slot. */
  params: string[]
  sql: string
  /** Kinds, defaults and help of the parameters (absent: every parameter is required text). */
  paramSpecs?: InsightParam[]
  /** Fields the insight needs; when the lake has none of them it says so instead of printing zeros. */
  requires?: InsightRequirement[]
  /**
   * The same question answered from the open-data tables (`insights/open_data/<name>.sql`, the
   * same parameters), run when the `source` parameter is or resolves to `open_data`.
   */
  openData?: { sql: string; requires: InsightRequirement[] }
}

export async function listInsights(): Promise<Insight[]> {
  const files = (await readdir(INSIGHTS_DIR)).filter((f) => f.endsWith('.sql')).sort()
  return Promise.all(files.map((f) => loadInsight(f.slice(0, -'.sql'.length))))
}

export async function loadInsight(name: string): Promise<Insight> {
  const unknown = () => new InsightUnknownError(`unknown insight ${name}; run tunelake insights to list them`)
  if (!/^[a-z0-9_]+$/.test(name)) throw unknown()
  let sql: string
  try {
    sql = await readFile(new URL(`${name}.sql`, INSIGHTS_DIR), 'utf8')
  } catch {
    throw unknown()
  }
  const params = slotNames(sql)
  const header = parseInsightHeader(name, sql, params)
  const openData = await readOpenDataVariant(name, params)
  return {
    name,
    description: header.description,
    params,
    sql,
    paramSpecs: header.params,
    requires: header.requires,
    ...(openData && { openData }),
  }
}

/** The insight's open-data variant, if it has one; its slots must be the insight's. */
async function readOpenDataVariant(name: string, params: readonly string[]): Promise<Insight['openData']> {
  let sql: string
  try {
    sql = await readFile(new URL(`open_data/${name}.sql`, INSIGHTS_DIR), 'utf8')
  } catch {
    return undefined
  }
  const header = parseInsightHeader(`open_data/${name}`, sql, params)
  return { sql, requires: header.requires }
}

/**
 * The insight's SQL with `?` placeholders and the values to bind to them, in order (a value
 * repeats where its slot does). This is what both engines run: DuckDB inlines the values,
 * Athena takes them as `ExecutionParameters`.
 */
export function bindInsight(
  insight: Insight,
  values: Readonly<Record<string, string>>,
): { sql: string; params: string[]; values: Record<string, string> } {
  const resolved = resolve(insight, values)
  const params: string[] = []
  const sql = sqlFor(insight, resolved).replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    params.push(resolved[name]!)
    return '?'
  })
  return { sql, params, values: resolved }
}

/** The insight's SQL with each `{{param}}` replaced by a quoted string literal (defaults applied). */
export function renderInsight(insight: Insight, values: Readonly<Record<string, string>>): string {
  const resolved = resolve(insight, values)
  return sqlFor(insight, resolved).replace(/\{\{(\w+)\}\}/g, (_, name: string) => sqlString(resolved[name]!))
}

/** The open-data variant's SQL when the source asked is open data, else the insight's own. */
function sqlFor(insight: Insight, values: Readonly<Record<string, string>>): string {
  return values[SOURCE_PARAM] === 'open_data' && insight.openData ? insight.openData.sql : insight.sql
}

function resolve(insight: Insight, values: Readonly<Record<string, string>>): Record<string, string> {
  const specs =
    insight.paramSpecs ?? insight.params.map((name) => ({ name, kind: 'text' as const, help: '' }))
  const result = resolveParams(specs, values)
  if (!result.ok) throw new InsightInputError(`insight ${insight.name}: ${result.problem}`)
  return result.values
}

function slotNames(sql: string): string[] {
  return [...new Set([...sql.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!))]
}
