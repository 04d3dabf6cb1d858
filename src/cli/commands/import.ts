import type { Command } from 'commander'
import { runAction } from '../fail.js'
import { LAKE_OPTION_HELP } from '../lake.js'
import { WAIT_OPTION_HELP } from '../lake-hold.js'

interface ImportCliOptions {
  lake?: string
  config?: string
  keepPersonalData?: boolean
  allowOtherAccount?: boolean
  transform: boolean
  wait: string
}

export function registerImport(program: Command): void {
  const command = program
    .command('import')
    .description('import listening history from outside the Web API into the lake')
  command
    .command('spotify-export <path>')
    .description(
      'import the listening history of a Spotify data export (the zip Spotify sends, its extracted folder, or loose files): Extended streaming history of every year, or the Account data package',
    )
    .option('--lake <dir>', LAKE_OPTION_HELP)
    .option('--config <file>', 'config file (its lake and database)')
    .option(
      '--keep-personal-data',
      'keep the user name, IP address and user agent of each stream in the raw zone (by default they are dropped before anything is written; no table uses them)',
    )
    .option(
      '--allow-other-account',
      "import even when the export looks like another Spotify account's than the one whose listening the lake holds",
    )
    .option(
      '--no-transform',
      'only land the streams in the raw zone (an AWS lake, whose transform function picks them up)',
    )
    .option('--wait <seconds>', WAIT_OPTION_HELP, '0')
    .action((path: string, options: ImportCliOptions) =>
      runAction(async () => {
        const { loadConfig } = await import('../../config/config.js')
        const { openLake, DEFAULT_DATABASE } = await import('../lake.js')
        const { printStages } = await import('../print-run.js')
        const { commandHold } = await import('../lake-hold.js')
        const { cliLogger, cliProgress } = await import('../../observability/cli.js')
        const { prepareImport } = await import('../../import/import-export.js')
        const { runUpkeep } = await import('../../pipeline/run-pipeline.js')
        const { printImport } = await import('../print-import.js')
        const config = options.config ? await loadConfig(options.config) : undefined
        const keepPersonalData = options.keepPersonalData === true
        const { store, catalog } = await openLake('create', options.lake, config?.lake)
        const lease = commandHold(store, 'import', options.wait)
        const progress = cliProgress()
        // Read and check everything first, holding nothing: bad input leaves the lake untouched.
        const prepared = await prepareImport(store, path, {
          keepPersonalData,
          allowOtherAccount: options.allowOtherAccount === true,
          onFile: (file, index, of) =>
            progress.onProgress({
              stage: `reading ${index + 1} of ${of}: ${file.path}`,
              done: file.streams,
              unit: 'streams',
            }),
        }).finally(() => progress.finish())
        const stop = new AbortController()
        const onSignal = () => stop.abort()
        process.once('SIGINT', onSignal).once('SIGTERM', onSignal)
        try {
          if (prepared.report.comparison.fresh === 0) {
            printImport(prepared.report, { keepPersonalData })
            return
          }
          await lease.take()
          try {
            const report = await prepared.land({
              signal: AbortSignal.any([stop.signal, lease.signal]),
              onObject: (done, of) =>
                progress.onProgress({ stage: 'landing', done, total: of, unit: 'raw objects' }),
            })
            progress.finish()
            printImport(report, { keepPersonalData })
            if (!options.transform) return
            const record = await runUpkeep({
              store,
              catalog,
              database: config?.database ?? DEFAULT_DATABASE,
              trigger: 'import',
              signal: stop.signal,
              onProgress: progress.onProgress,
              logger: cliLogger(),
              lease,
            })
            progress.finish()
            process.stdout.write(`run ${record.run_id} (transform and crawl): ${record.outcome}\n`)
            printStages(record, store.location)
            if (record.outcome !== 'succeeded') process.exitCode = 1
          } finally {
            progress.finish()
            await lease.release()
          }
        } finally {
          await prepared.close()
          process.off('SIGINT', onSignal).off('SIGTERM', onSignal)
        }
      }),
    )
}
