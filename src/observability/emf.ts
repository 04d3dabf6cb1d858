import { TunelakeError } from '../errors.js'
import type { RunMetrics } from './run-metrics.js'

/** The units CloudWatch accepts in a metric definition. */
export type EmfUnit = 'Milliseconds' | 'Seconds' | 'Count' | 'Bytes' | 'Percent' | 'None'

export interface EmfMetric {
  name: string
  unit: EmfUnit
  value: number
}

/** An Embedded Metric Format document: one JSON log line that CloudWatch Logs turns into metrics. */
export interface EmfDocument {
  _aws: {
    Timestamp: number
    CloudWatchMetrics: {
      Namespace: string
      Dimensions: string[][]
      Metrics: { Name: string; Unit: EmfUnit }[]
    }[]
  }
  [member: string]: unknown
}

export class EmfInvalidError extends TunelakeError {
  readonly kind = 'terminal'
}

const MAX_METRICS = 100
const MAX_DIMENSIONS = 30
const MAX_NAME = 1024

/**
 * Builds an EMF document as the CloudWatch specification defines it: `_aws.Timestamp` (epoch
 * ms) and one metric directive whose dimension set and metric names each refer to a member of
 * the root; dimension values are strings, metric values finite numbers; at most 100 metrics and
 * 30 dimensions. Other properties ride along as plain members (searchable in Logs Insights).
 *
 * @example
 * emfDocument({ namespace: 'tunelake', timestamp: Date.now(), dimensions: { Service: 'tunelake' },
 *   metrics: [{ name: 'Requests', unit: 'Count', value: 51 }] })
 */
export function emfDocument(input: {
  namespace: string
  timestamp: number
  dimensions: Record<string, string>
  metrics: readonly EmfMetric[]
  properties?: Record<string, unknown>
}): EmfDocument {
  const { namespace, dimensions, metrics } = input
  if (namespace.length === 0 || namespace.length > MAX_NAME) {
    throw new EmfInvalidError(`EMF namespace "${namespace}" must be 1 to ${MAX_NAME} characters`)
  }
  const dimensionNames = Object.keys(dimensions)
  if (dimensionNames.length > MAX_DIMENSIONS) {
    throw new EmfInvalidError(`EMF allows ${MAX_DIMENSIONS} dimensions, got ${dimensionNames.length}`)
  }
  if (metrics.length === 0 || metrics.length > MAX_METRICS) {
    throw new EmfInvalidError(`EMF takes 1 to ${MAX_METRICS} metrics, got ${metrics.length}`)
  }
  const doc: EmfDocument = {
    ...input.properties,
    ...dimensions,
    _aws: {
      Timestamp: Math.trunc(input.timestamp),
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [dimensionNames],
          Metrics: metrics.map((m) => ({ Name: m.name, Unit: m.unit })),
        },
      ],
    },
  }
  const taken = new Set([...dimensionNames, ...Object.keys(input.properties ?? {})])
  for (const metric of metrics) {
    if (metric.name.length === 0 || metric.name.length > MAX_NAME || metric.name === '_aws') {
      throw new EmfInvalidError(`EMF metric name "${metric.name}" is not allowed`)
    }
    if (taken.has(metric.name)) throw new EmfInvalidError(`EMF member "${metric.name}" is used twice`)
    taken.add(metric.name)
    if (!Number.isFinite(metric.value)) {
      throw new EmfInvalidError(`EMF metric ${metric.name} has no finite value (${metric.value})`)
    }
    doc[metric.name] = metric.value
  }
  return doc
}

/** The run's metrics as one EMF document, dimensioned by service and trigger. */
export function runMetricsEmf(
  run: { run_id: string; trigger: string; outcome: string; metrics: RunMetrics },
  context: { namespace: string; timestamp: number; functionName?: string },
): EmfDocument {
  const m = run.metrics
  const durations: EmfMetric[] = (['extract', 'transform', 'crawl'] as const).flatMap((stage) => {
    const value = m.duration_ms[stage]
    const name = `${stage[0]!.toUpperCase()}${stage.slice(1)}Duration`
    return value === undefined ? [] : [{ name, unit: 'Milliseconds' as const, value }]
  })
  return emfDocument({
    namespace: context.namespace,
    timestamp: context.timestamp,
    dimensions: { Service: 'tunelake', Trigger: run.trigger },
    metrics: [
      { name: 'RunDuration', unit: 'Milliseconds', value: m.duration_ms.total },
      ...durations,
      { name: 'SpotifyRequests', unit: 'Count', value: m.requests },
      { name: 'SpotifyRetries', unit: 'Count', value: m.retries },
      { name: 'SpotifyRateLimited', unit: 'Count', value: m.rate_limited },
      { name: 'RawObjects', unit: 'Count', value: m.raw_objects },
      { name: 'TransformedObjects', unit: 'Count', value: m.transformed_objects },
      { name: 'QuarantinedObjects', unit: 'Count', value: m.quarantined },
      { name: 'Rows', unit: 'Count', value: m.rows },
      { name: 'Errors', unit: 'Count', value: m.errors },
      { name: 'RunFailed', unit: 'Count', value: run.outcome === 'failed' ? 1 : 0 },
    ],
    properties: {
      run_id: run.run_id,
      outcome: run.outcome,
      ...(context.functionName ? { function_name: context.functionName } : {}),
    },
  })
}

/**
 * In Lambda (`AWS_LAMBDA_FUNCTION_NAME` set), writes the run's EMF document as one line on
 * stdout, where CloudWatch Logs extracts it; elsewhere does nothing. Returns whether it wrote.
 */
export function emitRunMetrics(
  run: Parameters<typeof runMetricsEmf>[0],
  env: NodeJS.ProcessEnv = process.env,
  write: (line: string) => void = (line) => void process.stdout.write(line),
  now: () => number = Date.now,
): boolean {
  const functionName = env.AWS_LAMBDA_FUNCTION_NAME
  if (!functionName) return false
  const doc = runMetricsEmf(run, {
    namespace: env.TUNELAKE_METRICS_NAMESPACE || 'tunelake',
    timestamp: now(),
    functionName,
  })
  write(`${JSON.stringify(doc)}\n`)
  return true
}
