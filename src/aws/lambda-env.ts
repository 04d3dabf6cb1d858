import { AwsSetupError } from './errors.js'

/** The environment variables the stack sets on the functions (infra/ writes them, handlers read them). */
export const ENV = {
  rawBucket: 'TUNELAKE_RAW_BUCKET',
  transformedBucket: 'TUNELAKE_TRANSFORMED_BUCKET',
  /** The pipeline config as JSON (sources, api_mode, database); never credentials. */
  config: 'TUNELAKE_CONFIG',
  /** ARN of the Secrets Manager secret holding the Spotify credentials (the secret itself is not in the environment). */
  spotifySecret: 'TUNELAKE_SPOTIFY_SECRET_ARN',
  /** IANA zone of the schedule: the snapshot date is the scheduled time's date there. */
  timeZone: 'TUNELAKE_TIME_ZONE',
  glueDatabase: 'TUNELAKE_GLUE_DATABASE',
  glueCrawler: 'TUNELAKE_GLUE_CRAWLER',
  metricsNamespace: 'TUNELAKE_METRICS_NAMESPACE',
  /** Optional endpoint overrides (the standard SDK variables), for S3-compatible stores and tests. */
  spotifyApiBaseUrl: 'SPOTIFY_API_BASE_URL',
  spotifyAccountsBaseUrl: 'SPOTIFY_ACCOUNTS_BASE_URL',
} as const

export type EnvName = (typeof ENV)[keyof typeof ENV]

/** A required variable, or one line saying which is missing and that the stack sets it. */
export function requireEnv(env: NodeJS.ProcessEnv, name: EnvName): string {
  const value = env[name]
  if (!value) {
    throw new AwsSetupError(
      `environment variable ${name} is not set; the tunelake stack sets it on the function: redeploy with npm run deploy`,
    )
  }
  return value
}
