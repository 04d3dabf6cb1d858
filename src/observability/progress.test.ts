import { describe, expect, it } from 'vitest'
import { progressReporter } from './progress.js'

function harness(live: boolean) {
  let text = ''
  let t = 0
  const reporter = progressReporter({
    stream: { write: (chunk: string) => (text += chunk) },
    live,
    now: () => t,
    plainIntervalMs: 5_000,
  })
  return {
    reporter,
    at: (ms: number) => {
      t = ms
    },
    text: () => text,
  }
}

describe('progressReporter', () => {
  it('writes plain lines off a terminal: a few while running, a final one per stage', () => {
    const h = harness(false)
    h.reporter.onProgress({ stage: 'extract', done: 0, unit: 'raw objects' })
    for (let i = 1; i <= 40; i++) {
      h.at(i * 250)
      h.reporter.onProgress({ stage: 'extract', done: i, unit: 'raw objects' })
    }
    h.at(10_500)
    h.reporter.onProgress({ stage: 'transform', done: 0, total: 44, unit: 'raw objects' })
    h.at(12_500)
    h.reporter.onProgress({ stage: 'transform', done: 44, total: 44, unit: 'raw objects' })
    h.reporter.finish()
    expect(h.text().split('\n')).toEqual([
      'extract: 20 raw objects (4.0/s)',
      'extract: 40 raw objects (4.0/s)',
      'extract: 40 raw objects in 10.5 s (3.8/s)',
      'transform: 44 of 44 raw objects in 2.0 s (22/s)',
      '',
    ])
    expect(h.text()).not.toContain('\r')
  })

  it('rewrites one line in place on a terminal, at most ten times a second', () => {
    const h = harness(true)
    h.reporter.onProgress({ stage: 'transform', done: 0, total: 10, unit: 'raw objects' })
    for (let i = 1; i <= 10; i++) {
      h.at(i * 30)
      h.reporter.onProgress({ stage: 'transform', done: i, total: 10, unit: 'raw objects' })
    }
    h.reporter.finish()
    const frames = h.text().split('\r\x1b[K').filter(Boolean)
    expect(frames[0]).toBe('transform: 0 of 10 raw objects')
    expect(frames.length).toBeLessThanOrEqual(5)
    expect(frames.at(-1)).toBe('transform: 10 of 10 raw objects in 0.3 s (33/s)\n')
  })

  it('finishes nothing when nothing started', () => {
    const h = harness(false)
    h.reporter.finish()
    expect(h.text()).toBe('')
  })
})
