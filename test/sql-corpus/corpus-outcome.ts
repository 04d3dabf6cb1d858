import { valueText } from '../../src/cli/format-result.js'
import { QueryRefusedError } from '../../src/query/errors.js'
import type { QueryEngine } from '../../src/query/query-engine.js'
import type { CellText, CorpusEntry } from './corpus-entries.js'

/**
 * How the local engine did on one entry:
 * - `exact`: Trino's types (when the entry gives them) and rows, in order when the entry orders;
 * - `refused`: a QueryRefusedError, which the contract allows;
 * - `error-as-expected`: Trino fails and so does the local engine;
 * - `different`: anything else (another value or type, an error where Trino answers, an answer
 *   where Trino fails).
 */
export type OutcomeKind = 'exact' | 'refused' | 'error-as-expected' | 'different'

export interface Outcome {
  kind: OutcomeKind
  /** What the local engine gave, in one line: `types: rows` or `error: message`. */
  gave: string
}

const GAVE_MAX = 300

/** Runs the entry's SQL on the engine and compares what comes back with Trino's answer. */
export async function runEntry(engine: QueryEngine, entry: CorpusEntry): Promise<Outcome> {
  let result: Awaited<ReturnType<QueryEngine['run']>>
  try {
    result = await engine.run(entry.sql)
  } catch (error) {
    const gave = oneLine(`error: ${error instanceof Error ? error.message : String(error)}`)
    if (error instanceof QueryRefusedError) return { kind: 'refused', gave }
    return { kind: entry.error === undefined ? 'different' : 'error-as-expected', gave }
  }
  const types = result.columns.map((c) => c.type)
  const rows = result.rows.map((row) =>
    result.columns.map((c): CellText => {
      const value = row[c.name] ?? null
      return value === null ? null : valueText(value, c.type)
    }),
  )
  const gave = oneLine(`${types.join(', ')}: ${JSON.stringify(rows)}`)
  if (entry.error !== undefined) return { kind: 'different', gave }
  const sameTypes = entry.types == null || sameJson(types, entry.types)
  const sameRows = entry.ordered
    ? sameJson(rows, entry.rows)
    : sameJson(sorted(rows), sorted(entry.rows ?? []))
  return { kind: sameTypes && sameRows ? 'exact' : 'different', gave }
}

function sorted(rows: CellText[][]): string[] {
  return rows.map((row) => JSON.stringify(row)).sort()
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ')
  return flat.length > GAVE_MAX ? `${flat.slice(0, GAVE_MAX)}...` : flat
}
