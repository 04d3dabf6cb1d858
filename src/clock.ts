/**
 * Time for everything that schedules: the current instant and one-shot timers. The daemon,
 * the lease and the retry logic take one, so tests drive them with a ManualClock.
 *
 * @example
 * const clock = new ManualClock(Date.parse('2026-03-28T10:00:00Z'))
 * clock.setTimeout(() => console.log('fired'), 60_000)
 * await clock.advance(60_000) // prints "fired"
 */
export interface Clock {
  now(): number
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** Node's timers cap at about 24.8 days; longer waits are re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    const at = Date.now() + ms
    const handle: { timer?: NodeJS.Timeout } = {}
    const arm = () => {
      const left = at - Date.now()
      handle.timer =
        left > MAX_TIMER_MS ? setTimeout(arm, MAX_TIMER_MS) : setTimeout(callback, Math.max(0, left))
    }
    arm()
    return handle
  },
  clearTimeout(handle) {
    clearTimeout((handle as { timer?: NodeJS.Timeout } | undefined)?.timer)
  },
}
