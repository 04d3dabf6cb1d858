import pino from 'pino'
import { verdictOf } from '../errors.js'
import { prettyStream } from './pretty-stream.js'
import { REDACT_PATHS, REDACTED, secretScrubber } from './redact.js'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error']
export type LogFormat = 'json' | 'pretty'
export type LogFields = Record<string, unknown>

/**
 * The logging port: leveled lines with structured fields; `child` binds fields (a run id) to
 * every line it writes. Errors go in the `err` field.
 *
 * @example
 * const log = logger.child({ run_id: '20261123T060000Z-ab12cd' })
 * log.info('extract finished', { raw_objects: 44 })
 * log.error('run failed', { err: error })
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
  child(bindings: LogFields): Logger
}

export interface LoggerOptions {
  /** Default `info`. */
  level?: LogLevel
  /** `json`: one JSON object a line; `pretty`: a readable line. Default `json`. */
  format?: LogFormat
  /** A file descriptor (1 stdout, 2 stderr) or a stream; default 1. */
  destination?: number | NodeJS.WritableStream
  /** Secret values to scrub from every line (see `secretsFromEnv`). */
  secrets?: readonly string[]
  /** Colours in the pretty format; default off. */
  colorize?: boolean
  /** Fields on every line; default the process id. */
  base?: LogFields
  /** Include stack traces of logged errors; default off. */
  stacks?: boolean
}

/** A logger that writes nothing (the default of use cases called without one). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
}

/**
 * The pino adapter of the port. Secrets never leave it: known paths are blanked by pino's
 * `redact`, and every finished line (message, fields, error texts, stacks) passes a value-level
 * scrub of the configured secrets and of anything shaped like credentials before it is written.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? 1
  const stream =
    options.format === 'pretty'
      ? prettyStream(destination, options.colorize ?? false)
      : typeof destination === 'number'
        ? pino.destination({ dest: destination, sync: true })
        : destination
  const instance = pino(
    {
      level: options.level ?? 'info',
      base: options.base ?? { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACT_PATHS], censor: REDACTED },
      serializers: { err: errorSerializer(options.stacks ?? false) },
      hooks: { streamWrite: secretScrubber(options.secrets ?? []) },
    },
    stream as pino.DestinationStream,
  )
  return wrap(instance)
}

/** `pretty` when the stream is a terminal (and not in Lambda), else `json`; `TUNELAKE_LOG_FORMAT` decides first. */
export function logFormatFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): LogFormat {
  const forced = env.TUNELAKE_LOG_FORMAT
  if (forced === 'json' || forced === 'pretty') return forced
  return stream.isTTY && !env.AWS_LAMBDA_FUNCTION_NAME ? 'pretty' : 'json'
}

/** `TUNELAKE_LOG_LEVEL` if set and valid, else the given fallback. */
export function logLevelFrom(env: NodeJS.ProcessEnv, fallback: LogLevel): LogLevel {
  const level = env.TUNELAKE_LOG_LEVEL
  return LOG_LEVELS.includes(level as LogLevel) ? (level as LogLevel) : fallback
}

function wrap(instance: pino.Logger): Logger {
  const write =
    (level: LogLevel) =>
    (message: string, fields?: LogFields): void => {
      if (fields) instance[level](fields, message)
      else instance[level](message)
    }
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (bindings) => wrap(instance.child(bindings)),
  }
}

function errorSerializer(stacks: boolean) {
  return (error: unknown): unknown => {
    if (!(error instanceof Error)) return error
    const { kind, expected } = verdictOf(error)
    return {
      type: error.name,
      message: error.message,
      ...(expected ? { kind, retryable: kind === 'transient' } : {}),
      ...(stacks && error.stack ? { stack: error.stack } : {}),
    }
  }
}
