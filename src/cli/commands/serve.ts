import type { Command } from 'commander'
import { runAction } from '../fail.js'
import { LAKE_OPTION_HELP } from '../lake.js'
import { addLimitOptions, type LimitFlags } from '../limit-options.js'

export const DEFAULT_DASHBOARD_PORT = 8787

export function registerServe(program: Command): void {
  const command = program
    .command('serve')
    .description(
      'serve the dashboard (overview, charts, tables, SQL console) over the lake on 127.0.0.1; other hosts need TUNELAKE_DASHBOARD_TOKEN',
    )
    .option('--lake <dir>', LAKE_OPTION_HELP)
    .option('--database <name>', 'catalog database (default: the config’s, else tunelake)')
    .option('--config <file>', 'config file, for its lake, database and query_limits')
    .option('--port <n>', 'port (0 = any free port)', String(DEFAULT_DASHBOARD_PORT))
    .option('--host <host>', 'address to bind; not loopback only with a token', '127.0.0.1')
  addLimitOptions(command).action(
    (
      options: { lake?: string; database?: string; config?: string; port: string; host: string } & LimitFlags,
    ) =>
      runAction(async () => {
        const { ArgumentError } = await import('../fail.js')
        const port = Number(options.port)
        if (!/^\d+$/.test(options.port) || port > 65535) {
          throw new ArgumentError(`--port ${options.port} is not a port; use 0 to 65535`)
        }
        const { TOKEN_ENV, assertBindAllowed } = await import('../../server/bind-policy.js')
        const token = process.env[TOKEN_ENV] || undefined
        assertBindAllowed(options.host, token)
        const { DEFAULT_DATABASE, openLake } = await import('../lake.js')
        const config = options.config
          ? await (await import('../../config/config.js')).loadConfig(options.config)
          : undefined
        const { chosenLimits } = await import('../limit-options.js')
        const limits = chosenLimits(options, config?.query_limits)
        const database = options.database ?? config?.database ?? DEFAULT_DATABASE
        const { store, catalog } = await openLake('existing', options.lake, config?.lake)
        const { startDashboardServer } = await import('../../server/dashboard-server.js')
        const server = await startDashboardServer({
          store,
          catalog,
          database,
          limits,
          host: options.host,
          port,
          ...(token ? { token } : {}),
        })
        process.stdout.write(`tunelake dashboard: ${server.url}  (lake ${store.location}; Ctrl-C stops it)\n`)
        if (token) {
          process.stdout.write(
            `  the API needs the token: open ${server.url}?token=<the value of ${TOKEN_ENV}> once\n`,
          )
        }
        // Ctrl-C stops at once: whatever the server still waits for (a query, the engine opening)
        // gets two seconds, then the process ends anyway.
        const stop = () => {
          setTimeout(() => process.exit(0), 2_000).unref()
          void server.close().finally(() => process.exit(0))
        }
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      }),
  )
}
