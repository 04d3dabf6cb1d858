import type { QueryEngine, QueryParam } from '../query/query-engine.js'
import { DEFAULT_QUERY_LIMITS } from '../query/query-limits.js'
import { ArgumentError } from './fail.js'
import { OUTPUT_FORMATS, type OutputFormat } from './format-result.js'
import { DEFAULT_DATABASE, openLake } from './lake.js'
import { chosenLimits, type LimitFlags } from './limit-options.js'

/** How a command picks its engine: the config's `engine` (DuckDB over the lake unless `athena`), flags over config. */
export interface EngineChoice {
  lake?: string
  database?: string
  config?: string
  /** Seconds a query may run (DuckDB default 30, Athena 300). */
  timeoutSeconds?: number
  maxRows?: number
  /** The limit flags, over the config's `query_limits`. */
  limitFlags?: LimitFlags
}

/**
 * The engine a command runs SQL on: DuckDB over the lake's catalog (loaded lazily, with a clear
 * message when the lake has no tables yet), or Athena when the config says `engine: athena`
 * (the AWS SDK is loaded only then).
 */
export async function openQueryEngine(choice: EngineChoice): Promise<QueryEngine> {
  const config = choice.config
    ? await (await import('../config/config.js')).loadConfig(choice.config)
    : undefined
  const database = choice.database ?? config?.database ?? DEFAULT_DATABASE
  const timeoutMs = choice.timeoutSeconds === undefined ? undefined : choice.timeoutSeconds * 1000
  const limits = chosenLimits(choice.limitFlags ?? {}, config?.query_limits)
  if (config?.engine === 'athena') {
    if (!config.athena) {
      const { ConfigError } = await import('../config/config.js')
      throw new ConfigError(
        `${choice.config}: athena: set athena.workgroup when engine is "athena" (see README, SQL)`,
      )
    }
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
    const [{ AthenaClient }, { AthenaEngine }] = await Promise.all([
      import('@aws-sdk/client-athena'),
      import('../query/engines/athena.js'),
    ])
    return new AthenaEngine({
      client: new AthenaClient(config.athena.region ? { region: config.athena.region } : {}),
      workgroup: config.athena.workgroup,
      database,
      catalog: config.athena.catalog,
      ...(config.athena.output_location && { outputLocation: config.athena.output_location }),
      ...(timeoutMs !== undefined && { timeoutMs }),
      ...(choice.maxRows !== undefined && { maxRows: choice.maxRows }),
      resultMb: limits.resultMb ?? DEFAULT_QUERY_LIMITS.resultMb,
    })
  }
  const { store, catalog } = await openLake('existing', choice.lake, config?.lake)
  if ((await catalog.listTables(database)).length === 0) {
    throw new ArgumentError(
      `the lake at ${store.location} has no catalog tables in database ${database}; run tunelake demo, or tunelake run then tunelake crawl`,
    )
  }
  const { DuckDbEngine } = await import('../query/engines/duckdb.js')
  return DuckDbEngine.open({
    store,
    catalog,
    database,
    ...(timeoutMs !== undefined && { timeoutMs }),
    ...(choice.maxRows !== undefined && { maxRows: choice.maxRows }),
    limits,
  })
}

/** Runs `use` with a signal that Ctrl-C aborts (the engine then cancels the query). */
export async function withInterrupt<T>(use: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController()
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(130)
    process.stderr.write('tunelake: cancelling the query (Ctrl-C again to quit at once)\n')
    controller.abort()
  }
  process.on('SIGINT', onInterrupt)
  try {
    return await use(controller.signal)
  } finally {
    process.off('SIGINT', onInterrupt)
  }
}

/** A positive whole number from a flag, or a clear error. */
export function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new ArgumentError(`${flag} ${value} is not a positive whole number`)
  return n
}

/** What `query` and `insights` take besides the SQL: where to run it and how to show the result. */
export interface OutputChoice
  extends Omit<EngineChoice, 'timeoutSeconds' | 'maxRows' | 'limitFlags'>,
    LimitFlags {
  format: string
  out?: string
  explain?: boolean
  maxRows?: string
  timeout?: string
}

/**
 * Runs SQL (or explains it) on the chosen engine and prints the result, or writes it to `--out`.
 * Ctrl-C cancels the query (on Athena: StopQueryExecution) and exits 130.
 */
export async function runSql(
  sql: string,
  params: readonly QueryParam[],
  options: OutputChoice,
  /** Runs first (not for --explain); may give the statement to run instead, made for this engine. */
  before?: (engine: QueryEngine) => Promise<{ sql: string; params: readonly QueryParam[] } | undefined>,
): Promise<void> {
  const format = outputFormat(options.format)
  const maxRows = positiveInt('--max-rows', options.maxRows)
  const timeoutSeconds = positiveInt('--timeout', options.timeout)
  const engine = await openQueryEngine({
    ...(options.lake !== undefined && { lake: options.lake }),
    ...(options.database !== undefined && { database: options.database }),
    ...(options.config !== undefined && { config: options.config }),
    ...(maxRows !== undefined && { maxRows }),
    ...(timeoutSeconds !== undefined && { timeoutSeconds }),
    limitFlags: options,
  })
  const { formatEstimate, formatResult, formatStats, resultText } = await import('./format-result.js')
  try {
    if (options.explain) {
      process.stdout.write(formatEstimate(await engine.explain(sql, { params })))
      return
    }
    const chosen = (await before?.(engine)) ?? { sql, params }
    const result = await withInterrupt((signal) => engine.run(chosen.sql, { params: chosen.params, signal }))
    if (options.out) {
      const { writeResultFile } = await import('../query/write-result.js')
      await writeResultFile(result, options.out, () => formatResult(result, 'csv'))
      process.stderr.write(`tunelake: wrote ${formatStats(result)} to ${options.out}\n`)
    } else {
      for (const text of resultText(result, format)) process.stdout.write(text)
      if (result.stats?.engine === 'athena') process.stderr.write(`tunelake: ${formatStats(result)}\n`)
    }
    if (result.truncated) {
      process.stderr.write(
        `tunelake: the result was cut at ${result.rows.length} rows; add a LIMIT, aggregate, or raise --max-rows\n`,
      )
    }
  } catch (error) {
    const { QueryCancelledError } = await import('../query/errors.js')
    if (!(error instanceof QueryCancelledError)) throw error
    process.stderr.write(`tunelake: ${error.message}\n`)
    process.exitCode = 130
  } finally {
    await engine.close()
  }
}

function outputFormat(format: string): OutputFormat {
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new ArgumentError(`unknown --format ${format}; use one of ${OUTPUT_FORMATS.join(', ')}`)
  }
  return format as OutputFormat
}
