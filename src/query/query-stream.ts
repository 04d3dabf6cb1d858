import { QueryLimitError } from './errors.js'
import type {
  QueryColumn,
  QueryResult,
  QueryRow,
  QueryStats,
  QueryStream,
  QueryValue,
} from './query-engine.js'
import { raiseAdvice } from './query-limits.js'

/** Rows returned at most unless a caller asks for another limit. */
export const DEFAULT_MAX_ROWS = 10_000

/** Column names made unique as row keys: a second `x` becomes `x_2` (both engines name them alike). */
export function uniqueColumnNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>()
  const taken = new Set(names)
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1
    seen.set(name, count)
    if (count === 1) return name
    let candidate = `${name}_${count}`
    while (taken.has(candidate)) candidate = `${candidate}_`
    taken.add(candidate)
    return candidate
  })
}

/**
 * A QueryStream over an engine's rows: stops after `maxRows` (reading one row more to know
 * whether the result was cut), fails with QueryLimitError once the rows weigh more than
 * `maxMb` (so no caller holds a result past its size limit), and runs `cleanup` exactly once
 * however iteration ends.
 */
export function limitedStream(options: {
  columns: QueryColumn[]
  rows: AsyncIterable<QueryRow>
  maxRows: number
  /** The result size limit in MB of values as text (default: none). */
  maxMb?: number
  stats: () => QueryStats
  cleanup: () => Promise<void> | void
}): QueryStream {
  let truncated = false
  let cleaned = false
  const cleanup = async () => {
    if (cleaned) return
    cleaned = true
    await options.cleanup()
  }
  const maxSize = (options.maxMb ?? Number.POSITIVE_INFINITY) * 1_000_000
  async function* iterate(): AsyncGenerator<QueryRow> {
    let count = 0
    let size = 0
    try {
      for await (const row of options.rows) {
        if (count === options.maxRows) {
          truncated = true
          return
        }
        size += valueSize(row)
        if (size > maxSize) {
          throw new QueryLimitError(
            `the result is over the ${options.maxMb} MB result size limit after ${count} rows; select fewer or shorter columns, add a LIMIT, or ${raiseAdvice('resultMb')}`,
          )
        }
        count++
        yield row
      }
    } finally {
      await cleanup()
    }
  }
  let started = false
  return {
    columns: options.columns,
    get truncated() {
      return truncated
    },
    stats: options.stats,
    [Symbol.asyncIterator]() {
      if (started) throw new Error('a query stream can be read once')
      started = true
      return iterate()
    },
  }
}

/** About the length of a value as JSON text, without building the text. */
function valueSize(value: QueryValue): number {
  if (typeof value === 'string') return value.length + 3
  if (value === null || typeof value !== 'object') return 8
  let size = 2
  if (Array.isArray(value)) for (const item of value) size += valueSize(item)
  // for...in, not Object.entries: one array per row was most of the engine's garbage on big results.
  else for (const key in value) size += key.length + 3 + valueSize(value[key]!)
  return size
}

/** Reads a stream to the end into a QueryResult. */
export async function collectStream(stream: QueryStream): Promise<QueryResult> {
  const rows: QueryRow[] = []
  for await (const row of stream) rows.push(row)
  return { columns: stream.columns, rows, truncated: stream.truncated, stats: stream.stats() }
}
