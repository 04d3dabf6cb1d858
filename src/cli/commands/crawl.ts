import type { Command } from 'commander'
import { runAction } from '../fail.js'
import { LAKE_OPTION_HELP } from '../lake.js'

export function registerCrawl(program: Command): void {
  program
    .command('crawl')
    .description('crawl transformed/ into Glue-compatible table definitions under _catalog/')
    .option('--lake <dir>', LAKE_OPTION_HELP)
    .option('--database <name>', 'catalog database', 'tunelake')
    .action((options: { lake?: string; database: string }) =>
      runAction(async () => {
        const { openLake } = await import('../lake.js')
        const { crawl } = await import('../../catalog/crawler.js')
        const { store, catalog } = openLake(options.lake)
        const report = await crawl(store, catalog, options.database)
        const out = process.stdout
        out.write(
          `crawled ${store.location}: ${report.tablesCreated.length} tables created, ${report.tablesUpdated.length} updated, ${report.partitionsAdded} partitions added\n`,
        )
        for (const column of report.columnsAdded) out.write(`  column added: ${column}\n`)
        for (const column of report.columnsWidened) out.write(`  column widened: ${column}\n`)
      }),
    )
}
