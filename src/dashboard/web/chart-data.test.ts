import { describe, expect, it } from 'vitest'
import { chartData, isNumeric } from './chart-data.js'
import type { ChartSpec } from './chart-specs.js'

const spec = (changes: Partial<ChartSpec>): ChartSpec => ({
  id: 'x',
  insight: 'x',
  title: 'X',
  kind: 'bar',
  unit: 'tracks',
  ...changes,
})

describe('chart data from insight rows', () => {
  it('knows numeric types by their Trino and DuckDB names', () => {
    for (const type of [
      'bigint',
      'integer',
      'double',
      'decimal(4,1)',
      'real',
      'BIGINT',
      'HUGEINT',
      'SMALLINT',
      'FLOAT',
    ]) {
      expect(isNumeric({ name: 'v', type }), type).toBe(true)
    }
    for (const type of ['varchar', 'date', 'interval', 'boolean', 'array(varchar)', 'VARCHAR']) {
      expect(isNumeric({ name: 'v', type }), type).toBe(false)
    }
  })

  it('draws a series over time whose rows say their source, never the source as lines', () => {
    const columns = [
      { name: 'snapshot_date', type: 'varchar' },
      { name: 'median_popularity', type: 'integer' },
      { name: 'max_popularity', type: 'integer' },
      { name: 'source', type: 'varchar' },
    ]
    const rows = [
      { snapshot_date: '2026-03-01', median_popularity: 40, max_popularity: 90, source: 'open_data' },
      { snapshot_date: '2026-03-02', median_popularity: 45, max_popularity: 100, source: 'open_data' },
    ]
    const data = chartData(spec({ kind: 'line', y: ['median_popularity', 'max_popularity'] }), columns, rows)
    expect(data?.datasets.map((d) => d.data)).toEqual([
      [40, 45],
      [90, 100],
    ])
    expect(data?.seriesColumn).toBeUndefined()
  })

  it('draws the preferred columns in row order', () => {
    const columns = [
      { name: 'artist', type: 'varchar' },
      { name: 'entries', type: 'bigint' },
      { name: 'best_position', type: 'integer' },
    ]
    const rows = [
      { artist: 'A', entries: 3, best_position: 4 },
      { artist: 'B', entries: 2, best_position: 1 },
    ]
    expect(chartData(spec({ kind: 'hbar', x: ['artist'], y: ['entries'] }), columns, rows)).toEqual({
      labels: ['A', 'B'],
      datasets: [{ label: 'entries', data: [3, 2] }],
      xColumn: 'artist',
      yColumns: ['entries'],
    })
    // Without preferences: the first text column, every numeric one.
    expect(chartData(spec({}), columns, rows)?.yColumns).toEqual(['entries', 'best_position'])
    expect(chartData(spec({}), columns, [])).toBeUndefined()
  })

  it('draws one bar per row, the edges of long results, and a single row as one bar per value', () => {
    const columns = [
      { name: 'track', type: 'varchar' },
      { name: 'change', type: 'integer' },
    ]
    const rows = Array.from({ length: 30 }, (_, i) => ({ track: i === 29 ? 'T0' : `T${i}`, change: 15 - i }))
    const data = chartData(spec({ kind: 'hbar', x: ['track'], y: ['change'], edges: 3 }), columns, rows)
    expect(data?.labels).toEqual(['T0', 'T1', 'T2', 'T27', 'T28', 'T0 (2)'])
    expect(data?.datasets[0]?.data).toEqual([15, 14, 13, -12, -13, -14])
    const overlap = chartData(
      spec({ kind: 'hbar', y: ['tracks', 'other_tracks', 'shared_tracks'] }),
      [
        { name: 'snapshot_date', type: 'varchar' },
        { name: 'tracks', type: 'bigint' },
        { name: 'other_tracks', type: 'bigint' },
        { name: 'shared_tracks', type: 'bigint' },
      ],
      [{ snapshot_date: '2026-11-02', tracks: 50, other_tracks: 40, shared_tracks: 12 }],
      { tracks: 'Top 50', other_tracks: 'Night Drive' },
    )
    expect(overlap?.labels).toEqual(['Top 50', 'Night Drive', 'shared tracks'])
    expect(overlap?.datasets).toEqual([{ label: 'tracks', data: [50, 40, 12] }])
  })

  it('pivots a series over days, with gaps where a track was not on the playlist', () => {
    const columns = [
      { name: 'snapshot_date', type: 'varchar' },
      { name: 'track_id', type: 'varchar' },
      { name: 'track', type: 'varchar' },
      { name: 'position', type: 'integer' },
    ]
    const rows = [
      { snapshot_date: '2026-11-02', track_id: 't1', track: 'Song', position: 1 },
      { snapshot_date: '2026-11-01', track_id: 't1', track: 'Song', position: 3 },
      { snapshot_date: '2026-11-02', track_id: 't2', track: 'Song', position: 2 },
    ]
    const data = chartData(
      spec({
        kind: 'bump',
        x: ['snapshot_date'],
        series: ['track_id'],
        seriesLabel: ['track'],
        y: ['position'],
      }),
      columns,
      rows,
    )
    expect(data?.labels).toEqual(['2026-11-01', '2026-11-02'])
    expect(data?.datasets).toEqual([
      { label: 'Song', data: [3, 1] },
      { label: 'Song (2)', data: [null, 2] },
    ])
  })

  it('counts rows per day and category when an insight lists tracks rather than numbers', () => {
    const columns = [
      { name: 'snapshot_date', type: 'varchar' },
      { name: 'track', type: 'varchar' },
      { name: 'change', type: 'varchar' },
    ]
    const rows = [
      { snapshot_date: '2026-11-02', track: 'a', change: 'new' },
      { snapshot_date: '2026-11-02', track: 'b', change: 'new' },
      { snapshot_date: '2026-11-02', track: 'c', change: 'dropped' },
      { snapshot_date: '2026-11-03', track: 'd', change: 'dropped' },
    ]
    const data = chartData(spec({ x: ['snapshot_date'] }), columns, rows)
    expect(data?.labels).toEqual(['2026-11-02', '2026-11-03'])
    expect(data?.datasets).toEqual([
      { label: 'new', data: [2, 0] },
      { label: 'dropped', data: [1, 1] },
    ])
    // Told what to count by, it counts even when the rows have a numeric column.
    const withPosition = rows.map((r, i) => ({ ...r, position: i + 1 }))
    const counted = chartData(
      spec({ x: ['snapshot_date'], countBy: 'change' }),
      [...columns, { name: 'position', type: 'integer' }],
      withPosition,
    )
    expect(counted?.datasets).toEqual(data?.datasets)
  })
})
