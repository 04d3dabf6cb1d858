import { QueryRefusedError, QuerySqlError } from '../errors.js'

/**
 * Refuses, before anything runs, a construct whose Athena answer the local engine does not
 * reproduce: one line that names it and says what to write instead.
 *
 * @example
 * refuse('reduce()', 'write it with transform() and array_sum(), or run the query on Athena')
 * // QueryRefusedError: reduce() is not reproduced by the local engine (it would not give Athena's answer); write it with ...
 */
export function refuse(feature: string, instead: string): never {
  throw new QueryRefusedError(
    `${feature} is not reproduced by the local engine (it would not give Athena's answer); ${instead}`,
  )
}

/** An error Athena itself raises for the query (a type mismatch, an unknown column), as one line. */
export function sqlError(message: string): never {
  throw new QuerySqlError(`SQL error: ${message}; fix the query and run it again`)
}
