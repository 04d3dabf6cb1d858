import { tmpdir } from 'node:os'
import path from 'node:path'
import { newRunId } from '../extract/run-id.js'
import { configFromEnv } from './config-from-env.js'
import { type EnrichResult, runEnrichJob } from './enrich-job.js'
import {
  type HandlerOptions,
  handlerIo,
  lakeFromEnv,
  lakeHoldFromEnv,
  loggerFromEnv,
} from './lambda-wiring.js'

/** Time kept after the enrichment stops asking: the state's last save and the run record. */
const DEADLINE_MARGIN_MS = 30_000

/** The slice of Lambda's context the handler reads. */
export interface DeadlineContext {
  getRemainingTimeInMillis(): number
}

/**
 * The enrich function: invoked by EventBridge Scheduler every 30 minutes, it asks MusicBrainz and
 * ListenBrainz about the lake's tracks until shortly before Lambda's deadline; the next
 * invocation goes on where it stopped. Its answers land in the raw bucket, whose notifications
 * bring them to the transform function.
 */
export function createEnrichHandler(
  options: HandlerOptions = {},
): (event: unknown, context: DeadlineContext) => Promise<EnrichResult> {
  return async (_event, context) => {
    const { env, clock } = handlerIo(options)
    // DuckDB (which reads the tracks tables) may spill to a relative folder; only /tmp is writable.
    if (env.LAMBDA_TASK_ROOT) process.chdir(tmpdir())
    const started = clock.now()
    const runId = newRunId(new Date(started))
    const log = loggerFromEnv(env, 'enrich', options.out)().child({ run_id: runId })
    const result = await runEnrichJob({
      store: lakeFromEnv(env),
      lease: lakeHoldFromEnv(env, 'enrich function', {
        waitMs: 0,
        clock,
        advice: 'the next invocation tries again',
      }),
      config: configFromEnv(env),
      env,
      log,
      clock,
      runId,
      stopAt: started + context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS,
      cacheRoot: path.join(tmpdir(), 'tunelake-cache'),
    })
    log.info('enrich invocation finished', { ...result })
    return result
  }
}

/** What Lambda calls (`index.handler`). */
export const handler = createEnrichHandler()
