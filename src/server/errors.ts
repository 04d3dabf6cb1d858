import { type ErrorKind, TunelakeError } from '../errors.js'

/** Base of the dashboard server's errors. */
export class ServerError extends TunelakeError {
  readonly kind: ErrorKind = 'terminal'
}

/** The server may not listen where it was asked to (a non-loopback host without a token, a weak token). */
export class ServerBindRefusedError extends ServerError {
  override readonly kind: ErrorKind = 'bad-input'
}

/** The address is taken or cannot be bound. */
export class ServerListenError extends ServerError {}

/** The page's built assets are missing (`npm run build` was not run). */
export class ServerAssetsMissingError extends ServerError {}

/** A lane of the dashboard's queries is full (a 503): the message says which and what to do. */
export class ServerBusyError extends ServerError {
  override readonly kind: ErrorKind = 'transient'
}
