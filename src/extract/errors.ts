import { TunelakeError } from '../errors.js'

/** A source that cannot be extracted as configured (unknown or unreadable playlist). */
export class ExtractSourceError extends TunelakeError {
  readonly retryable = false
}
