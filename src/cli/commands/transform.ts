import type { Command } from 'commander'
import { runAction } from '../fail.js'
import { LAKE_OPTION_HELP } from '../lake.js'

export function registerTransform(program: Command): void {
  program
    .command('transform')
    .description('transform raw objects into the Parquet tables (default: only those the ledger lacks)')
    .option('--pending', 'only snapshot dates with raw objects the ledger lacks (the default)')
    .option('--all', 'rebuild every snapshot date from the raw zone')
    .option('--lake <dir>', LAKE_OPTION_HELP)
    .action((options: { pending?: boolean; all?: boolean; lake?: string }) =>
      runAction(async () => {
        const { ArgumentError } = await import('../fail.js')
        if (options.pending && options.all) throw new ArgumentError('choose one of --pending and --all')
        const { openLake } = await import('../lake.js')
        const { pendingDates, rawObjectsByDate } = await import('../../pipeline/transform-ledger.js')
        const { transformDates } = await import('../../pipeline/transform-partitions.js')
        const { store } = openLake(options.lake)
        const dates = options.all
          ? [...(await rawObjectsByDate(store)).keys()].sort()
          : await pendingDates(store)
        const report = await transformDates(store, dates)
        const total = report.transformed + report.quarantined.length
        process.stdout.write(
          `transformed ${report.transformed} of ${total} raw objects in ${dates.length} snapshot date(s), quarantined ${report.quarantined.length}\n`,
        )
        for (const q of report.quarantined) process.stdout.write(`  quarantined ${q.key}: ${q.reason}\n`)
        if (report.quarantined.length > 0) process.exitCode = 1
      }),
    )
}
