import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sqlString } from '../../sql-quote.js'
import { QueryLimitError } from '../errors.js'
import { type QueryLimits, raiseAdvice } from '../query-limits.js'

/**
 * DuckDB's own wall around user SQL, set once the views exist: the engine may read exactly the
 * Parquet files the views list (`allowed_paths`, not their folders, so nothing else in the lake,
 * such as `_state/` or `raw/`, is readable), spill to a private folder of its own, use at most
 * the memory and temp space of its limits, and nothing can change that afterwards
 * (`lock_configuration`). DuckDB adds its temp folder to `allowed_directories` itself; the folder
 * is created for this engine alone (mode 0700, a random name under the OS temp folder, removed on
 * close) and no query can name it: the parse-tree check (duckdb-confinement.ts) refuses every
 * file name and every function that would show the settings.
 * Order matters: allowed paths before external access is turned off, the lock last.
 */
export function lockdownStatements(options: {
  files: readonly string[]
  spillDirectory: string
  limits: QueryLimits
}): string[] {
  const { files, spillDirectory, limits } = options
  return [
    `SET memory_limit = '${limits.memoryMb}MB'`,
    `SET temp_directory = ${sqlString(spillDirectory)}`,
    `SET max_temp_directory_size = '${limits.tempSpaceMb}MB'`,
    'SET allow_persistent_secrets = false',
    'SET allow_community_extensions = false',
    `SET allowed_paths = [${files.map(sqlString).join(', ')}]`,
    'SET enable_external_access = false',
    'SET lock_configuration = true',
  ]
}

/** A folder only this process can read, for the engine's spill files. */
export function createSpillDirectory(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'tunelake-spill-'))
}

export async function removeSpillDirectory(directory: string): Promise<void> {
  await rm(directory, { recursive: true, force: true })
}

/** DuckDB's out-of-memory error as the limit it hit (temp space when it could not spill, else memory), or undefined. */
export function limitError(error: unknown, limits: QueryLimits): QueryLimitError | undefined {
  const message = error instanceof Error ? error.message : String(error)
  if (!/^Out of Memory Error/i.test(message)) return undefined
  const { memoryMb, tempSpaceMb } = limits
  if (/failed to offload/i.test(message)) {
    return new QueryLimitError(
      `the query needed more than the ${tempSpaceMb} MB temp space limit (it spills there when its ${memoryMb} MB of memory are full); filter on snapshot_date, aggregate, or ${raiseAdvice('tempSpaceMb')}`,
    )
  }
  return new QueryLimitError(
    `the query needed more than the ${memoryMb} MB memory limit; filter on snapshot_date, aggregate, or ${raiseAdvice('memoryMb')}`,
  )
}

/**
 * A DuckDB message without the engine's private folders: the lake's folder (`folders[0]`, with
 * its trailing separator) cut so that files read as lake keys, the spill folder as `<temp>`.
 */
export function withoutPaths(message: string, folders: readonly string[]): string {
  const [lake, spill] = folders
  let text = spill === undefined ? message : message.split(spill).join('<temp>')
  if (lake !== undefined) text = text.split(lake).join('')
  return text
}
