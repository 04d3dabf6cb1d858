import type { Command } from 'commander'
import { runAction } from '../fail.js'
import { LAKE_OPTION_HELP } from '../lake.js'
import { WAIT_OPTION_HELP } from '../lake-hold.js'

interface CrawlCliOptions {
  lake?: string
  database: string
  tableLevel?: string
  updateBehavior: string
  deleteBehavior: string
  newFoldersOnly?: boolean
  include: string
  catalog: string
  wait: string
}

const UPDATE = { update: 'UPDATE_IN_DATABASE', log: 'LOG' } as const
const DELETE = { deprecate: 'DEPRECATE_IN_DATABASE', delete: 'DELETE_FROM_DATABASE', log: 'LOG' } as const

export function registerCrawl(program: Command): void {
  program
    .command('crawl')
    .description(
      'crawl transformed/ into Glue-compatible table definitions under _catalog/ (as a Glue crawler does)',
    )
    .option('--lake <dir>', LAKE_OPTION_HELP)
    .option('--database <name>', 'catalog database', 'tunelake')
    .option('--include <path>', 'the folder of the lake to crawl', 'transformed/')
    .option(
      '--table-level <n>',
      'Glue TableLevelConfiguration: folder level of the tables, counted from the bucket',
    )
    .option('--update-behavior <b>', 'changed tables: update (UPDATE_IN_DATABASE) or log', 'update')
    .option(
      '--delete-behavior <b>',
      'tables and partitions whose data is gone: deprecate, delete or log',
      'deprecate',
    )
    .option(
      '--catalog <kind>',
      'where the tables go: local (_catalog/ in the lake) or glue (the AWS Glue Data Catalog)',
      'local',
    )
    .option('--wait <seconds>', WAIT_OPTION_HELP, '0')
    .option(
      '--new-folders-only',
      'Glue CRAWL_NEW_FOLDERS_ONLY: add only folders the catalog lacks (after a first crawl)',
    )
    .action((options: CrawlCliOptions) =>
      runAction(async () => {
        const { ArgumentError } = await import('../fail.js')
        const update = UPDATE[options.updateBehavior as keyof typeof UPDATE]
        const remove = DELETE[options.deleteBehavior as keyof typeof DELETE]
        if (!update) throw new ArgumentError(`--update-behavior ${options.updateBehavior}: use update or log`)
        if (!remove)
          throw new ArgumentError(`--delete-behavior ${options.deleteBehavior}: use deprecate, delete or log`)
        const level = options.tableLevel === undefined ? undefined : Number(options.tableLevel)
        if (level !== undefined && !(Number.isInteger(level) && level >= 1)) {
          throw new ArgumentError(`--table-level ${options.tableLevel} is not a folder level (1 or more)`)
        }
        const include = `${options.include.replace(/^\/+|\/+$/g, '')}/`
        const { openLake } = await import('../lake.js')
        const { crawl } = await import('../../catalog/crawler.js')
        const lake = await openLake('existing', options.lake)
        const { store } = lake
        let catalog: import('../../catalog/catalog.js').Catalog = lake.catalog
        if (options.catalog === 'glue') {
          if (!store.location.startsWith('s3://')) {
            throw new ArgumentError(
              '--catalog glue needs a lake on S3 (--lake s3://bucket/prefix): Glue tables point at S3 locations',
            )
          }
          catalog = (await import('../../catalog/catalogs/glue-from-env.js')).openGlueCatalog()
        } else if (options.catalog !== 'local') {
          throw new ArgumentError(`--catalog ${options.catalog}: use local or glue`)
        }
        const { cliProgress } = await import('../../observability/cli.js')
        const lease = (await import('../lake-hold.js')).commandHold(store, 'crawl', options.wait)
        await lease.take()
        const progress = cliProgress()
        let report: import('../../catalog/crawler.js').CrawlReport
        try {
          report = await crawl(store, catalog, options.database, {
            includePath: include,
            tableLevel: level,
            updateBehavior: update,
            deleteBehavior: remove,
            recrawlBehavior: options.newFoldersOnly ? 'CRAWL_NEW_FOLDERS_ONLY' : 'CRAWL_EVERYTHING',
            onProgress: progress.onProgress,
          })
        } finally {
          progress.finish()
          await lease.release()
        }
        const { printCrawlReport } = await import('../../catalog/crawl-report.js')
        process.stdout.write(printCrawlReport(report, store.location))
      }),
    )
}
