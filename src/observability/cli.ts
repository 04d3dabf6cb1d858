import { createLogger, type Logger, logFormatFor, logLevelFrom, silentLogger } from './logger.js'
import { type ProgressReporter, progressReporter } from './progress.js'
import { secretsFromEnv } from './redact.js'

/**
 * Progress of a long CLI command: a live line on stderr when stderr is a terminal, else plain
 * lines on stdout (so stderr keeps only the one-line error of a failure).
 *
 * @example
 * const progress = cliProgress()
 * await transformDates(store, dates, { onProgress: progress.onProgress })
 * progress.finish()
 */
export function cliProgress(
  streams: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream } = process,
): ProgressReporter {
  return streams.stderr.isTTY
    ? progressReporter({ stream: streams.stderr, live: true })
    : progressReporter({ stream: streams.stdout, live: false })
}

/**
 * The logger of a one-shot CLI command: silent unless `TUNELAKE_LOG_LEVEL` asks for lines, which
 * then go to stderr (readable on a terminal, JSON otherwise), secrets of the environment scrubbed.
 */
export function cliLogger(env: NodeJS.ProcessEnv = process.env): Logger {
  if (!env.TUNELAKE_LOG_LEVEL) return silentLogger
  return createLogger({
    level: logLevelFrom(env, 'info'),
    format: logFormatFor(process.stderr, env),
    destination: 2,
    colorize: process.stderr.isTTY === true,
    secrets: secretsFromEnv(env),
  })
}
