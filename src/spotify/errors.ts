import { TunelakeError } from '../errors.js'

export abstract class SpotifyError extends TunelakeError {}

/** Credentials missing or refused (`invalid_client`): fix the configuration. */
export class SpotifyAuthError extends SpotifyError {
  readonly kind = 'terminal'
}

/** A 400/403/404 answer: asking again will not help. */
export class SpotifyRequestError extends SpotifyError {
  readonly kind = 'terminal'
  constructor(
    message: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** The API could not be reached, or kept answering 5xx, after all retries. */
export class SpotifyUnavailableError extends SpotifyError {
  readonly kind = 'transient'
}

/** 429 with a wait beyond the cap, or the quota is exhausted: resume after `resumeAt`. */
export class SpotifyRateLimitError extends SpotifyError {
  readonly kind = 'transient'
  declare readonly resumeAt: Date
  /** What Spotify said: the account's quota is used up (`QUOTA_EXCEEDED`), or wait longer than the cap. */
  readonly reason: 'QUOTA_EXCEEDED' | 'Retry-After beyond the cap'

  constructor(
    message: string,
    resumeAt: Date,
    options?: { cause?: unknown; reason?: SpotifyRateLimitError['reason'] },
  ) {
    super(message, { resumeAt, ...(options?.cause !== undefined && { cause: options.cause }) })
    this.reason = options?.reason ?? 'Retry-After beyond the cap'
  }
}

/** The user's refresh token expired or was revoked (`invalid_grant`): run `tunelake auth login`. */
export class SpotifyReauthRequiredError extends SpotifyError {
  readonly kind = 'terminal'
}

/** The token file is missing, unreadable, too open or not a tunelake token file. */
export class SpotifyTokenFileError extends SpotifyError {
  readonly kind = 'terminal'
}
