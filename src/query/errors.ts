import { TunelakeError } from '../errors.js'

export class QueryError extends TunelakeError {
  readonly retryable: boolean = false
}

/** The SQL itself is wrong (syntax, unknown table or column). */
export class QuerySqlError extends QueryError {}

/** The statement is not allowed on the read-only engine (not a single SELECT). */
export class QueryRefusedError extends QueryError {}
