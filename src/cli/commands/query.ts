import type { Command } from 'commander'
import { runAction } from '../fail.js'
import { OUTPUT_FORMATS } from '../format-result.js'
import { LAKE_OPTION_HELP } from '../lake.js'
import { addLimitOptions, type LimitFlags } from '../limit-options.js'

export interface QueryCommandOptions extends LimitFlags {
  lake?: string
  database?: string
  config?: string
  format: string
  out?: string
  explain?: boolean
  param: string[]
  maxRows?: string
  timeout?: string
}

export function registerQuery(program: Command): void {
  const command = program
    .command('query')
    .description(
      'run one Athena-dialect SELECT over the catalog’s tables: locally on DuckDB (read-only, confined to the lake) or on Athena',
    )
    .argument('<sql>', 'the SQL, e.g. "SELECT count(*) FROM playlist_tracks"; ? marks a --param value')
    .option('--lake <dir>', LAKE_OPTION_HELP)
    .option('--database <name>', 'catalog database (default: the config’s, else tunelake)')
    .option('--config <file>', 'config file; "engine": "athena" runs the SQL on Athena')
    .option('--format <format>', `output format: ${OUTPUT_FORMATS.join(', ')}`, 'table')
    .option('--out <file>', 'write the result to FILE.parquet or FILE.csv instead of printing it')
    .option(
      '--explain',
      'print the partitions and bytes the query would scan and what Athena would charge, without running it',
    )
    .option('--param <value>', 'a value for the next ? in the SQL (repeat in order)', collect, [])
    .option('--max-rows <n>', 'return at most this many rows (default 10000)')
    .option(
      '--timeout <seconds>',
      'stop the query after this many seconds (default 30 locally, 300 on Athena)',
    )
  addLimitOptions(command).action((sql: string, options: QueryCommandOptions) =>
    runAction(async () => {
      const { runSql } = await import('../query-session.js')
      await runSql(sql, options.param, options)
    }),
  )
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}
