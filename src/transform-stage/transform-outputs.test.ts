import { describe, expect, it } from 'vitest'
import type { TableSpec } from '../transform/table-specs.js'
import { escapePartitionValue, planOutputs } from './transform-outputs.js'

const PLAYS = {
  name: 'plays',
  key: ['played_at', 'track_id'],
  partitionedBy: 'played_date',
  columns: [
    { name: 'played_at', type: 'TIMESTAMP_MS' },
    { name: 'played_date', type: 'VARCHAR' },
    { name: 'track_id', type: 'VARCHAR' },
  ],
} as unknown as TableSpec

describe('planOutputs', () => {
  it('puts a snapshot date’s rows in one snapshot_date file', () => {
    const spec = { ...PLAYS, name: 'tracks', partitionedBy: undefined } as unknown as TableSpec
    expect(planOutputs(spec, [], '2026-11-23')).toEqual([
      { key: 'transformed/tracks/snapshot_date=2026-11-23/part-00000.parquet', spec, rows: [] },
    ])
  })

  it('splits a table partitioned by another column into its partitions, one file each', () => {
    const rows = [
      { played_at: '2026-11-22T23:59:00.000Z', played_date: '2026-11-22', track_id: 'a' },
      { played_at: '2026-11-23T00:01:00.000Z', played_date: '2026-11-23', track_id: 'b' },
      { played_at: '2026-11-22T10:00:00.000Z', played_date: '2026-11-22', track_id: 'c' },
      { played_at: '2026-11-23T10:00:00.000Z', played_date: null, track_id: 'd' },
    ]
    const planned = planOutputs(PLAYS, rows, '2026-11-23')
    expect(planned.map((p) => [p.key, p.rows.map((r) => r.track_id)])).toEqual([
      ['transformed/plays/played_date=2026-11-22/part-00000.parquet', ['a', 'c']],
      ['transformed/plays/played_date=2026-11-23/part-00000.parquet', ['b']],
      ['transformed/plays/played_date=__HIVE_DEFAULT_PARTITION__/part-00000.parquet', ['d']],
    ])
    expect(planned[0]!.spec.columns.map((c) => c.name)).toEqual(['played_at', 'track_id'])
    expect(planned[0]!.rows[0]).toEqual({ played_at: '2026-11-22T23:59:00.000Z', track_id: 'a' })
  })

  it('escapes partition values as Hive does', () => {
    expect(escapePartitionValue('Rock/Roll = 100%')).toBe('Rock%2FRoll %3D 100%25')
    expect(escapePartitionValue('plain-value_1')).toBe('plain-value_1')
  })
})
