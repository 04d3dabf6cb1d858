import { type ErrorKind, TunelakeError } from '../errors.js'

/** Base of the errors the Lambda handlers raise on purpose. */
export abstract class AwsHomeError extends TunelakeError {}

/** The function's environment or its event is not what the stack sets up: a deployment problem. */
export class AwsSetupError extends AwsHomeError {
  readonly kind = 'terminal'
}

/** The Spotify credentials in Secrets Manager are missing, unset or not the expected JSON. */
export class AwsSecretInvalidError extends AwsHomeError {
  readonly kind = 'terminal'
}

/** Secrets Manager could not be reached or refused the call. */
export class AwsSecretUnavailableError extends AwsHomeError {
  readonly kind: ErrorKind

  constructor(message: string, retryable: boolean, options?: { cause?: unknown }) {
    super(message, options)
    this.kind = retryable ? 'transient' : 'terminal'
  }
}
