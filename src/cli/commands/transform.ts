import type { Command } from 'commander'
import type { ObjectCreatedRecord } from '../../lake/object-created.js'
import { runAction } from '../fail.js'
import { LAKE_OPTION_HELP } from '../lake.js'
import { WAIT_OPTION_HELP } from '../lake-hold.js'

interface TransformCliOptions {
  pending?: boolean
  all?: boolean
  event?: string
  lake?: string
  wait: string
}

export function registerTransform(program: Command): void {
  program
    .command('transform')
    .description('transform raw objects into the Parquet tables (default: only those the ledger lacks)')
    .option('--pending', 'only snapshot dates with raw objects the ledger lacks (the default)')
    .option('--all', 'rebuild every snapshot date from the raw zone')
    .option(
      '--event <file>',
      'the raw objects an S3 event notification (JSON, as a Lambda receives it) names',
    )
    .option('--lake <dir>', LAKE_OPTION_HELP)
    .option('--wait <seconds>', WAIT_OPTION_HELP, '0')
    .action((options: TransformCliOptions) =>
      runAction(async () => {
        const { ArgumentError } = await import('../fail.js')
        const chosen = [options.pending, options.all, options.event].filter(Boolean).length
        if (chosen > 1) throw new ArgumentError('choose one of --pending, --all and --event')
        const records = options.event ? await readEventFile(options.event) : undefined
        const { openLake } = await import('../lake.js')
        const { store } = await openLake('existing', options.lake)
        const { rawKeysNamed } = await import('../../lake/lake-location.js')
        const { runTransform } = await import('../../pipeline/run-transform.js')
        const { commandHold } = await import('../lake-hold.js')
        const { cliLogger, cliProgress } = await import('../../observability/cli.js')
        const { printTransform } = await import('../print-run.js')
        const named = records ? rawKeysNamed(store.location, records) : undefined
        const progress = cliProgress()
        try {
          const run = await runTransform({
            store,
            trigger: named ? 'event' : 'manual',
            lease: commandHold(store, 'transform', options.wait),
            select: named ? { rawKeys: named.keys } : options.all ? 'all' : 'pending',
            logger: cliLogger(),
            onProgress: progress.onProgress,
            record: false,
          })
          progress.finish()
          // Every date failed: a problem of the lake, not of the dates (one line, as any failure).
          const failed = run.dates.flatMap((d) => (d.status === 'failed' ? [d.error] : []))
          if (failed.length > 0 && !run.dates.some((d) => d.status === 'transformed')) throw failed[0]
          const events = named && { records: records!.length, ignored: named.ignored }
          process.exitCode = printTransform(run, events)
        } finally {
          progress.finish()
        }
      }),
    )
}

/** An S3 event notification from a JSON file (`{"Records": [...]}`), for `--event`. */
async function readEventFile(file: string): Promise<ObjectCreatedRecord[]> {
  const { readFile } = await import('node:fs/promises')
  const { ArgumentError } = await import('../fail.js')
  let value: unknown
  try {
    value = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new ArgumentError(
      code
        ? `cannot read the event file ${file} (${code}); check the path`
        : `the event file ${file} is not valid JSON; give an S3 event notification {"Records": [...]}`,
    )
  }
  const records = (value as { Records?: unknown } | null)?.Records
  if (typeof value !== 'object' || value === null || (records !== undefined && !Array.isArray(records))) {
    throw new ArgumentError(`the event file ${file} is not an S3 event notification {"Records": [...]}`)
  }
  // `Records` is absent on an `s3:TestEvent`: nothing to do.
  return (records ?? []) as ObjectCreatedRecord[]
}
