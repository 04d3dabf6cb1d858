import { type EmfMetric, emfDocument } from '../observability/emf.js'
import { METRICS } from './metric-names.js'

export type MetricName = keyof typeof METRICS

/** The dimensions of every tunelake metric from Lambda; the alarms in infra/monitoring.ts use the same. */
export function metricDimensions(stage: 'extract' | 'transform'): Record<string, string> {
  return { Service: 'tunelake', Stage: stage }
}

/**
 * One CloudWatch Embedded Metric Format line (CloudWatch Logs turns it into metrics, no API
 * call): the given counts under the stack's namespace, with the run id as a searchable member.
 */
export function metricsLine(input: {
  namespace: string
  stage: 'extract' | 'transform'
  runId: string
  values: Partial<Record<MetricName, number>>
  seconds?: Partial<Record<MetricName, number>>
  now: number
}): string {
  const metrics: EmfMetric[] = [
    ...Object.entries(input.values).map(([name, value]) => ({
      name: METRICS[name as MetricName],
      unit: 'Count' as const,
      value: value ?? 0,
    })),
    ...Object.entries(input.seconds ?? {}).map(([name, value]) => ({
      name: METRICS[name as MetricName],
      unit: 'Seconds' as const,
      value: value ?? 0,
    })),
  ]
  const doc = emfDocument({
    namespace: input.namespace,
    timestamp: input.now,
    dimensions: metricDimensions(input.stage),
    metrics,
    properties: { run_id: input.runId },
  })
  return `${JSON.stringify(doc)}\n`
}
