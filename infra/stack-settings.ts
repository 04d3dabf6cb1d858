import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseConfig, type TunelakeConfig } from '../src/config/config.js'
import { toSchedulerCron } from './aws-cron.js'

/** What the stack is built from: the context in cdk.json, overridable with `cdk deploy -c key=value`. */
export interface StackSettings {
  /** The pipeline config (sources, api_mode, database), the same file `tunelake run --config` reads. */
  readonly config: TunelakeConfig
  /** The five-field cron of the daily extraction, in `timeZone` (context, else the config's `schedule`). */
  readonly scheduleCron: string
  /** The same, as EventBridge Scheduler writes it: `cron(0 6 * * ? *)`. */
  readonly schedulerExpression: string
  /** IANA time zone of the schedule (daylight saving followed); also the zone of the snapshot date. */
  readonly timeZone: string
  /** Where alarms are e-mailed; no topic subscription when absent. */
  readonly alarmEmail: string | undefined
  /** Athena's per-query scan limit, in bytes. */
  readonly bytesScannedCutoff: number
  /** Retention of the functions' and crawler's log groups, in days. */
  readonly logRetentionDays: number
  /** Days Athena query results are kept. */
  readonly resultsExpirationDays: number
}

/** The context keys, all prefixed `tunelake:`. */
export const SETTINGS_KEYS = {
  config: 'tunelake:config',
  scheduleCron: 'tunelake:scheduleCron',
  timeZone: 'tunelake:timeZone',
  alarmEmail: 'tunelake:alarmEmail',
  bytesScannedCutoffMb: 'tunelake:bytesScannedCutoffMb',
  logRetentionDays: 'tunelake:logRetentionDays',
  resultsExpirationDays: 'tunelake:resultsExpirationDays',
} as const

export const DEFAULT_CONFIG_FILE = 'infra/pipeline.config.json'

/** Log retentions CloudWatch accepts. */
const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
]

/**
 * Reads and checks the settings; a bad value throws one line naming the context key.
 * `lookup` is `(key) => app.node.tryGetContext(key)`; `root` resolves a relative config path.
 */
export function readStackSettings(lookup: (key: string) => unknown, root = process.cwd()): StackSettings {
  const text = (key: string): string | undefined => {
    const value = lookup(key)
    if (value === undefined || value === null || value === '') return undefined
    return String(value).trim()
  }
  const integer = (key: string, fallback: number, min: number): number => {
    const raw = text(key)
    if (raw === undefined) return fallback
    const value = Number(raw)
    if (!Number.isInteger(value) || value < min) {
      throw new Error(
        `context ${key}="${raw}" is not a whole number of at least ${min}; fix cdk.json or the -c option`,
      )
    }
    return value
  }
  const config = loadPipelineConfig(path.resolve(root, text(SETTINGS_KEYS.config) ?? DEFAULT_CONFIG_FILE))
  // The config's `schedule` (what `tunelake daemon` follows) unless the context overrides it;
  // a schedule without a zone runs in UTC here (the deploying machine's zone means nothing on AWS).
  const schedule = (config as { schedule?: { cron?: string; timezone?: string } }).schedule
  const scheduleCron = text(SETTINGS_KEYS.scheduleCron) ?? schedule?.cron ?? '0 6 * * *'
  const timeZone = text(SETTINGS_KEYS.timeZone) ?? schedule?.timezone ?? 'UTC'
  if (!isTimeZone(timeZone)) {
    throw new Error(
      `context ${SETTINGS_KEYS.timeZone}="${timeZone}" is not an IANA time zone, e.g. Europe/Berlin`,
    )
  }
  const alarmEmail = text(SETTINGS_KEYS.alarmEmail)
  if (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail)) {
    throw new Error(`context ${SETTINGS_KEYS.alarmEmail}="${alarmEmail}" is not an e-mail address`)
  }
  const logRetentionDays = integer(SETTINGS_KEYS.logRetentionDays, 30, 1)
  if (!RETENTION_DAYS.includes(logRetentionDays)) {
    throw new Error(
      `context ${SETTINGS_KEYS.logRetentionDays}=${logRetentionDays} is not a retention CloudWatch offers (${RETENTION_DAYS.join(', ')})`,
    )
  }
  return {
    config,
    scheduleCron,
    schedulerExpression: toSchedulerCron(scheduleCron),
    timeZone,
    alarmEmail,
    bytesScannedCutoff: integer(SETTINGS_KEYS.bytesScannedCutoffMb, 1024, 10) * 1024 * 1024,
    logRetentionDays,
    resultsExpirationDays: integer(SETTINGS_KEYS.resultsExpirationDays, 30, 1),
  }
}

function loadPipelineConfig(file: string): TunelakeConfig {
  let json: unknown
  try {
    json = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new Error(
      `cannot read the pipeline config ${file} (${(error as Error).message}); set context ${SETTINGS_KEYS.config} to a tunelake config file`,
    )
  }
  return parseConfig(json, file)
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true
  } catch {
    return false
  }
}
