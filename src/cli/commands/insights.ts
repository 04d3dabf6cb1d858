import type { Command } from 'commander'
import { runAction } from '../fail.js'
import { OUTPUT_FORMATS } from '../format-result.js'
import { LAKE_OPTION_HELP } from '../lake.js'
import { addLimitOptions } from '../limit-options.js'
import type { QueryCommandOptions } from './query.js'

/** The same options as `tunelake query`, less the SQL. */
type InsightsOptions = QueryCommandOptions

export function registerInsights(program: Command): void {
  const command = program
    .command('insights')
    .description(
      'list the named insights, or run one (Athena-dialect SQL that runs unchanged locally and on Athena)',
    )
    .argument('[name]', 'the insight to run, e.g. top_artists; without it, the list')
    .option(
      '--param <name=value>',
      'a parameter, e.g. --param playlist_id=37i9dQZF1E4tLk5OdAiLyT (repeat)',
      collect,
      [],
    )
    .option('--lake <dir>', LAKE_OPTION_HELP)
    .option('--database <name>', 'catalog database (default: the config’s, else tunelake)')
    .option('--config <file>', 'config file; "engine": "athena" runs the insight on Athena')
    .option('--format <format>', `output format: ${OUTPUT_FORMATS.join(', ')}`, 'table')
    .option('--out <file>', 'write the result to FILE.parquet or FILE.csv instead of printing it')
    .option('--explain', 'print what the insight would scan and what Athena would charge, without running it')
    .option('--max-rows <n>', 'return at most this many rows (default 10000)')
    .option(
      '--timeout <seconds>',
      'stop the query after this many seconds (default 30 locally, 300 on Athena)',
    )
  addLimitOptions(command).action((name: string | undefined, options: InsightsOptions) =>
    runAction(async () => {
      const { ArgumentError } = await import('../fail.js')
      const { listInsights, loadInsight, bindInsight } = await import('../../insights/insights.js')
      if (name === undefined) {
        const { formatInsightList } = await import('../format-result.js')
        process.stdout.write(formatInsightList(await listInsights()))
        return
      }
      const insight = await loadInsight(name)
      const values = parseParams(options.param, ArgumentError)
      const bound = bindInsight(insight, values)
      const { runSql } = await import('../query-session.js')
      const { prepareInsight } = await import('../../insights/run-insight.js')
      await runSql(bound.sql, bound.params, options, (engine) => prepareInsight(engine, insight, values))
    }),
  )
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}

function parseParams(
  pairs: readonly string[],
  ArgumentError: new (m: string) => Error,
): Record<string, string> {
  const values: Record<string, string> = {}
  for (const pair of pairs) {
    const at = pair.indexOf('=')
    if (at <= 0) throw new ArgumentError(`--param ${pair} is not name=value, e.g. --param playlist_id=<id>`)
    values[pair.slice(0, at)] = pair.slice(at + 1)
  }
  return values
}
