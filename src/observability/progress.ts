/** Where long work stands: `done` of `total` (when known) units of one stage. */
export interface ProgressEvent {
  stage: string
  done: number
  total?: number
  /** What is counted, plural: `raw objects`, `tables`. */
  unit?: string
}

/**
 * The callback long use cases accept to report progress; the CLI passes a reporter's
 * `onProgress`, tests a spy.
 *
 * @example
 * await transformStage(store, dates, { onProgress: (e) => console.log(e.stage, e.done, e.total) })
 */
export type OnProgress = (event: ProgressEvent) => void

export interface ProgressReporter {
  readonly onProgress: OnProgress
  /** Ends the current stage's line. */
  finish(): void
}

export interface ProgressOptions {
  stream: { write(text: string): unknown; isTTY?: boolean }
  /** One live line rewritten in place (a terminal); else plain lines. Default `stream.isTTY`. */
  live?: boolean
  now?: () => number
  /** Plain lines: at most one progress line per stage this often (default 5 s), plus its final line. */
  plainIntervalMs?: number
}

interface StageState {
  event: ProgressEvent
  startedAt: number
  lastWriteAt: number
}

const LIVE_INTERVAL_MS = 100

/**
 * Shows progress: on a terminal one line per stage, rewritten in place at most ten times a
 * second (stage, done of total, rate); otherwise a plain line now and then and a final line per
 * stage, fit for log files.
 */
export function progressReporter(options: ProgressOptions): ProgressReporter {
  const now = options.now ?? (() => performance.now())
  const live = options.live ?? options.stream.isTTY === true
  const plainInterval = options.plainIntervalMs ?? 5_000
  let current: StageState | undefined
  const write = (text: string) => void options.stream.write(text)

  const close = () => {
    if (!current) return
    const line = describe(current, now(), true)
    write(live ? `\r\x1b[K${line}\n` : `${line}\n`)
    current = undefined
  }

  return {
    onProgress(event) {
      const at = now()
      if (current?.event.stage !== event.stage) {
        close()
        current = { event, startedAt: at, lastWriteAt: at }
        if (live) write(`\r\x1b[K${describe(current, at, false)}`)
        return
      }
      current.event = event
      const interval = live ? LIVE_INTERVAL_MS : plainInterval
      if (at - current.lastWriteAt < interval) return
      current.lastWriteAt = at
      const line = describe(current, at, false)
      write(live ? `\r\x1b[K${line}` : `${line}\n`)
    },
    finish: close,
  }
}

function describe(state: StageState, at: number, final: boolean): string {
  const { stage, done, total, unit } = state.event
  const seconds = (at - state.startedAt) / 1000
  const count = total === undefined ? `${done}` : `${done} of ${total}`
  const rate = seconds > 0 ? done / seconds : 0
  const pace = done > 0 && seconds >= 0.05 ? ` (${rate.toFixed(rate < 10 ? 1 : 0)}/s)` : ''
  const took = final ? ` in ${seconds.toFixed(1)} s` : ''
  return `${stage}: ${count}${unit ? ` ${unit}` : ''}${took}${pace}`
}
