import { Duration } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import * as scheduler from 'aws-cdk-lib/aws-scheduler'
import * as targets from 'aws-cdk-lib/aws-scheduler-targets'
import { Construct } from 'constructs'
import { DUCKDB_ARCHITECTURE } from '../src/aws/bundle-settings.js'
import { ENV } from '../src/aws/lambda-env.js'
import { OPEN_MUSIC_RAW_PREFIX } from '../src/lake/layout.js'
import { HandlerFunction } from './handler-function.js'
import type { LakeBuckets } from './lake-buckets.js'
import { objectArns } from './policy.js'
import type { StackSettings } from './stack-settings.js'

/** How often the enrich function runs; each invocation asks until shortly before its timeout. */
export const ENRICH_EVERY = Duration.minutes(30)

export interface EnrichStageProps {
  readonly buckets: LakeBuckets
  readonly settings: StackSettings
  readonly metricsNamespace: string
}

/**
 * The enrichment from MusicBrainz and ListenBrainz: its own function on its own schedule (every
 * 30 minutes, apart from the daily extraction, so a first enrichment spreads over the day within
 * MusicBrainz's rate and Lambda's 15 minutes), reading the tracks tables in the transformed bucket
 * (DuckDB, hence x86_64) and landing its answers under `raw/open-music/` in the raw bucket, whose
 * notifications bring them to the transform function. Off at run time unless the config or the
 * lake's development mode turns it on.
 */
export class EnrichStage extends Construct {
  readonly handler: HandlerFunction
  readonly schedule: scheduler.Schedule

  constructor(scope: Construct, id: string, props: EnrichStageProps) {
    super(scope, id)
    const { buckets, settings } = props
    this.handler = new HandlerFunction(this, 'Enrich', {
      handler: 'enrich',
      description: 'tunelake: genres and popularity from MusicBrainz and ListenBrainz into the raw bucket',
      architecture:
        DUCKDB_ARCHITECTURE === 'x86_64' ? lambda.Architecture.X86_64 : lambda.Architecture.ARM_64,
      memorySize: 1024,
      timeout: Duration.minutes(15),
      logRetentionDays: settings.logRetentionDays,
      environment: {
        [ENV.rawBucket]: buckets.raw.bucketName,
        [ENV.transformedBucket]: buckets.transformed.bucketName,
        [ENV.config]: JSON.stringify(settings.config),
        [ENV.metricsNamespace]: props.metricsNamespace,
      },
    })
    // One invocation at a time (the lake's lease would refuse a second anyway); a missed one is
    // not retried: the next one comes within the half hour.
    this.handler.fn.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(10) })
    this.grant(buckets)
    this.schedule = new scheduler.Schedule(this, 'Every30Minutes', {
      description: 'tunelake: enrichment from MusicBrainz and ListenBrainz',
      schedule: scheduler.ScheduleExpression.rate(ENRICH_EVERY),
      target: new targets.LambdaInvoke(this.handler.fn, { retryAttempts: 0 }),
    })
  }

  private grant(buckets: LakeBuckets): void {
    const role = this.handler.role
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'WriteAnswers',
        actions: ['s3:PutObject', 's3:GetObject'],
        resources: objectArns(buckets.raw, [OPEN_MUSIC_RAW_PREFIX]),
      }),
    )
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadTables',
        actions: ['s3:GetObject'],
        resources: objectArns(buckets.transformed, ['transformed/']),
      }),
    )
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'RunRecordsStateAndLease',
        actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
        resources: objectArns(buckets.transformed, ['_runs/', '_state/']),
      }),
    )
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ListLakeBuckets',
        actions: ['s3:ListBucket'],
        resources: [buckets.raw.bucketArn, buckets.transformed.bucketArn],
      }),
    )
  }
}
