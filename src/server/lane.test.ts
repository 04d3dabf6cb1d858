import { describe, expect, it } from 'vitest'
import { QueryCancelledError } from '../query/errors.js'
import { ServerBusyError } from './errors.js'
import { Lane } from './lane.js'

/** A task that runs until `finish` is called, recording when it started. */
function task(started: string[], name: string) {
  let finish!: () => void
  const done = new Promise<string>((resolve) => {
    finish = () => resolve(name)
  })
  return {
    run: () => {
      started.push(name)
      return done
    },
    finish: () => finish(),
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('a lane of work', () => {
  it('runs its capacity at once, the rest in order as others finish, and refuses one past the queue', async () => {
    const lane = new Lane({ running: 2, queued: 1 }, (c) => `full: ${c.running} run, ${c.queued} wait`)
    const started: string[] = []
    const [a, b, c] = ['a', 'b', 'c'].map((name) => task(started, name)) as [
      ReturnType<typeof task>,
      ReturnType<typeof task>,
      ReturnType<typeof task>,
    ]
    const results = [lane.run(a.run), lane.run(b.run), lane.run(c.run)]
    await tick()
    expect(started).toEqual(['a', 'b'])
    await expect(lane.run(async () => 'd')).rejects.toThrow(new ServerBusyError('full: 2 run, 1 wait'))
    b.finish()
    await tick()
    expect(started).toEqual(['a', 'b', 'c'])
    a.finish()
    c.finish()
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c'])
    expect(await lane.run(async () => 'e')).toBe('e')
  })

  it('drops a waiting task whose client went away, and frees its place', async () => {
    const lane = new Lane({ running: 1, queued: 1 }, () => 'full')
    const started: string[] = []
    const first = task(started, 'first')
    const running = lane.run(first.run)
    const page = new AbortController()
    const waiting = lane.run(task(started, 'never').run, page.signal)
    page.abort()
    await expect(waiting).rejects.toBeInstanceOf(QueryCancelledError)
    const next = lane.run(async () => 'next')
    first.finish()
    expect(await running).toBe('first')
    expect(await next).toBe('next')
    expect(started).toEqual(['first'])
  })
})
