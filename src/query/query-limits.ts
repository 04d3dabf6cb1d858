/**
 * What one query may use on the local engine, and what a result may weigh on either engine.
 * Each is set in the config file (`query_limits`) or by a flag of `query`, `insights` and
 * `serve`; past one, the query stops with a QueryLimitError naming the limit and how to raise it.
 */
export interface QueryLimits {
  /** DuckDB's memory for the engine's queries, in MB (its `memory_limit`). */
  memoryMb: number
  /** Disk the engine may spill to when memory runs out, in MB (its `max_temp_directory_size`). */
  tempSpaceMb: number
  /** A result's size, in MB of its values as text (what the JSON or CSV of it weighs, near enough). */
  resultMb: number
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { memoryMb: 2048, tempSpaceMb: 4096, resultMb: 64 }

/** How each limit is raised, for the error that names it. */
export const LIMIT_SETTINGS: Record<keyof QueryLimits, { flag: string; key: string; what: string }> = {
  memoryMb: { flag: '--memory-limit-mb', key: 'query_limits.memory_mb', what: 'memory' },
  tempSpaceMb: { flag: '--temp-limit-mb', key: 'query_limits.temp_mb', what: 'temp space' },
  resultMb: { flag: '--result-limit-mb', key: 'query_limits.result_mb', what: 'result size' },
}

/** "raise it with --memory-limit-mb or query_limits.memory_mb in the config file" */
export function raiseAdvice(limit: keyof QueryLimits): string {
  const { flag, key } = LIMIT_SETTINGS[limit]
  return `raise it with ${flag} or ${key} in the config file`
}
