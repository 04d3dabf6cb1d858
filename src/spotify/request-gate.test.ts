import { describe, expect, it } from 'vitest'
import { RequestGate } from './request-gate.js'

/** A fake clock that `sleep` advances. */
function fakeTime() {
  let now = 0
  const sleeps: number[] = []
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      now += ms
    },
    sleeps,
  }
}

describe('RequestGate', () => {
  it('lets at most N requests leave in any rolling window, widened a little for transit time', async () => {
    const time = fakeTime()
    const gate = new RequestGate({ requests: 4, windowMs: 1000 }, time.now, time.sleep)
    const sent: number[] = []
    for (let i = 0; i < 10; i++) {
      await gate.acquire()
      sent.push(time.now())
    }
    for (const t of sent) {
      const inWindow = sent.filter((s) => s > t - 1000 && s <= t).length
      expect(inWindow).toBeLessThanOrEqual(4)
    }
    expect(sent.slice(0, 4)).toEqual([0, 0, 0, 0])
    expect(sent[4]).toBe(1051) // 1000 ms window + 5% margin + 1 ms
  })

  it('holds every request back after a pause (a 429 Retry-After), once', async () => {
    const time = fakeTime()
    const gate = new RequestGate(undefined, time.now, time.sleep)
    gate.pause(3000)
    gate.pause(1000)
    await gate.acquire()
    expect(time.sleeps).toEqual([3000])
    await gate.acquire()
    expect(time.sleeps).toEqual([3000])
  })

  it('refuses a limit of zero requests', () => {
    const time = fakeTime()
    expect(() => new RequestGate({ requests: 0 }, time.now, time.sleep)).toThrow(/at least 1 request/)
  })
})
