import type { Command } from 'commander'
import { runAction } from '../fail.js'
import { LAKE_OPTION_HELP } from '../lake.js'
import { WAIT_OPTION_HELP } from '../lake-hold.js'

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('one full run against Spotify: extract the configured sources, transform, crawl')
    .requiredOption(
      '--config <file>',
      'config file (JSON), e.g. {"sources":[{"type":"playlist","id":"<id or URL>"}]}',
    )
    .option('--date <YYYY-MM-DD>', 'snapshot date (default: today, UTC)')
    .option('--lake <dir>', LAKE_OPTION_HELP)
    .option('--wait <seconds>', WAIT_OPTION_HELP, '0')
    .action((options: { config: string; date?: string; lake?: string; wait: string }) =>
      runAction(async () => {
        const { loadConfig } = await import('../../config/config.js')
        const { spotifyClientFromEnv } = await import('../spotify-from-env.js')
        const { runPipeline } = await import('../../pipeline/run-pipeline.js')
        const { extractionOf } = await import('../../config/extraction-of.js')
        const { openLake } = await import('../lake.js')
        const { parseDateOption, todayUtc } = await import('../dates.js')
        const { printRun } = await import('../print-run.js')
        const { commandHold } = await import('../lake-hold.js')
        const { cliLogger, cliProgress } = await import('../../observability/cli.js')
        const config = await loadConfig(options.config)
        const snapshotDate = options.date ? parseDateOption(options.date) : todayUtc()
        const client = await spotifyClientFromEnv(process.env, {
          requestsPer30s: config.spotify.requests_per_30s,
          maxRetryAfterSeconds: config.spotify.max_retry_after_seconds,
        })
        const { store, catalog } = await openLake('create', options.lake, config.lake)
        const lease = commandHold(store, 'run', options.wait)
        const stop = new AbortController()
        const onSignal = () => stop.abort()
        process.once('SIGINT', onSignal).once('SIGTERM', onSignal)
        const progress = cliProgress()
        try {
          const report = await runPipeline({
            store,
            catalog,
            database: config.database,
            client,
            ...extractionOf(config),
            snapshotDate,
            trigger: 'manual',
            signal: stop.signal,
            onProgress: progress.onProgress,
            logger: cliLogger(),
            lease,
          })
          progress.finish()
          printRun(report, store.location)
          if (report.outcome !== 'succeeded') process.exitCode = 1
        } finally {
          progress.finish()
          process.off('SIGINT', onSignal).off('SIGTERM', onSignal)
        }
      }),
    )
}
