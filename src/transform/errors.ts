import { TunelakeError } from '../errors.js'

/**
 * Base of the errors the transform raises. Every one is terminal: the same raw object gives the
 * same answer on every attempt, so the runner quarantines it (with the message as the reason)
 * instead of retrying.
 */
export abstract class TransformError extends TunelakeError {}

/** A raw object that is not valid JSON or not a `tunelake.raw/v1` envelope. */
export class RawObjectInvalidError extends TransformError {
  readonly kind = 'terminal'
}

/** An envelope whose response body is not a shape the transform knows (or holds an error response). */
export class ResponseShapeError extends TransformError {
  readonly kind = 'terminal'
}

/** `buildTables` was given contents of more than one snapshot_date partition: a caller bug. */
export class SnapshotDateMixedError extends TransformError {
  readonly kind = 'terminal'
}
