import { describe, expect, it } from 'vitest'
import { EmfInvalidError, emfDocument, emitRunMetrics, runMetricsEmf } from './emf.js'
import { emptyMetrics, type RunMetrics } from './run-metrics.js'

const metrics: RunMetrics = {
  ...emptyMetrics(),
  duration_ms: { total: 2400, extract: 1500, transform: 700, crawl: 200 },
  requests: 51,
  retries: 3,
  rate_limited: 2,
  raw_objects: 44,
  transformed_objects: 44,
  quarantined: 1,
  rows: 812,
  errors: 1,
}
const run = { run_id: '20261123T060000Z-ab12cd', trigger: 'scheduled', outcome: 'partial', metrics }

/** The rules of the CloudWatch EMF specification that CloudWatch Logs enforces. */
function expectValidEmf(doc: Record<string, unknown>): void {
  const aws = doc._aws as { Timestamp: unknown; CloudWatchMetrics: unknown[] }
  expect(Number.isInteger(aws.Timestamp)).toBe(true)
  expect(aws.CloudWatchMetrics.length).toBeGreaterThan(0)
  for (const directive of aws.CloudWatchMetrics as {
    Namespace: string
    Dimensions: string[][]
    Metrics: { Name: string; Unit: string }[]
  }[]) {
    expect(directive.Namespace.length).toBeGreaterThan(0)
    expect(directive.Metrics.length).toBeLessThanOrEqual(100)
    for (const set of directive.Dimensions) {
      expect(set.length).toBeLessThanOrEqual(30)
      for (const name of set) expect(typeof doc[name]).toBe('string')
    }
    for (const metric of directive.Metrics) {
      expect(Number.isFinite(doc[metric.Name])).toBe(true)
      expect(['Milliseconds', 'Seconds', 'Count', 'Bytes', 'Percent', 'None']).toContain(metric.Unit)
    }
  }
}

describe('runMetricsEmf', () => {
  it('is a valid EMF document with the run metrics as root members', () => {
    const doc = runMetricsEmf(run, { namespace: 'tunelake', timestamp: 1_795_000_000_123.7 })
    expectValidEmf(doc)
    expect(doc._aws).toEqual({
      Timestamp: 1_795_000_000_123,
      CloudWatchMetrics: [
        {
          Namespace: 'tunelake',
          Dimensions: [['Service', 'Trigger']],
          Metrics: expect.arrayContaining([
            { Name: 'RunDuration', Unit: 'Milliseconds' },
            { Name: 'ExtractDuration', Unit: 'Milliseconds' },
            { Name: 'SpotifyRateLimited', Unit: 'Count' },
            { Name: 'SpotifyRetries', Unit: 'Count' },
          ]),
        },
      ],
    })
    expect(doc).toMatchObject({
      Service: 'tunelake',
      Trigger: 'scheduled',
      RunDuration: 2400,
      ExtractDuration: 1500,
      TransformDuration: 700,
      CrawlDuration: 200,
      SpotifyRequests: 51,
      SpotifyRetries: 3,
      SpotifyRateLimited: 2,
      RawObjects: 44,
      QuarantinedObjects: 1,
      Rows: 812,
      RunFailed: 0,
      run_id: run.run_id,
      outcome: 'partial',
    })
  })

  it('leaves out the durations of stages that did not run', () => {
    const doc = runMetricsEmf(
      { ...run, outcome: 'failed', metrics: { ...metrics, duration_ms: { total: 90, extract: 90 } } },
      { namespace: 'tunelake', timestamp: 0 },
    )
    const names = doc._aws.CloudWatchMetrics[0]!.Metrics.map((m) => m.Name)
    expect(names).toContain('ExtractDuration')
    expect(names).not.toContain('TransformDuration')
    expect(doc.RunFailed).toBe(1)
  })
})

describe('emfDocument', () => {
  type Change = { metrics?: { name: string; value?: number }[]; namespace?: string }
  it.each<[string, Change]>([
    ['more than 100 metrics', { metrics: Array.from({ length: 101 }, (_, i) => ({ name: `m${i}` })) }],
    ['a metric named like a dimension', { metrics: [{ name: 'Service' }] }],
    ['the same metric twice', { metrics: [{ name: 'a' }, { name: 'a' }] }],
    ['a value that is not a finite number', { metrics: [{ name: 'a', value: Number.NaN }] }],
    ['an empty namespace', { namespace: '' }],
  ])('refuses %s', (_, change) => {
    const metricsOf = (change.metrics ?? [{ name: 'ok' }]).map((m) => ({
      unit: 'Count' as const,
      value: 1,
      ...m,
    }))
    expect(() =>
      emfDocument({
        namespace: change.namespace ?? 'tunelake',
        timestamp: 0,
        dimensions: { Service: 'tunelake' },
        metrics: metricsOf,
      }),
    ).toThrow(EmfInvalidError)
  })
})

describe('emitRunMetrics', () => {
  it('writes one EMF line in Lambda and nothing elsewhere', () => {
    const lines: string[] = []
    expect(emitRunMetrics(run, {}, (line) => lines.push(line))).toBe(false)
    expect(lines).toEqual([])
    const env = { AWS_LAMBDA_FUNCTION_NAME: 'tunelake-extract', TUNELAKE_METRICS_NAMESPACE: 'music' }
    expect(
      emitRunMetrics(
        run,
        env,
        (line) => lines.push(line),
        () => 42,
      ),
    ).toBe(true)
    expect(lines).toHaveLength(1)
    expect(lines[0]!.endsWith('\n')).toBe(true)
    const doc = JSON.parse(lines[0]!)
    expectValidEmf(doc)
    expect(doc._aws.Timestamp).toBe(42)
    expect(doc._aws.CloudWatchMetrics[0].Namespace).toBe('music')
    expect(doc.function_name).toBe('tunelake-extract')
  })
})
