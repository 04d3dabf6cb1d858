/**
 * Base of every error tunelake raises on purpose. Each module has its own subclass
 * (`SpotifyError`, `LakeError`, ...) and `<Domain><Problem>Error` subclasses below it.
 *
 * The message is one line that says what was wrong and what to do; `retryable` tells the
 * runner whether trying again can help (a 503) or not (a 404, a bad config).
 *
 * @example
 * throw new ConfigInvalidError('config.json: sources[0].id is required; add the playlist id or URL')
 */
export abstract class TunelakeError extends Error {
  abstract readonly retryable: boolean

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
  }
}

/** The message of any thrown value, on one line. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.replace(/\s*\n\s*/g, ' ').trim()
}
