import { QueryRefusedError, QuerySqlError } from '../errors.js'

/**
 * Refuses, before anything runs, a construct whose Athena answer the local engine does not
 * reproduce: one line that names it and says what to write instead.
 *
 * @example
 * refuse('zip_with()', 'write it with zip() and transform(), or run the query on Athena')
 * // QueryRefusedError: zip_with() is not reproduced by the local engine (it would not give Athena's answer); write it with ...
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
