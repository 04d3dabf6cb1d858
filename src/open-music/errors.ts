import { TunelakeError } from '../errors.js'

/** Base of the MusicBrainz and ListenBrainz client's errors. */
export abstract class OpenMusicError extends TunelakeError {}

/**
 * A request the service refused for good (400, 401, 403, 405, 406, 415): a bug in what tunelake
 * sent, or a configuration to fix (the User-Agent's contact, the ListenBrainz token). Asking
 * again will not help.
 */
export class OpenMusicRequestError extends OpenMusicError {
  readonly kind = 'terminal'

  constructor(
    message: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/**
 * The service could not be reached, or kept refusing (load shedding, its rate limit, 5xx) after
 * every retry: try again later, after `resumeAt` when the service named a time.
 */
export class OpenMusicUnavailableError extends OpenMusicError {
  readonly kind = 'transient'

  constructor(message: string, resumeAt?: Date, options?: { cause?: unknown }) {
    super(message, { ...options, ...(resumeAt ? { resumeAt } : {}) })
  }
}
