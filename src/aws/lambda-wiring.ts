import { Writable } from 'node:stream'
import { type Clock, systemClock } from '../clock.js'
import { openS3Store } from '../lake/stores/s3-from-env.js'
import { Lease } from '../lease/lease.js'
import { type HoldOptions, LakeHold } from '../lease/lease-keeper.js'
import { s3LeaseStorageFromEnv } from '../lease/storages/s3-from-env.js'
import { createLogger, type Logger, logLevelFrom } from '../observability/logger.js'
import { secretsFromEnv } from '../observability/redact.js'
import { ENV, requireEnv } from './lambda-env.js'
import { RoutedObjectStore } from './routed-store.js'

/** The raw zone's keys live in the raw bucket; all other lake keys in the transformed bucket. */
export const RAW_ZONE = 'raw/'

/** The lake over the stack's two buckets, S3 clients configured by the SDK's standard variables. */
export function lakeFromEnv(env: NodeJS.ProcessEnv): RoutedObjectStore {
  const raw = openS3Store({ bucket: requireEnv(env, ENV.rawBucket), prefix: '' }, env)
  const transformed = openS3Store({ bucket: requireEnv(env, ENV.transformedBucket), prefix: '' }, env)
  return new RoutedObjectStore([{ prefix: RAW_ZONE, store: raw }], transformed)
}

/** The hold of the stack's lake lease (`_state/lease/` in the transformed bucket) for one function. */
export function lakeHoldFromEnv(
  env: NodeJS.ProcessEnv,
  purpose: string,
  options: HoldOptions & { clock: Clock },
): LakeHold {
  const transformed = requireEnv(env, ENV.transformedBucket)
  const lake = `s3://${transformed}`
  const storage = s3LeaseStorageFromEnv({ bucket: transformed, prefix: '' }, lake, env)
  return new LakeHold(new Lease(storage, { purpose, clock: options.clock }), lake, options)
}

/** Where a handler reads its settings and writes its log and metric lines; Lambda's by default. */
export interface HandlerOptions {
  /** Default `process.env`, read on every invocation. */
  env?: NodeJS.ProcessEnv
  /** Receives every output line (JSON logs and EMF); default stdout, which CloudWatch Logs collects. */
  out?: (line: string) => void
  /** Default the system's. */
  clock?: Clock
}

export function handlerIo(options: HandlerOptions): {
  env: NodeJS.ProcessEnv
  out: (line: string) => void
  clock: Clock
} {
  return {
    env: options.env ?? process.env,
    out: options.out ?? ((line) => void process.stdout.write(line)),
    clock: options.clock ?? systemClock,
  }
}

/** JSON lines (CloudWatch Logs), secrets of the environment and the given ones scrubbed. */
export function loggerFromEnv(
  env: NodeJS.ProcessEnv,
  stage: 'extract' | 'transform' | 'enrich',
  out?: (line: string) => void,
) {
  const destination = out
    ? new Writable({
        write(chunk: Buffer, _encoding, done) {
          out(chunk.toString('utf8'))
          done()
        },
      })
    : 1
  return (secrets: readonly string[] = []): Logger =>
    createLogger({
      format: 'json',
      destination,
      level: logLevelFrom(env, 'info'),
      secrets: [...secretsFromEnv(env), ...secrets],
      base: {
        service: 'tunelake',
        stage,
        ...(env.AWS_LAMBDA_FUNCTION_NAME ? { function: env.AWS_LAMBDA_FUNCTION_NAME } : {}),
      },
    })
}

/** Where CloudWatch finds the metrics: the stack's namespace. */
export function metricsNamespace(env: NodeJS.ProcessEnv): string {
  return env[ENV.metricsNamespace] || 'tunelake'
}
