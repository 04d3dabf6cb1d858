import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sqlString } from '../../lake/parquet/duckdb-session.js'
import type { QueryLimits } from '../query-limits.js'

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
