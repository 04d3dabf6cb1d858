const COLOURS: Record<string, string> = {
  debug: '\x1b[90m',
  info: '\x1b[32m',
  warn: '\x1b[33m',
  error: '\x1b[31m',
}
const RESET = '\x1b[0m'
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'run_id', 'err'])

/** A destination for pino that turns each JSON line into one readable line. */
export function prettyStream(
  destination: number | NodeJS.WritableStream,
  colorize: boolean,
): { write(line: string): void } {
  const target = destination === 1 ? process.stdout : destination === 2 ? process.stderr : destination
  if (typeof target === 'number') throw new Error(`cannot write pretty logs to file descriptor ${target}`)
  return { write: (line) => void target.write(prettyLine(line, colorize)) }
}

/**
 * `12:00:01 INFO  [run 20261123T060000Z-ab12cd] extract finished raw_objects=44`: local time,
 * level, run id, message, then the other fields as key=value.
 */
export function prettyLine(json: string, colorize = false): string {
  let entry: Record<string, unknown>
  try {
    entry = JSON.parse(json) as Record<string, unknown>
  } catch {
    return json
  }
  const level = String(entry.level ?? 'info')
  const time = typeof entry.time === 'string' ? new Date(entry.time) : new Date()
  const clock = [time.getHours(), time.getMinutes(), time.getSeconds()]
    .map((n) => String(n).padStart(2, '0'))
    .join(':')
  const label = level.toUpperCase().padEnd(5)
  let line = `${clock} ${colorize ? `${COLOURS[level] ?? ''}${label}${RESET}` : label}`
  if (entry.run_id !== undefined) line += ` [run ${String(entry.run_id)}]`
  line += ` ${String(entry.msg ?? '')}`
  for (const [key, value] of Object.entries(entry)) {
    if (!HIDDEN.has(key)) line += ` ${key}=${show(value)}`
  }
  const err = entry.err as { message?: unknown; stack?: unknown } | undefined
  if (err && typeof err === 'object') {
    line += `: ${String(err.message ?? '')}`
    if (typeof err.stack === 'string') line += `\n${err.stack}`
  }
  return `${line}\n`
}

function show(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value)
  return JSON.stringify(value)
}
