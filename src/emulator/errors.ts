import { TunelakeError } from '../errors.js'

/**
 * A request the emulator answers with an error response, thrown by handlers and turned into the
 * HTTP answer by the server. `body` is the exact JSON Spotify sends: `{"error":{status,message}}`
 * for the Web API, `{"error","error_description"}` for the accounts service.
 *
 * @example
 * throw apiError(404, 'Resource not found')
 */
export class EmulatorRequestError extends TunelakeError {
  readonly kind = 'terminal'

  constructor(
    readonly status: number,
    readonly body: Record<string, unknown> | string,
    readonly headers: Readonly<Record<string, string>> = {},
    /** Set for a plain-text body (an `/authorize` error page, a plain-text 429). */
    readonly contentType?: string,
  ) {
    super(`emulator answered ${status}: ${typeof body === 'string' ? body : JSON.stringify(body)}`)
  }
}

/** An invalid option passed to `startEmulator` or the admin routes. */
export class EmulatorOptionError extends TunelakeError {
  readonly kind = 'bad-input'
}

/** A Web API error `{"error":{"status":N,"message":"..."}}`. */
export function apiError(
  status: number,
  message: string,
  headers?: Record<string, string>,
): EmulatorRequestError {
  return new EmulatorRequestError(status, { error: { status, message } }, headers)
}

/** 404 `Resource not found` (unknown id, or an editorial playlist in development mode). */
export const notFound = () => apiError(404, 'Resource not found')
/** 403 `Forbidden` (endpoint removed in development mode, or a playlist the user does not own). */
export const forbidden = () => apiError(403, 'Forbidden')
/** 400 `invalid id` (not 22 base62 characters). */
export const invalidId = () => apiError(400, 'invalid id')
/** Any other 400 with Spotify's message. */
export const invalidRequest = (message: string) => apiError(400, message)

/** An accounts-service (OAuth) error `{"error":"...","error_description":"..."}`, status 400. */
export function oauthError(error: string, description: string): EmulatorRequestError {
  return new EmulatorRequestError(400, { error, error_description: description })
}
