import { oneLine } from '../../errors.js'
import {
  QueryCancelledError,
  QueryEngineError,
  type QueryError,
  QueryRefusedError,
  QuerySetupError,
  QuerySqlError,
  QueryTimeoutError,
} from '../errors.js'

/** What GetQueryExecution says about a query that did not succeed. */
export interface AthenaFailure {
  state: 'FAILED' | 'CANCELLED'
  reason: string | undefined
  error?: { ErrorCategory?: number; ErrorType?: number; Retryable?: boolean; ErrorMessage?: string }
}

const SCAN_LIMIT = /scanned limit|bytesscannedcutoff|data scanned.*exceed/i

/**
 * A failed or cancelled Athena query as one clear error: the user's SQL (category 2), Athena's
 * own trouble (category 1, retryable as Athena says), its time limit (types 206, 210), its
 * resources (types 0-8), the workgroup's scan limit.
 */
export function athenaFailure(failure: AthenaFailure): QueryError {
  const reason = oneLine(failure.error?.ErrorMessage ?? failure.reason ?? 'no reason given')
  if (SCAN_LIMIT.test(reason)) {
    return new QueryRefusedError(
      `Athena stopped the query at the workgroup's limit on bytes scanned (${reason}); filter on snapshot_date or select fewer columns`,
    )
  }
  if (failure.state === 'CANCELLED')
    return new QueryCancelledError(`the query was cancelled in Athena (${reason})`)
  const type = failure.error?.ErrorType
  if (type === 206 || type === 210) {
    return new QueryTimeoutError(
      `Athena stopped the query at its time limit (${reason}); narrow it with a partition filter`,
    )
  }
  if (type !== undefined && type >= 0 && type <= 8) {
    return new QueryEngineError(
      `Athena ran out of resources for the query (${reason}); filter or aggregate more before joining`,
      { retryable: false },
    )
  }
  if (failure.error?.ErrorCategory === 2) {
    return new QuerySqlError(`SQL error (Athena): ${reason}; fix the query and run it again`)
  }
  const retryable = failure.error?.Retryable ?? failure.error?.ErrorCategory === 1
  return new QueryEngineError(
    `Athena failed the query (${reason})${retryable ? '; it may succeed if you run it again' : ''}`,
    { retryable },
  )
}

/** An error thrown by an Athena API call (AWS SDK exception) as a clear query error. */
export function athenaCallError(error: unknown, context: { workgroup: string; action: string }): QueryError {
  const name = error instanceof Error ? error.name : ''
  const message = oneLine(error)
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return new QuerySetupError(
      'no AWS credentials found for Athena; set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) and AWS_REGION',
      { cause: error },
    )
  }
  if (/region is missing/i.test(message)) {
    return new QuerySetupError(
      'no AWS region set for Athena; set athena.region in the config or AWS_REGION',
      {
        cause: error,
      },
    )
  }
  if (name === 'AccessDeniedException' || /not authorized/i.test(message)) {
    return new QuerySetupError(
      `AWS denied ${context.action} on workgroup ${context.workgroup} (${message}); grant the caller athena:${context.action} and read access to the lake's Glue tables and S3 objects`,
      { cause: error },
    )
  }
  if (/workgroup .*(not found|does not exist)|ResourceNotFound/i.test(`${message} ${name}`)) {
    return new QuerySetupError(
      `Athena workgroup ${context.workgroup} does not exist in this account and region; fix athena.workgroup in the config`,
      { cause: error },
    )
  }
  if (/output location|OutputLocation|output bucket/i.test(message)) {
    return new QuerySetupError(
      `Athena has nowhere to write results (${message}); set athena.output_location in the config or give the workgroup a result location`,
      { cause: error },
    )
  }
  if (name === 'TooManyRequestsException' || name === 'ThrottlingException') {
    return new QueryEngineError(
      `Athena is throttling requests (${message}); wait a moment and run it again`,
      {
        retryable: true,
        cause: error,
      },
    )
  }
  if (name === 'InternalServerException') {
    return new QueryEngineError(`Athena had an internal error (${message}); run it again`, {
      retryable: true,
      cause: error,
    })
  }
  if (name === 'InvalidRequestException') {
    return new QuerySqlError(`SQL error (Athena): ${message}; fix the query and run it again`, {
      cause: error,
    })
  }
  return new QueryEngineError(`Athena ${context.action} failed: ${message}`, {
    retryable: false,
    cause: error,
  })
}

/** Errors worth sending the same request again for (with the same idempotency token). */
export function isTransient(error: unknown): boolean {
  const name = error instanceof Error ? error.name : ''
  return (
    /^(TooManyRequestsException|ThrottlingException|InternalServerException|TimeoutError)$/.test(name) ||
    /ECONNRESET|ETIMEDOUT|EAI_AGAIN|socket hang up/i.test(error instanceof Error ? error.message : '')
  )
}
