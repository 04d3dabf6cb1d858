import { oneLine, TunelakeError } from '../errors.js'
import { redactSecrets } from '../observability/redact.js'

/**
 * Runs a command's action; any error becomes one line on stderr and a non-zero exit:
 * 1 for a failure of the run, 2 for a problem with the input (config, arguments, SQL).
 */
export async function runAction(action: () => Promise<void>): Promise<void> {
  try {
    await action()
  } catch (error) {
    const known = error instanceof TunelakeError
    const text = known ? oneLine(error) : `unexpected error: ${oneLine(error)} (please report it)`
    // A server's error text can echo what was sent to it (an Authorization header, a form body).
    process.stderr.write(`tunelake: ${redactSecrets(text)}\n`)
    if (process.env.TUNELAKE_DEBUG && error instanceof Error) {
      process.stderr.write(`${redactSecrets(error.stack ?? '')}\n`)
    }
    process.exitCode = known && !error.retryable && isInputError(error) ? 2 : 1
  }
}

function isInputError(error: TunelakeError): boolean {
  return /^(ConfigError|QuerySqlError|QueryRefusedError|ArgumentError)$/.test(error.name)
}

export class ArgumentError extends TunelakeError {
  readonly retryable = false
}
