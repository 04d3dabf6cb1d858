/**
 * What can be done about an error, the one thing its readers act on:
 *
 * - `bad-input`: the user's input is wrong (config, arguments, SQL): fix it and run again.
 * - `terminal`: trying again gives the same answer (a 404, access denied, a corrupt file).
 * - `transient`: trying again may help (a 5xx, the network, a busy lake, a rate limit), at the
 *   error's `resumeAt` when it knows when.
 */
export type ErrorKind = 'bad-input' | 'terminal' | 'transient'

/**
 * Base of every error tunelake raises on purpose. Each module has its own subclass
 * (`SpotifyError`, `LakeError`, ...) and `<Domain><Problem>Error` subclasses below it, each
 * with its kind. The message is one line that says what was wrong and what to do.
 *
 * @example
 * export class ConfigError extends TunelakeError {
 *   readonly kind = 'bad-input'
 * }
 * throw new ConfigError('config.json: sources[0].id is required; add the playlist id or URL')
 */
export abstract class TunelakeError extends Error {
  abstract readonly kind: ErrorKind
  /** When a transient failure can be tried again, if the error knows (Spotify's Retry-After). */
  readonly resumeAt: Date | undefined

  constructor(message: string, options?: { cause?: unknown; resumeAt?: Date }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.resumeAt = options?.resumeAt
  }

  /** Whether trying again can help: the kind, as the logs show it. */
  get retryable(): boolean {
    return this.kind === 'transient'
  }
}

/** How a failure is handled, whatever was thrown. */
export interface ErrorVerdict {
  kind: ErrorKind
  /** One line: what was wrong and what to do. */
  message: string
  /** False for anything but a TunelakeError: a bug, or a failure nothing translated. */
  expected: boolean
  /** For a transient failure: when to try again, when the error says. */
  resumeAt?: Date
}

/**
 * The one reading of a thrown value, for every reader: the CLI (exit code and message), the
 * dashboard's server (HTTP status), the daemon's schedule (retry or not, and when) and the
 * transform function (an SQS message redelivered or not). As dlt's loader does, only what is
 * marked bad input or terminal is given up at once; anything unexpected counts as transient, so
 * the retries are bounded by the reader (the daemon's attempts, the queue's receive count).
 *
 * @example
 * const { kind, resumeAt } = verdictOf(error)
 * if (kind === 'transient') retryAt(resumeAt ?? backoff())
 */
export function verdictOf(error: unknown): ErrorVerdict {
  if (!(error instanceof TunelakeError))
    return { kind: 'transient', message: oneLine(error), expected: false }
  return {
    kind: error.kind,
    message: oneLine(error),
    expected: true,
    ...(error.kind === 'transient' && error.resumeAt ? { resumeAt: error.resumeAt } : {}),
  }
}

/** The message of any thrown value, on one line. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.replace(/\s*\n\s*/g, ' ').trim()
}
