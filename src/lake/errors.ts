import { type ErrorKind, TunelakeError } from '../errors.js'

/** Base of the lake's errors: storage that is missing, refused, unreachable or misused. */
export class LakeError extends TunelakeError {
  readonly kind: ErrorKind = 'terminal'
}

/** A key that is not a relative path inside the lake (`..`, an absolute path, `a//b`). */
export class LakeKeyInvalidError extends LakeError {}

export class LakeObjectNotFoundError extends LakeError {}

/** A lake folder that cannot be written (permissions, read-only filesystem, a file in the way). */
export class LakeNotWritableError extends LakeError {}

/** A lake location that is neither a folder nor `s3://bucket/prefix`. */
export class LakeLocationInvalidError extends LakeError {
  override readonly kind: ErrorKind = 'bad-input'
}

/** The S3 bucket of the lake does not exist. */
export class LakeBucketMissingError extends LakeError {}

/** The store refused the request (IAM or bucket policy). */
export class LakeAccessDeniedError extends LakeError {}

/** No credentials, or credentials the store does not accept. */
export class LakeCredentialsError extends LakeError {}

/** The store could not be reached or failed on its side (network, 5xx, throttling): worth retrying. */
export class LakeUnavailableError extends LakeError {
  override readonly kind: ErrorKind = 'transient'
}
