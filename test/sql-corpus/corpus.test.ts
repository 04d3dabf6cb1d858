import { writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DuckDbEngine } from '../../src/query/engines/duckdb.js'
import { demoLake, openDemoLake } from '../support/insights-lake.js'
import { loadCorpus, loadKnownDifferences } from './corpus-entries.js'
import { type Outcome, type OutcomeKind, runEntry } from './corpus-outcome.js'

/**
 * The project's SQL corpus (README.md here): every entry runs on the local engine over a
 * one-day demo lake. An entry may be answered exactly as Trino does, refused, or fail where
 * Trino fails; a different answer fails the test unless known-differences.json lists it, and a
 * listed entry that no longer differs fails too, so that list only shrinks.
 * SQL_CORPUS_REPORT=<file> writes every entry's outcome and what the engine gave to that file.
 */
const LAKE_DAY = '2026-03-01'
const MIN_ENTRIES = 200

const entries = loadCorpus()
const known = loadKnownDifferences()
const outcomes = new Map<string, Outcome>()
let lake: string
let engine: DuckDbEngine

beforeAll(async () => {
  lake = await demoLake('extended', [LAKE_DAY])
  engine = await openDemoLake(lake)
})

afterAll(async () => {
  await engine?.close()
  if (lake) await rm(lake, { recursive: true, force: true })
  const count = (kind: OutcomeKind) => [...outcomes.values()].filter((o) => o.kind === kind).length
  const unexpected = [...outcomes].filter(([id, o]) => o.kind === 'different' && !known.has(id)).length
  process.stderr.write(
    `sql corpus: ${outcomes.size} entries: ${count('exact')} exact, ${count('refused')} refused, ` +
      `${count('error-as-expected')} error-as-expected, ${count('different') - unexpected} known different` +
      `${unexpected > 0 ? `, ${unexpected} NEW different` : ''}\n`,
  )
  const report = process.env.SQL_CORPUS_REPORT
  if (report) writeFileSync(report, `${JSON.stringify(Object.fromEntries(outcomes), null, 2)}\n`)
})

describe('the SQL corpus', () => {
  it(`holds at least ${MIN_ENTRIES} entries, and known-differences.json names only entries of it`, () => {
    expect(entries.length).toBeGreaterThanOrEqual(MIN_ENTRIES)
    const ids = new Set(entries.map((e) => e.id))
    expect([...known.keys()].filter((id) => !ids.has(id))).toEqual([])
  })

  for (const entry of entries) {
    it(entry.id, async () => {
      const outcome = await runEntry(engine, entry)
      outcomes.set(entry.id, outcome)
      const trino =
        entry.error === undefined
          ? `${entry.types?.join(', ')}: ${JSON.stringify(entry.rows)}`
          : `error: ${entry.error}`
      if (known.has(entry.id)) {
        expect(
          outcome.kind,
          `${entry.id} no longer differs (${outcome.kind}): remove it from known-differences.json`,
        ).toBe('different')
      } else {
        expect(
          outcome.kind,
          `${entry.sql}\n  Trino (${entry.doc}): ${trino}\n  local: ${outcome.gave}`,
        ).not.toBe('different')
      }
    })
  }
})
