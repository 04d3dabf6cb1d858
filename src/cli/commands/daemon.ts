import type { Command } from 'commander'
import { runAction } from '../fail.js'
import { LAKE_OPTION_HELP } from '../lake.js'

export function registerDaemon(program: Command): void {
  program
    .command('daemon')
    .description(
      'run the pipeline until stopped: the scheduled full run, a transform for each new raw object, a reconcile sweep, catalog refreshes',
    )
    .option(
      '--config <file>',
      'config file (JSON) with the sources and the "schedule"; without one: transform and crawl only',
    )
    .option('--lake <dir>', LAKE_OPTION_HELP)
    .option('--run-now', 'start with a full run, then follow the schedule')
    .action((options: { config?: string; lake?: string; runNow?: boolean }) =>
      runAction(async () => {
        const { ArgumentError } = await import('../fail.js')
        if (options.runNow && !options.config)
          throw new ArgumentError('--run-now needs --config (what to extract)')
        const { loadConfig } = await import('../../config/config.js')
        const { openLake, DEFAULT_DATABASE } = await import('../lake.js')
        const { createLogger, logFormatFor, logLevelFrom } = await import('../../observability/logger.js')
        const { secretsFromEnv } = await import('../../observability/redact.js')
        const { leaseForLake } = await import('../../lease/lease-keeper.js')
        const { Daemon } = await import('../../pipeline/daemon/daemon.js')
        const { extractionOf } = await import('../../config/extraction-of.js')
        const { systemTimeZone } = await import('../../pipeline/schedule.js')
        const { spotifyClientFromEnv } = await import('../spotify-from-env.js')
        const env = process.env
        const config = options.config ? await loadConfig(options.config) : undefined
        const { store, catalog } = await openLake(config ? 'create' : 'existing', options.lake, config?.lake)
        const lease = leaseForLake(store, { purpose: 'tunelake daemon' })
        if (!lease) {
          throw new ArgumentError(
            `the daemon needs a lake folder or an S3 lake (it keeps its lease there); ${store.location} is neither`,
          )
        }
        const logger = createLogger({
          level: logLevelFrom(env, config?.log_level ?? 'info'),
          format: logFormatFor(process.stdout, env),
          destination: 1,
          colorize: process.stdout.isTTY === true,
          secrets: secretsFromEnv(env),
        })
        const extraction = config && {
          client: await spotifyClientFromEnv(env, {
            requestsPer30s: config.spotify.requests_per_30s,
            maxRetryAfterSeconds: config.spotify.max_retry_after_seconds,
          }),
          ...extractionOf(config),
          schedule: { cron: config.schedule.cron, timezone: config.schedule.timezone ?? systemTimeZone() },
        }
        // In a lake folder any writer's raw objects are seen at once; on S3 this process's, and
        // the sweep finds the others (README, The daemon).
        const { FsObjectStore } = await import('../../lake/stores/fs.js')
        const { RAW_PREFIX } = await import('../../lake/layout.js')
        const watched = store instanceof FsObjectStore ? await store.watchWriters(RAW_PREFIX) : undefined
        const daemon = new Daemon({
          store,
          catalog,
          database: config?.database ?? DEFAULT_DATABASE,
          lease,
          logger,
          ...(extraction ? { extraction } : {}),
          ...(watched ? { events: watched } : {}),
          runNow: options.runNow === true,
          reconcileIntervalMs: (config?.reconcile_interval_seconds ?? 300) * 1000,
        })
        const stopped = new Promise<void>((resolve, reject) => {
          const onSignal = (signal: NodeJS.Signals) => {
            logger.info('signal received', { signal })
            watched?.close()
            daemon.stop().then(resolve, reject)
          }
          process.once('SIGINT', onSignal).once('SIGTERM', onSignal)
        })
        await daemon.start()
        await stopped
      }),
    )
}
