import { Duration, RemovalPolicy, TimeZone } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations'
import * as scheduler from 'aws-cdk-lib/aws-scheduler'
import * as targets from 'aws-cdk-lib/aws-scheduler-targets'
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import * as sqs from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import { ENV } from '../src/aws/lambda-env.js'
import { PLACEHOLDER_CLIENT_ID } from '../src/aws/spotify-secret.js'
import { HandlerFunction } from './handler-function.js'
import type { LakeBuckets } from './lake-buckets.js'
import { objectArns } from './policy.js'
import type { StackSettings } from './stack-settings.js'

export interface ExtractStageProps {
  readonly buckets: LakeBuckets
  readonly settings: StackSettings
  readonly metricsNamespace: string
}

/**
 * The daily extraction: the Spotify credentials in Secrets Manager, the extract function, and
 * the EventBridge Scheduler schedule that invokes it with the scheduled time (the snapshot
 * date). Failed invocations (scheduler delivery or the function's own retries) land in a DLQ.
 */
export class ExtractStage extends Construct {
  readonly secret: secretsmanager.Secret
  readonly handler: HandlerFunction
  readonly deadLetterQueue: sqs.Queue
  readonly schedule: scheduler.Schedule

  constructor(scope: Construct, id: string, props: ExtractStageProps) {
    super(scope, id)
    const { buckets, settings } = props
    // Only a placeholder is in the template: the real values are set after deployment
    // (README, AWS home), and the client secret here is generated, never written anywhere.
    this.secret = new secretsmanager.Secret(this, 'SpotifyCredentials', {
      description: 'tunelake: Spotify app credentials {"client_id","client_secret","refresh_token"?} (JSON)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ client_id: PLACEHOLDER_CLIENT_ID }),
        generateStringKey: 'client_secret',
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    })
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    })
    this.handler = new HandlerFunction(this, 'Extract', {
      handler: 'extract',
      description: 'tunelake: extract the configured Spotify sources into the raw bucket',
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.minutes(15),
      logRetentionDays: settings.logRetentionDays,
      environment: {
        [ENV.rawBucket]: buckets.raw.bucketName,
        [ENV.transformedBucket]: buckets.transformed.bucketName,
        [ENV.config]: JSON.stringify(settings.config),
        [ENV.spotifySecret]: this.secret.secretArn,
        [ENV.timeZone]: settings.timeZone,
        [ENV.metricsNamespace]: props.metricsNamespace,
      },
    })
    const fn = this.handler.fn
    fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
    })
    this.grant(buckets)
    this.schedule = new scheduler.Schedule(this, 'Daily', {
      description: `tunelake: daily extraction (${settings.scheduleCron}, ${settings.timeZone})`,
      schedule: scheduler.ScheduleExpression.expression(
        settings.schedulerExpression,
        TimeZone.of(settings.timeZone),
      ),
      target: new targets.LambdaInvoke(fn, {
        input: scheduler.ScheduleTargetInput.fromObject({
          scheduledTime: scheduler.ContextAttribute.scheduledTime,
          scheduleArn: scheduler.ContextAttribute.scheduleArn,
        }),
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: this.deadLetterQueue,
      }),
    })
  }

  /** Raw objects under `raw/` only; run records and extraction state in the transformed bucket's `_runs/` and `_state/`. */
  private grant(buckets: LakeBuckets): void {
    const role = this.handler.role
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'WriteRawZone',
        actions: ['s3:PutObject', 's3:GetObject'],
        resources: objectArns(buckets.raw, ['raw/']),
      }),
    )
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'RunRecordsAndState',
        actions: ['s3:PutObject', 's3:GetObject'],
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
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'SpotifyCredentials',
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
        resources: [this.secret.secretArn],
      }),
    )
  }
}
