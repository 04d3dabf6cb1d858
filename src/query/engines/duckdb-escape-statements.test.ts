import { describe, expect, it } from 'vitest'
import { expectStopped, STATEMENT_ATTEMPTS } from '../../../test/support/escape-attempts.js'
import { escapeEngine } from '../../../test/support/escape-lake.js'

const lake = escapeEngine()

describe('only one SELECT runs: nothing writes, loads, attaches or reconfigures', () => {
  it.each(STATEMENT_ATTEMPTS.map((a) => [a.name, a] as const))('%s', async (_, attempt) => {
    await expectStopped(lake.engine, attempt, lake.paths)
  })

  it('still answers a plain SELECT afterwards, over the same views', async () => {
    expect((await lake.engine.run('SELECT count(*) AS n FROM tracks')).rows).toEqual([{ n: 1 }])
  })
})
