import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Catalog } from '../catalog/catalog.js'
import { oneLine, TunelakeError } from '../errors.js'
import type { ObjectStore } from '../lake/object-store.js'
import { DuckDbEngine } from '../query/engines/duckdb.js'
import type { QueryEngine } from '../query/query-engine.js'
import type { QueryLimits } from '../query/query-limits.js'
import { API_ROUTES, errorStatus, insightRoute } from './api-routes.js'
import { assertBindAllowed } from './bind-policy.js'
import { CachedCatalog } from './cached-catalog.js'
import type { DashboardContext } from './dashboard-context.js'
import { ServerListenError } from './errors.js'
import { filterOptions } from './filter-options.js'
import { HttpError, sendJson } from './http-io.js'
import { RequestGuard } from './request-guard.js'
import { RunRecords } from './run-records.js'
import { type DashboardCapacity, SharedEngine } from './shared-engine.js'
import { StaticAssets } from './static-assets.js'

export interface DashboardServerOptions {
  store: ObjectStore
  catalog: Catalog
  database: string
  /** Default 127.0.0.1; any other address needs `token`. */
  host?: string
  /** Default 0: any free port. */
  port?: number
  token?: string
  /** The built page (default: `dist/dashboard/assets`). */
  assetsDir?: string
  /** How to open the engine (default: the locked-down DuckDB engine over the catalog). */
  openEngine?: () => Promise<QueryEngine>
  /** The engine's memory, temp space and result size limits (default DEFAULT_QUERY_LIMITS). */
  limits?: Partial<QueryLimits>
  /** How many chart and console queries run and wait at once (default DEFAULT_CAPACITY). */
  capacity?: DashboardCapacity
  /** Where unexpected errors are reported (default stderr). */
  log?: (line: string) => void
}

export interface DashboardServer {
  /** The page's address, e.g. `http://127.0.0.1:8787/`. */
  url: string
  host: string
  port: number
  close(): Promise<void>
}

/**
 * Serves the dashboard page and its JSON API over the lake's query engine.
 *
 * @example
 * const server = await startDashboardServer({ store, catalog, database: 'tunelake', port: 8787 })
 * console.log(server.url)
 */
export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  const host = options.host ?? '127.0.0.1'
  assertBindAllowed(host, options.token)
  const assets = await StaticAssets.load(options.assetsDir)
  const { store, database } = options
  const catalog = new CachedCatalog(options.catalog)
  const engine = new SharedEngine({
    store,
    catalog,
    database,
    open:
      options.openEngine ??
      (() =>
        DuckDbEngine.open({
          store,
          catalog: options.catalog,
          database,
          ...(options.limits && { limits: options.limits }),
        })),
    ...(options.capacity && { capacity: options.capacity }),
  })
  const context: DashboardContext = { store, catalog, database, engine, runs: new RunRecords(store) }
  const guard = new RequestGuard(options.token)
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  const server = createServer((req, res) => {
    void handle(req, res, { context, guard, assets, log })
  })
  await listen(server, host, options.port ?? 0)
  // Open the engine and work out where the charts open now, so the first page load does not wait
  // for either (a failure shows when the page asks).
  void warmUp(context)
  const port = (server.address() as AddressInfo).port
  const shownHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${shownHost}:${port}/`,
    host,
    port,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await engine.close()
    },
  }
}

async function warmUp(context: DashboardContext): Promise<void> {
  try {
    await context.engine.charts(async () => undefined)
    if (await context.engine.hasTables()) await filterOptions(context)
  } catch {
    // The same error reaches the page with its request.
  }
}

interface Deps {
  context: DashboardContext
  guard: RequestGuard
  assets: StaticAssets
  log: (line: string) => void
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: Deps): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://dashboard.invalid')
  const isApi = url.pathname.startsWith('/api/')
  try {
    deps.guard.check(req, isApi)
    if (!isApi) {
      if ((req.method === 'GET' || req.method === 'HEAD') && deps.assets.serve(url.pathname, req, res)) return
      throw new HttpError(404, `no page at ${url.pathname}`, 'not-found')
    }
    const insight = /^\/api\/insights\/([a-z0-9_]+)$/.exec(url.pathname)
    if (insight && req.method === 'GET') {
      sendJson(res, 200, await insightRoute(deps.context, insight[1]!, url))
      return
    }
    const route = API_ROUTES[`${req.method} ${url.pathname}`]
    if (!route) throw new HttpError(404, `no API route ${req.method} ${url.pathname}`, 'not-found')
    const gone = new AbortController()
    res.once('close', () => {
      if (!res.writableFinished) gone.abort()
    })
    sendJson(res, 200, await route(deps.context, url, req, gone.signal))
  } catch (error) {
    const { status, kind } = errorStatus(error)
    const known = error instanceof HttpError || error instanceof TunelakeError
    const message = known ? oneLine(error) : `unexpected error: ${oneLine(error)}`
    if (status >= 500 && status !== 503) deps.log(`tunelake serve: ${req.method} ${url.pathname}: ${message}`)
    // A full lane frees up as queries end: a client may try again shortly.
    const retry: Record<string, string> = status === 503 ? { 'retry-after': '2' } : {}
    if (!res.headersSent) sendJson(res, status, { error: message, kind }, retry)
    else res.end()
  }
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is in use; pass another --port (0 picks a free one)`
          : `cannot listen on ${host}:${port} (${error.code ?? oneLine(error)}); check --host and --port`
      reject(new ServerListenError(why, { cause: error }))
    })
    server.listen(port, host, () => resolve())
  })
}
