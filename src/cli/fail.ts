import { TunelakeError, verdictOf } from '../errors.js'
import { redactSecrets } from '../observability/redact.js'

/**
 * Runs a command's action; any error becomes one line on stderr and a non-zero exit: 2 for bad
 * input (config, arguments, SQL), 1 for anything else (a failed run).
 */
export async function runAction(action: () => Promise<void>): Promise<void> {
  try {
    await action()
  } catch (error) {
    const { kind, message, expected } = verdictOf(error)
    const text = expected ? message : `unexpected error: ${message} (please report it)`
    // A server's error text can echo what was sent to it (an Authorization header, a form body).
    process.stderr.write(`tunelake: ${redactSecrets(text)}\n`)
    if (process.env.TUNELAKE_DEBUG && error instanceof Error) {
      process.stderr.write(`${redactSecrets(error.stack ?? '')}\n`)
    }
    process.exitCode = kind === 'bad-input' ? 2 : 1
  }
}

/** A command-line argument or option that is not usable. */
export class ArgumentError extends TunelakeError {
  readonly kind = 'bad-input'
}
