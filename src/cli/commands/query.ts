import type { Command } from 'commander'
import { runAction } from '../fail.js'
import { OUTPUT_FORMATS, type OutputFormat } from '../format-result.js'
import { LAKE_OPTION_HELP } from '../lake.js'

export function registerQuery(program: Command): void {
  program
    .command('query')
    .description(
      'run one Athena-dialect SELECT over the lake’s catalog tables (read-only, confined to the lake)',
    )
    .argument('<sql>', 'the SQL, e.g. "SELECT count(*) FROM playlist_tracks"')
    .option('--lake <dir>', LAKE_OPTION_HELP)
    .option('--database <name>', 'catalog database', 'tunelake')
    .option('--format <format>', `output format: ${OUTPUT_FORMATS.join(', ')}`, 'table')
    .action((sql: string, options: { lake?: string; database: string; format: string }) =>
      runAction(async () => {
        const { ArgumentError } = await import('../fail.js')
        if (!OUTPUT_FORMATS.includes(options.format as OutputFormat)) {
          throw new ArgumentError(
            `unknown --format ${options.format}; use one of ${OUTPUT_FORMATS.join(', ')}`,
          )
        }
        const { openQueryEngine } = await import('../query-session.js')
        const { formatResult } = await import('../format-result.js')
        const engine = await openQueryEngine(options.lake, options.database)
        try {
          const result = await engine.run(sql)
          process.stdout.write(formatResult(result, options.format as OutputFormat))
          if (result.truncated)
            process.stderr.write('tunelake: the result was cut at the row limit; add a LIMIT or aggregate\n')
        } finally {
          await engine.close()
        }
      }),
    )
}
