import type { Command } from 'commander'
import { runAction } from '../fail.js'
import { LAKE_OPTION_HELP } from '../lake.js'

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
    .action((options: { config: string; date?: string; lake?: string }) =>
      runAction(async () => {
        const { loadConfig } = await import('../../config/config.js')
        const { spotifyClientFromEnv } = await import('../spotify-from-env.js')
        const { runPipeline } = await import('../../pipeline/run-pipeline.js')
        const { openLake } = await import('../lake.js')
        const { parseDateOption, todayUtc } = await import('../dates.js')
        const { printRun } = await import('../print-run.js')
        const config = await loadConfig(options.config)
        const snapshotDate = options.date ? parseDateOption(options.date) : todayUtc()
        const client = spotifyClientFromEnv()
        const { store, catalog } = openLake(options.lake, config.lake)
        const report = await runPipeline({
          store,
          catalog,
          database: config.database,
          client,
          playlistIds: config.sources.map((s) => s.id),
          apiMode: config.api_mode,
          snapshotDate,
          trigger: 'manual',
        })
        printRun(report, store.location)
        if (report.outcome !== 'succeeded') process.exitCode = 1
      }),
    )
}
