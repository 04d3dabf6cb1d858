import { oneLine } from '../../errors.js'
import {
  LakeAccessDeniedError,
  LakeBucketMissingError,
  LakeCredentialsError,
  LakeError,
  LakeUnavailableError,
} from '../errors.js'

const CREDENTIAL_CODES = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'InvalidClientTokenId',
])
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'])

interface SdkError {
  name?: string
  code?: string
  Code?: string
  message?: string
  $metadata?: { httpStatusCode?: number }
  $fault?: 'client' | 'server'
  cause?: unknown
}

/**
 * Translates an AWS SDK error from an S3 call into a one-line `LakeError` that says what to do.
 * Messages never carry credentials (not even the access key id). Errors that are already
 * `LakeError`s, and errors the table does not cover, pass through unchanged.
 */
export function translateS3Error(error: unknown, where: { bucket: string; location: string }): unknown {
  if (error instanceof LakeError || typeof error !== 'object' || error === null) return error
  const e = error as SdkError
  const code = e.Code ?? e.name ?? ''
  const status = e.$metadata?.httpStatusCode
  const options = { cause: error }
  if (code === 'NoSuchBucket') {
    return new LakeBucketMissingError(
      `the S3 bucket "${where.bucket}" does not exist (lake ${where.location}); create it or fix --lake`,
      options,
    )
  }
  if (CREDENTIAL_CODES.has(code)) {
    return new LakeCredentialsError(
      `S3 rejected the credentials (${code}) for ${where.location}; check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE`,
      options,
    )
  }
  if (code === 'CredentialsProviderError') {
    return new LakeCredentialsError(
      `no AWS credentials found for ${where.location}; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE`,
      options,
    )
  }
  if (code === 'AccessDenied' || code === 'AllAccessDisabled' || code === 'Forbidden' || status === 403) {
    return new LakeAccessDeniedError(
      `S3 denied access to ${where.location} (${code || 403}); allow s3:ListBucket, s3:GetObject, s3:PutObject and s3:DeleteObject on it for these credentials`,
      options,
    )
  }
  if (/region is missing/i.test(e.message ?? '')) {
    return new LakeCredentialsError(
      `no AWS region configured for ${where.location}; set AWS_REGION (or a region in your AWS profile)`,
      options,
    )
  }
  const network = networkCode(error)
  if (network) {
    return new LakeUnavailableError(
      `cannot reach S3 for ${where.location} (${network}); check the network, or AWS_ENDPOINT_URL_S3 for an S3-compatible store`,
      options,
    )
  }
  if (e.$fault === 'server' || (status !== undefined && status >= 500) || code === 'SlowDown') {
    return new LakeUnavailableError(
      `S3 failed on its side for ${where.location} (${code || status}: ${oneLine(e.message ?? '')}); try again later`,
      options,
    )
  }
  return error
}

/** The errno code of a network failure, looking through `cause`s (the SDK wraps them). */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const e = current as SdkError
    if (e.code && NETWORK_CODES.has(e.code)) return e.code
    if (e.name === 'TimeoutError') return 'timeout'
    const errors = (current as { errors?: unknown[] }).errors
    if (Array.isArray(errors) && errors.length > 0) current = errors[0]
    else current = e.cause
  }
  return undefined
}
