import { athenaCostUsd } from '../athena-cost.js'
import type { ScanEstimate, TableScan } from '../query-engine.js'

/** A range end: `{ value, bound: EXACTLY | ABOVE | BELOW }`, or the bare value in newer Trino. */
type IoBound = { value?: string; bound?: string } | string

interface IoConstraint {
  columnName?: string
  domain?: { nullsAllowed?: boolean; ranges?: { low?: IoBound; high?: IoBound }[] }
}

interface IoPlan {
  inputTableColumnInfos?: {
    table?: { catalog?: string; schemaTable?: { schema?: string; table?: string } }
    columnConstraints?: IoConstraint[]
    constraint?: { columnConstraints?: IoConstraint[] }
    estimate?: { outputSizeInBytes?: number | string }
  }[]
}

/**
 * Athena's `EXPLAIN (TYPE IO, FORMAT JSON)` as a scan estimate: the tables it reads and the
 * conditions pushed down to them (partition filters among them). Athena estimates sizes only
 * from table statistics; without them it gives none, and the estimate says so.
 */
export function athenaIoPlan(json: string): ScanEstimate {
  let plan: IoPlan
  try {
    plan = JSON.parse(json) as IoPlan
  } catch {
    return {
      engine: 'athena',
      scans: [],
      bytes: undefined,
      athenaCostUsd: undefined,
      notes: ['Athena gave no IO plan'],
    }
  }
  const scans: TableScan[] = (plan.inputTableColumnInfos ?? []).map((info) => {
    const size = Number(info.estimate?.outputSizeInBytes)
    return {
      table: info.table?.schemaTable?.table ?? '?',
      constraints: (info.columnConstraints ?? info.constraint?.columnConstraints ?? []).map(
        (c) => `${c.columnName} ${rangesText(c.domain?.ranges ?? [])}`,
      ),
      columns: [],
      bytes: Number.isFinite(size) ? size : undefined,
    }
  })
  const known = scans.length > 0 && scans.every((s) => s.bytes !== undefined)
  const bytes = known ? scans.reduce((sum, s) => sum + (s.bytes ?? 0), 0) : undefined
  return {
    engine: 'athena',
    scans,
    bytes,
    athenaCostUsd: bytes === undefined ? undefined : athenaCostUsd(bytes),
    notes: known
      ? []
      : [
          'Athena estimates bytes only from table statistics, which these tables lack; the cost shows after running',
        ],
  }
}

function bound(end: IoBound | undefined): { value?: string; bound?: string } {
  return typeof end === 'string' ? { value: end, bound: 'EXACTLY' } : (end ?? {})
}

function rangesText(ranges: { low?: IoBound; high?: IoBound }[]): string {
  const parts = ranges.map((range) => {
    const low = bound(range.low)
    const high = bound(range.high)
    if (low.value !== undefined && low.value === high.value && low.bound === 'EXACTLY')
      return `= ${low.value}`
    const from = low.value === undefined ? '' : `${low.bound === 'EXACTLY' ? '>=' : '>'} ${low.value}`
    const to = high.value === undefined ? '' : `${high.bound === 'EXACTLY' ? '<=' : '<'} ${high.value}`
    return [from, to].filter(Boolean).join(' and ') || 'any'
  })
  return parts.join(' or ')
}
