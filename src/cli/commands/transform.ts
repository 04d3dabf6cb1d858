import type { Command } from 'commander'
import { runAction } from '../fail.js'
import { LAKE_OPTION_HELP } from '../lake.js'

interface TransformCliOptions {
  pending?: boolean
  all?: boolean
  event?: string
  lake?: string
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
    .action((options: TransformCliOptions) =>
      runAction(async () => {
        const { ArgumentError } = await import('../fail.js')
        const chosen = [options.pending, options.all, options.event].filter(Boolean).length
        if (chosen > 1) throw new ArgumentError('choose one of --pending, --all and --event')
        const event = options.event ? await readEventFile(options.event) : undefined
        const { openLake } = await import('../lake.js')
        const { store } = await openLake('existing', options.lake)
        const out = process.stdout
        let report: import('../../transform-stage/transform-partitions.js').TransformReport
        let pending: number | undefined
        if (event) {
          const { transformS3Event } = await import('../../transform-stage/transform-events.js')
          const events = await transformS3Event(store, event)
          out.write(
            `${events.events} event record(s) for raw objects, ${events.ignored} ignored; ${events.upToDate.length} date(s) already up to date\n`,
          )
          report = events
        } else {
          const ledger = await import('../../transform-stage/transform-ledger.js')
          const { transformStage } = await import('../../transform-stage/transform-stage.js')
          const { cliProgress } = await import('../../observability/cli.js')
          const byDate = await ledger.rawObjectsByDate(store)
          const lacking = options.all ? undefined : await ledger.pendingObjects(store, byDate)
          const dates = [...(lacking ?? byDate).keys()].sort()
          pending = lacking ? [...lacking.values()].reduce((n, objects) => n + objects.length, 0) : undefined
          // Nothing to transform, nothing to show: the summary line says so.
          const progress = dates.length > 0 ? cliProgress() : undefined
          try {
            ;({ report } = await transformStage(store, dates, {
              byDate,
              ...(progress ? { onProgress: progress.onProgress } : {}),
            }))
          } finally {
            progress?.finish()
          }
        }
        out.write(
          `transformed ${report.transformed} of ${report.objects} raw objects in ${report.dates.length} snapshot date(s), quarantined ${report.quarantined.length}` +
            (pending === undefined ? '' : ` (${pending} not yet in the ledger)`) +
            '\n',
        )
        for (const q of report.quarantined) out.write(`  quarantined ${q.key}: ${q.reason}\n`)
        if (report.quarantined.length > 0) process.exitCode = 1
      }),
    )
}

/** An S3 event notification from a JSON file (`{"Records": [...]}`), for `--event`. */
async function readEventFile(
  file: string,
): Promise<import('../../transform-stage/transform-events.js').S3EventLike> {
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
  return value as import('../../transform-stage/transform-events.js').S3EventLike
}
