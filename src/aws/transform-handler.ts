import { tmpdir } from 'node:os'
import { GlueClient } from '@aws-sdk/client-glue'
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda'
import { GlueCatalog } from '../catalog/catalogs/glue.js'
import { newRunId } from '../extract/run-id.js'
import { describeHolder } from '../lease/lease.js'
import { GlueCrawler } from './glue-crawler.js'
import { ENV, requireEnv } from './lambda-env.js'
import {
  type HandlerOptions,
  handlerIo,
  lakeFromEnv,
  lakeHoldFromEnv,
  loggerFromEnv,
  metricsNamespace,
} from './lambda-wiring.js'
import { metricsLine } from './metrics.js'
import { transformQueued } from './transform-job.js'

/**
 * The transform function: fed by the SQS queue that receives the raw bucket's object-created
 * notifications; rebuilds the snapshot dates they name into the transformed bucket and answers
 * with the messages to retry (partial batch response).
 */
export function createTransformHandler(
  options: HandlerOptions & {
    /** How long a batch waits for another one's rebuild to finish before it comes back later. */
    leaseWaitMs?: number
  } = {},
): (event: SQSEvent) => Promise<SQSBatchResponse> {
  return async (event) => {
    const { env, out, clock } = handlerIo(options)
    // DuckDB spills to a relative temp folder; in Lambda only /tmp is writable.
    if (env.LAMBDA_TASK_ROOT) process.chdir(tmpdir())
    const started = clock.now()
    const runId = newRunId(new Date(started))
    const log = loggerFromEnv(env, 'transform', options.out)().child({ run_id: runId })
    const crawlerName = env[ENV.glueCrawler]
    const glue = crawlerName ? new GlueClient(env.AWS_REGION ? { region: env.AWS_REGION } : {}) : undefined
    const { response, summary } = await transformQueued(
      {
        store: lakeFromEnv(env),
        lease: lakeHoldFromEnv(env, 'transform function', {
          waitMs: options.leaseWaitMs ?? LEASE_WAIT_MS,
          clock,
          advice: 'the batch comes back on redelivery',
          onWait: (holder) =>
            log.info('waiting for the lake lease', {
              holder: describeHolder(holder),
              until: holder.expires_at,
            }),
        }),
        clock,
        runId,
        rawBucket: requireEnv(env, ENV.rawBucket),
        ...(glue && crawlerName
          ? {
              crawler: new GlueCrawler(glue, crawlerName),
              catalog: new GlueCatalog(glue),
              database: requireEnv(env, ENV.glueDatabase),
            }
          : {}),
        log,
      },
      event,
    )
    out(
      metricsLine({
        namespace: metricsNamespace(env),
        stage: 'transform',
        runId,
        values: {
          datesTransformed: summary.transformed.length,
          objectsTransformed: summary.objects,
          objectsQuarantined: summary.quarantined,
          rowsWritten: summary.rows,
          duplicateEvents: summary.upToDate.length,
          batchItemFailures: response.batchItemFailures.length,
          runFailed: summary.dropped.length > 0 ? 1 : 0,
          transformSeconds: (clock.now() - started) / 1000,
        },
        now: clock.now(),
      }),
    )
    log[response.batchItemFailures.length > 0 ? 'warn' : 'info']('batch finished', { ...summary })
    return response
  }
}

/** A rebuild takes seconds; a minute of waiting covers a busy moment within the 5-minute timeout. */
const LEASE_WAIT_MS = 60_000

/** What Lambda calls (`index.handler`). */
export const handler = createTransformHandler()
