import { type Row, type TableName, tableSpec } from './table-specs.js'

/**
 * The rows of one table sorted by its key columns (numbers numerically, text by code unit), with
 * later rows whose key repeats an earlier one dropped. Returns the rows and how many were dropped.
 */
export function orderByKey(table: TableName, rows: readonly Row[]): { rows: Row[]; duplicates: number } {
  return orderRows(rows, tableSpec(table).key)
}

/** Rows sorted by the given key columns, later rows repeating a key dropped (as `orderByKey`). */
export function orderRows(rows: readonly Row[], key: readonly string[]): { rows: Row[]; duplicates: number } {
  const sorted = [...rows].sort((a, b) => compareRows(a, b, key))
  const out: Row[] = []
  for (const row of sorted) {
    const previous = out[out.length - 1]
    if (previous !== undefined && compareRows(previous, row, key) === 0) continue
    out.push(row)
  }
  return { rows: out, duplicates: rows.length - out.length }
}

function compareRows(a: Row, b: Row, key: readonly string[]): number {
  for (const column of key) {
    const order = compareValues(a[column], b[column])
    if (order !== 0) return order
  }
  return 0
}

function compareValues(a: Row[string] | undefined, b: Row[string] | undefined): number {
  if (a === b) return 0
  if (a === null || a === undefined) return -1
  if (b === null || b === undefined) return 1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  const x = String(a)
  const y = String(b)
  return x < y ? -1 : x > y ? 1 : 0
}
