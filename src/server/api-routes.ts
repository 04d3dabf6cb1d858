import type { IncomingMessage } from 'node:http'
import { verdictOf } from '../errors.js'
import { InsightInputError, InsightUnavailableError, InsightUnknownError } from '../insights/insights.js'
import {
  QueryCancelledError,
  QueryLimitError,
  QueryRefusedError,
  QuerySqlError,
  QueryTimeoutError,
} from '../query/errors.js'
import type { SqlResult } from './api-types.js'
import type { DashboardContext } from './dashboard-context.js'
import { defaultFilters } from './default-filters.js'
import { ServerBusyError } from './errors.js'
import { filterOptions } from './filter-options.js'
import { HttpError, readJsonBody } from './http-io.js'
import type { DashboardFilters } from './insight-params.js'
import { chartInsights, runInsightFor } from './insight-service.js'
import { lakeOverview } from './lake-overview.js'
import { tableInfo } from './table-info.js'

/** `gone` aborts when the client hangs up before the answer (a reload, a closed tab). */
type Handler = (
  context: DashboardContext,
  url: URL,
  req: IncomingMessage,
  gone: AbortSignal,
) => Promise<unknown>

const DATE = /^\d{4}-\d{2}-\d{2}$/
const PLAYLIST = /^[A-Za-z0-9]{1,64}$/

/** The JSON API: `GET /api/...` reads, `POST /api/sql` runs the console's query. */
export const API_ROUTES: Record<string, Handler> = {
  'GET /api/overview': (context) => lakeOverview(context),
  'GET /api/tables': (context) => tableInfo(context),
  'GET /api/filters': (context) => withTables(context, () => filterOptions(context)),
  'GET /api/runs': (context) => context.runs.list(),
  'GET /api/insights': () => chartInsights(),
  'POST /api/sql': async (context, _url, req, gone) => {
    const body = await readJsonBody(req)
    if (typeof body.sql !== 'string' || body.sql.trim() === '') {
      throw new HttpError(400, 'send {"sql": "<one SELECT statement>"}', 'sql')
    }
    const sql = body.sql
    return withTables(context, async () => {
      const started = performance.now()
      // A query whose page is gone leaves the queue, or is cancelled if it runs.
      const result = await context.engine.console((engine) => engine.run(sql, { signal: gone }), gone)
      return { ...result, elapsed_ms: Math.round(performance.now() - started) } satisfies SqlResult
    })
  },
}

/**
 * `GET /api/insights/<name>?playlist=&from=&to=&other=&per_day=1&p.<param>=<value>`; with
 * `defaults=1` the filters not given are those the charts open on.
 */
export async function insightRoute(context: DashboardContext, name: string, url: URL): Promise<unknown> {
  const q = url.searchParams
  const filters: DashboardFilters = {}
  for (const key of ['playlist', 'from', 'to', 'other'] as const) {
    const value = q.get(key)
    if (value === null || value === '') continue
    const pattern = key === 'from' || key === 'to' ? DATE : PLAYLIST
    if (!pattern.test(value))
      throw new HttpError(
        400,
        `${key}=${value} is not a valid ${pattern === DATE ? 'date (YYYY-MM-DD)' : 'playlist id'}`,
      )
    filters[key] = value
  }
  const explicit: Record<string, string> = {}
  for (const [key, value] of q) if (key.startsWith('p.')) explicit[key.slice(2)] = value
  return withTables(context, async () => {
    const given =
      q.get('defaults') === '1' ? { ...defaultFilters(await filterOptions(context)), ...filters } : filters
    return runInsightFor(context, { name, filters: given, explicit, perDay: q.get('per_day') === '1' })
  })
}

async function withTables<T>(context: DashboardContext, run: () => Promise<T>): Promise<T> {
  if (!(await context.engine.hasTables())) {
    throw new HttpError(
      409,
      `the lake at ${context.store.location} has no catalog tables yet; run tunelake demo, or tunelake run then tunelake crawl`,
      'empty',
    )
  }
  return run()
}

/**
 * Maps an error to the status and kind the page shows: a few errors have an exact status, the
 * rest take the one their kind says (bad input 400, terminal 422, transient 503, unexpected 500).
 */
export function errorStatus(error: unknown): { status: number; kind: string } {
  if (error instanceof HttpError) return { status: error.status, kind: error.kind }
  if (error instanceof ServerBusyError) return { status: 503, kind: 'busy' }
  if (error instanceof QueryLimitError) return { status: 422, kind: 'limit' }
  if (error instanceof QueryRefusedError) return { status: 403, kind: 'refused' }
  if (error instanceof QuerySqlError) return { status: 400, kind: 'sql' }
  if (error instanceof QueryTimeoutError) return { status: 408, kind: 'timeout' }
  if (error instanceof QueryCancelledError) return { status: 409, kind: 'cancelled' }
  if (error instanceof InsightUnknownError) return { status: 404, kind: 'unknown-insight' }
  if (error instanceof InsightInputError) return { status: 400, kind: 'params' }
  if (error instanceof InsightUnavailableError) return { status: 422, kind: 'unavailable' }
  const { kind, expected } = verdictOf(error)
  if (!expected) return { status: 500, kind: 'internal' }
  if (kind === 'bad-input') return { status: 400, kind: 'request' }
  return kind === 'transient' ? { status: 503, kind: 'try-again' } : { status: 422, kind: 'failed' }
}
