import { type EmfMetric, emfDocument } from '../observability/emf.js'
import { METRICS } from './metric-names.js'

export type MetricName = keyof typeof METRICS

/** The counts published as CloudWatch metrics: what the alarms watch and a dashboard would chart. */
export const PUBLISHED: ReadonlySet<MetricName> = new Set<MetricName>([
  'runSucceeded',
  'runFailed',
  'rawObjects',
  'spotifyRequests',
  'objectsTransformed',
  'objectsQuarantined',
  'batchItemFailures',
])

/** The dimensions of every tunelake metric from Lambda; the alarms in infra/monitoring.ts use the same. */
export function metricDimensions(stage: 'extract' | 'transform'): Record<string, string> {
  return { Service: 'tunelake', Stage: stage }
}

/**
 * One CloudWatch Embedded Metric Format line (CloudWatch Logs turns it into metrics, no API
 * call). Only the names in `PUBLISHED` become metrics (each is a paid custom metric); the other
 * counts ride along as members of the line, searchable in Logs Insights, as does the run id.
 */
export function metricsLine(input: {
  namespace: string
  stage: 'extract' | 'transform'
  runId: string
  values: Partial<Record<MetricName, number>>
  now: number
}): string {
  const metrics: EmfMetric[] = []
  const members: Record<string, unknown> = { run_id: input.runId }
  for (const [key, value] of Object.entries(input.values)) {
    const name = METRICS[key as MetricName]
    if (PUBLISHED.has(key as MetricName)) metrics.push({ name, unit: 'Count', value: value ?? 0 })
    else members[name] = value
  }
  const doc = emfDocument({
    namespace: input.namespace,
    timestamp: input.now,
    dimensions: metricDimensions(input.stage),
    metrics,
    properties: members,
  })
  return `${JSON.stringify(doc)}\n`
}
