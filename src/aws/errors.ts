import { TunelakeError } from '../errors.js'

/** Base of the errors the Lambda handlers raise on purpose. */
export abstract class AwsHomeError extends TunelakeError {}

/** The function's environment or its event is not what the stack sets up: a deployment problem. */
export class AwsSetupError extends AwsHomeError {
  readonly retryable = false
}

/** The Spotify credentials in Secrets Manager are missing, unset or not the expected JSON. */
export class AwsSecretInvalidError extends AwsHomeError {
  readonly retryable = false
}

/** Secrets Manager could not be reached or refused the call. */
export class AwsSecretUnavailableError extends AwsHomeError {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** The Glue crawler is running: partitions written now may be missed by it, so try again later. */
export class AwsCrawlerBusyError extends AwsHomeError {
  readonly retryable = true
}
