import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../test/support/manual-clock.js'
import { type Job, WorkQueue } from './work-queue.js'

function recorder() {
  const events: string[] = []
  let running = 0
  let most = 0
  const job = (key: string, work: (signal: AbortSignal) => Promise<unknown> = async () => {}): Job => ({
    key,
    run: async (signal) => {
      running++
      most = Math.max(most, running)
      events.push(`start ${key}`)
      try {
        return await work(signal)
      } finally {
        running--
        events.push(`end ${key}`)
      }
    },
  })
  return { events, job, most: () => most }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

describe('WorkQueue', () => {
  it('runs one job at a time, in the order added', async () => {
    const r = recorder()
    const queue = new WorkQueue(new ManualClock(0), { onError: () => {} })
    for (const key of ['a', 'b', 'c']) queue.add(r.job(key, tick))
    await queue.whenIdle()
    expect(r.events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c'])
    expect(r.most()).toBe(1)
  })

  it('merges a job into the pending one with its key', async () => {
    const r = recorder()
    const queue = new WorkQueue(new ManualClock(0), { onError: () => {} })
    const merged: string[] = []
    const mergeable = (label: string): Job => ({
      ...r.job('m'),
      merge: (incoming) => {
        merged.push(`${label}+${(incoming as { label?: string }).label}`)
        return mergeable(`${label}+`)
      },
      ...{ label },
    })
    queue.add(r.job('first', tick)) // keeps the queue busy while the others arrive
    queue.add(mergeable('x'))
    queue.add(mergeable('y'))
    await queue.whenIdle()
    expect(merged).toEqual(['x+y'])
    expect(r.events.filter((e) => e === 'start m')).toHaveLength(1)
  })

  it('tries a deferred job again when the clock says so, and is not idle meanwhile', async () => {
    const clock = new ManualClock(0)
    const r = recorder()
    let free = false
    const queue = new WorkQueue(clock, {
      before: async () => (free ? undefined : { retryAt: clock.now() + 5_000 }),
      onError: () => {},
    })
    queue.add(r.job('a'))
    let idle = false
    void queue.whenIdle().then(() => {
      idle = true
    })
    await clock.advance(4_999)
    expect(idle).toBe(false)
    free = true
    await clock.advance(1)
    await queue.whenIdle()
    expect(r.events).toEqual(['start a', 'end a'])
  })

  it('on stop aborts the job in hand, lets it finish, and drops the rest', async () => {
    const r = recorder()
    const queue = new WorkQueue(new ManualClock(0), { onError: () => {} })
    let sawAbort = false
    queue.add(
      r.job('long', async (signal) => {
        while (!signal.aborted) await tick()
        sawAbort = true
      }),
    )
    queue.add(r.job('next'))
    await tick()
    await queue.stop()
    expect(sawAbort).toBe(true)
    expect(r.events).toEqual(['start long', 'end long'])
    queue.add(r.job('after'))
    await queue.whenIdle()
    expect(r.events).not.toContain('start after')
  })

  it('hands a failing job to onError and goes on', async () => {
    const r = recorder()
    const errors: string[] = []
    const queue = new WorkQueue(new ManualClock(0), {
      onError: (job, error) => errors.push(`${job.key}: ${error}`),
    })
    queue.add(
      r.job('bad', async () => {
        throw new Error('boom')
      }),
    )
    queue.add(r.job('good'))
    await queue.whenIdle()
    expect(errors).toEqual(['bad: Error: boom'])
    expect(r.events).toContain('end good')
  })
})
