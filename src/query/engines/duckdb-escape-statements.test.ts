import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectStopped, STATEMENT_ATTEMPTS } from '../../../test/support/escape-attempts.js'
import { type EscapeLake, escapeLake } from '../../../test/support/escape-lake.js'
import { DuckDbEngine } from './duckdb.js'

let paths: EscapeLake
let engine: DuckDbEngine

beforeAll(async () => {
  paths = await escapeLake()
  engine = await DuckDbEngine.open({ store: paths.store, catalog: paths.catalog, database: 'tunelake' })
})

afterAll(async () => {
  await engine?.close()
})

describe('only one SELECT runs: nothing writes, loads, attaches or reconfigures', () => {
  it.each(STATEMENT_ATTEMPTS.map((a) => [a.name, a] as const))('%s', async (_, attempt) => {
    await expectStopped(engine, attempt, paths)
  })

  it('still answers a plain SELECT afterwards, over the same views', async () => {
    expect((await engine.run('SELECT count(*) AS n FROM tracks')).rows).toEqual([{ n: 1 }])
  })
})
