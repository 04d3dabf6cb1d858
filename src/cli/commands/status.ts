import type { Command } from 'commander'
import { runAction } from '../fail.js'
import { LAKE_OPTION_HELP } from '../lake.js'

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description(
      'the lake at a glance: last runs, failures, quarantined objects, gaps, the next scheduled run',
    )
    .option('--lake <dir>', LAKE_OPTION_HELP)
    .option('--config <file>', 'config file (its lake and schedule)')
    .option('--format <format>', 'text or json', 'text')
    .option('--limit <n>', 'how many recent runs', '10')
    .action((options: { lake?: string; config?: string; format: string; limit: string }) =>
      runAction(async () => {
        const { ArgumentError } = await import('../fail.js')
        if (options.format !== 'text' && options.format !== 'json') {
          throw new ArgumentError(`--format ${options.format} is not a format; use text or json`)
        }
        const limit = Number(options.limit)
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
          throw new ArgumentError(`--limit ${options.limit} is not a number of runs from 1 to 1000`)
        }
        const { loadConfig } = await import('../../config/config.js')
        const { openLake } = await import('../lake.js')
        const { leaseForLake } = await import('../../lease/lease-keeper.js')
        const { lakeStatus } = await import('../../pipeline/lake-status.js')
        const { systemTimeZone } = await import('../../pipeline/schedule.js')
        const { printStatus } = await import('../print-run.js')
        const config = options.config ? await loadConfig(options.config) : undefined
        const { store } = await openLake('existing', options.lake, config?.lake)
        const lease = leaseForLake(store, { purpose: 'tunelake status' })
        const status = await lakeStatus(store, {
          limit,
          ...(lease ? { lease } : {}),
          ...(config
            ? {
                schedule: {
                  cron: config.schedule.cron,
                  timezone: config.schedule.timezone ?? systemTimeZone(),
                },
                requestBudget: config.spotify.daily_request_budget,
              }
            : {}),
        })
        if (options.format === 'json') process.stdout.write(`${JSON.stringify(status, null, 2)}\n`)
        else printStatus(status)
      }),
    )
}
