import { TunelakeError } from '../errors.js'

/** Base of the import's errors. */
export abstract class ImportError extends TunelakeError {}

/**
 * What was given is not a Spotify export the import can take (no listening files, the wrong
 * package, a truncated or non-JSON file, another service's file) or it belongs to another
 * Spotify account than the lake's: bad input, nothing was written.
 */
export class ExportInputError extends ImportError {
  readonly kind = 'bad-input'
}

/** The import was stopped (a signal, a lost lease) between two raw objects: importing again lands the rest. */
export class ImportStoppedError extends ImportError {
  readonly kind = 'transient'
}
