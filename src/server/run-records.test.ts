import { describe, expect, it } from 'vitest'
import { summarise } from './run-records.js'

describe('run record summaries', () => {
  it('keeps what the overview shows from a run record', () => {
    const record = {
      run_id: 'r1',
      trigger: 'scheduled',
      snapshot_date: '2026-11-20',
      started_at: '2026-11-20T06:00:00.000Z',
      ended_at: '2026-11-20T06:00:09.000Z',
      outcome: 'partial',
      synthetic: false,
      api_mode: 'development',
      extract: { raw_objects: 12 },
      transform: { quarantined: [{ key: 'a', reason: 'b' }] },
      errors: ['playlist x: 404'],
      some_future_field: { nested: true },
    }
    expect(summarise('_runs/r1.json', JSON.stringify(record))).toEqual({
      run_id: 'r1',
      trigger: 'scheduled',
      snapshot_date: '2026-11-20',
      started_at: '2026-11-20T06:00:00.000Z',
      ended_at: '2026-11-20T06:00:09.000Z',
      outcome: 'partial',
      synthetic: false,
      api_mode: 'development',
      raw_objects: 12,
      quarantined: 1,
      errors: ['playlist x: 404'],
    })
  })

  it('shows a record it cannot read as unreadable, and missing fields as unknown', () => {
    const broken = summarise('_runs/r2.json', '{"run_id": ')
    expect(broken.run_id).toBe('r2')
    expect(broken.outcome).toBe('unreadable')
    expect(broken.errors[0]).toMatch(/_runs\/r2\.json is not readable JSON/)
    const sparse = summarise('_runs/r3.json', '{}')
    expect(sparse).toMatchObject({
      run_id: 'r3',
      outcome: 'unknown',
      synthetic: null,
      api_mode: null,
      raw_objects: null,
    })
  })
})
