import type { Command } from 'commander'
import type { TunelakeConfig } from '../config/config.js'
import { DEFAULT_QUERY_LIMITS, LIMIT_SETTINGS, type QueryLimits } from '../query/query-limits.js'
import { ArgumentError } from './fail.js'

/** The limit flags of `query`, `insights` and `serve`, as commander hands them over. */
export interface LimitFlags {
  memoryLimitMb?: string
  tempLimitMb?: string
  resultLimitMb?: string
}

const BOUNDS: Record<keyof QueryLimits, { min: number; max: number }> = {
  memoryMb: { min: 64, max: 1_048_576 },
  tempSpaceMb: { min: 0, max: 10_485_760 },
  resultMb: { min: 1, max: 256 },
}

/** Adds --memory-limit-mb, --temp-limit-mb and --result-limit-mb, each with its default. */
export function addLimitOptions(command: Command): Command {
  const { memoryMb, tempSpaceMb, resultMb } = DEFAULT_QUERY_LIMITS
  return command
    .option('--memory-limit-mb <n>', `memory of the local engine, in MB (default ${memoryMb})`)
    .option(
      '--temp-limit-mb <n>',
      `disk the local engine may spill to when memory is full, in MB; 0 never spills (default ${tempSpaceMb})`,
    )
    .option(
      '--result-limit-mb <n>',
      `largest result, in MB of its values as text (default ${resultMb}, at most 256)`,
    )
}

/** The limits the flags set, over those of the config file's `query_limits`. */
export function chosenLimits(
  flags: LimitFlags,
  config?: TunelakeConfig['query_limits'],
): Partial<QueryLimits> {
  const limits: Partial<QueryLimits> = {}
  const set = (limit: keyof QueryLimits, flag: string | undefined, configured: number | undefined) => {
    const value = flag === undefined ? configured : wholeNumber(limit, flag)
    if (value !== undefined) limits[limit] = value
  }
  set('memoryMb', flags.memoryLimitMb, config?.memory_mb)
  set('tempSpaceMb', flags.tempLimitMb, config?.temp_mb)
  set('resultMb', flags.resultLimitMb, config?.result_mb)
  return limits
}

function wholeNumber(limit: keyof QueryLimits, text: string): number {
  const { min, max } = BOUNDS[limit]
  const value = Number(text)
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new ArgumentError(
      `${LIMIT_SETTINGS[limit].flag} ${text} is not a whole number of MB from ${min} to ${max}`,
    )
  }
  return value
}
