import type { Command } from 'commander'
import { runAction } from '../fail.js'
import { LAKE_OPTION_HELP } from '../lake.js'
import { WAIT_OPTION_HELP } from '../lake-hold.js'

interface EnrichCliOptions {
  config?: string
  lake?: string
  limit?: string
  wait: string
}

export function registerEnrich(program: Command): void {
  program
    .command('enrich')
    .description(
      "genres and popularity from MusicBrainz and ListenBrainz for the lake's tracks not asked yet or whose answers expired",
    )
    .option('--config <file>', 'config file: its lake and its enrich settings (contact, service URLs)')
    .option('--lake <dir>', LAKE_OPTION_HELP)
    .option('--limit <n>', 'ask about at most this many tracks in this run')
    .option('--wait <seconds>', WAIT_OPTION_HELP, '0')
    .action((options: EnrichCliOptions) =>
      runAction(async () => {
        const { ArgumentError } = await import('../fail.js')
        const limit = options.limit === undefined ? undefined : Number(options.limit)
        if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 1)) {
          throw new ArgumentError(`--limit ${options.limit} is not a number of tracks; use e.g. --limit 500`)
        }
        if (!options.config) {
          throw new ArgumentError(
            'tunelake enrich needs --config FILE: its enrich.contact tells MusicBrainz and ListenBrainz who asks (see README, Genres and popularity from open data)',
          )
        }
        const { loadConfig } = await import('../../config/config.js')
        const { enrichClientSettings } = await import('../../config/enrich-settings.js')
        const { openLake } = await import('../lake.js')
        const { commandHold } = await import('../lake-hold.js')
        const { runEnrich } = await import('../../pipeline/run-enrich.js')
        const { cliLogger, cliProgress } = await import('../../observability/cli.js')
        const { printEnrichRun } = await import('../print-enrich.js')
        const config = await loadConfig(options.config)
        const settings = enrichClientSettings(config, process.env)
        const { store } = await openLake('existing', options.lake, config.lake)
        const stop = new AbortController()
        const onSignal = () => stop.abort()
        process.once('SIGINT', onSignal).once('SIGTERM', onSignal)
        const progress = cliProgress()
        try {
          const { record, report } = await runEnrich({
            store,
            trigger: 'manual',
            lease: commandHold(store, 'enrich', options.wait),
            signal: stop.signal,
            logger: cliLogger(),
            onProgress: progress.onProgress,
            enrich: { settings, ...(limit !== undefined && { limit }) },
          })
          progress.finish()
          process.exitCode = printEnrichRun(record, report, store.location)
        } finally {
          progress.finish()
          process.off('SIGINT', onSignal).off('SIGTERM', onSignal)
        }
      }),
    )
}
