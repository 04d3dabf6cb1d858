import { describe, expect, it } from 'vitest'
import { METRICS } from './metric-names.js'
import { metricsLine, PUBLISHED } from './metrics.js'

describe('the metric lines of the handlers', () => {
  it('publish the watched counts as EMF metrics and keep the rest as searchable members', () => {
    const line = metricsLine({
      namespace: 'tunelake/Prod',
      stage: 'extract',
      runId: '20260301T060000Z-abc123',
      values: { runSucceeded: 1, rawObjects: 44, sourcesFailed: 0, extractSeconds: 12.5 },
      now: 1_772_344_800_000,
    })
    expect(line.endsWith('\n')).toBe(true)
    expect(JSON.parse(line)).toEqual({
      _aws: {
        Timestamp: 1_772_344_800_000,
        CloudWatchMetrics: [
          {
            Namespace: 'tunelake/Prod',
            Dimensions: [['Service', 'Stage']],
            Metrics: [
              { Name: 'RunSucceeded', Unit: 'Count' },
              { Name: 'RawObjects', Unit: 'Count' },
            ],
          },
        ],
      },
      Service: 'tunelake',
      Stage: 'extract',
      run_id: '20260301T060000Z-abc123',
      RunSucceeded: 1,
      RawObjects: 44,
      SourcesFailed: 0,
      ExtractSeconds: 12.5,
    })
  })

  it('publish the metric the no-successful-run alarm watches', () => {
    expect(PUBLISHED.has('runSucceeded')).toBe(true)
    expect(METRICS.runSucceeded).toBe('RunSucceeded')
  })
})
