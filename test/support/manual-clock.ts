import type { Clock } from '../../src/clock.js'

interface ManualTimer {
  at: number
  seq: number
  callback: () => void
}

/** A clock that only moves when told; due timers fire in time order as it advances. */
export class ManualClock implements Clock {
  #now: number
  #seq = 0
  #timers = new Set<ManualTimer>()

  constructor(start: number | string) {
    this.#now = typeof start === 'string' ? Date.parse(start) : start
  }

  now(): number {
    return this.#now
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, callback }
    this.#timers.add(timer)
    return timer
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as ManualTimer)
  }

  /** Moves to `target` (epoch ms or ISO), firing every timer due on the way, letting the work each starts settle. */
  async advanceTo(target: number | string): Promise<void> {
    const end = typeof target === 'string' ? Date.parse(target) : target
    for (;;) {
      const next = [...this.#timers]
        .filter((t) => t.at <= end)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0]
      if (!next) break
      this.#timers.delete(next)
      this.#now = Math.max(this.#now, next.at)
      next.callback()
      await settle()
    }
    this.#now = Math.max(this.#now, end)
    await settle()
  }

  advance(ms: number): Promise<void> {
    return this.advanceTo(this.#now + ms)
  }

  /** When the next timer is due, if any. */
  nextTimerAt(): number | undefined {
    const times = [...this.#timers].map((t) => t.at)
    return times.length > 0 ? Math.min(...times) : undefined
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve))
}
