import { type ErrorKind, TunelakeError } from '../errors.js'

export class QueryError extends TunelakeError {
  readonly kind: ErrorKind = 'terminal'
}

/** The SQL itself is wrong (syntax, unknown table or column, a bad argument). */
export class QuerySqlError extends QueryError {
  override readonly kind: ErrorKind = 'bad-input'
}

/** The statement is not allowed on the read-only engine (not a single SELECT, reads outside the lake). */
export class QueryRefusedError extends QueryError {
  override readonly kind: ErrorKind = 'bad-input'
}

/** The query ran past the engine's time limit and was stopped. */
export class QueryTimeoutError extends QueryError {}

/** The query reached one of its limits (memory, temp space, result size); the message names it and how to raise it. */
export class QueryLimitError extends QueryError {}

/** The query was cancelled (Ctrl-C, an aborted signal, `engine.cancel()`). */
export class QueryCancelledError extends QueryError {}

/** The engine could not run the query for a reason of its own (an Athena system error, throttling). */
export class QueryEngineError extends QueryError {
  override readonly kind: ErrorKind

  constructor(message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause })
    this.kind = options.retryable ? 'transient' : 'terminal'
  }
}

/** The engine cannot be reached or is not set up (no credentials, no such workgroup, no access). */
export class QuerySetupError extends QueryError {}
