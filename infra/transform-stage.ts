import { Duration } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources'
import * as s3 from 'aws-cdk-lib/aws-s3'
import * as s3n from 'aws-cdk-lib/aws-s3-notifications'
import * as sqs from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import { DUCKDB_ARCHITECTURE } from '../src/aws/bundle-settings.js'
import { ENV } from '../src/aws/lambda-env.js'
import { OPEN_MUSIC_RAW_PREFIX, RAW_PREFIX } from '../src/lake/layout.js'
import { HandlerFunction } from './handler-function.js'
import type { LakeBuckets } from './lake-buckets.js'
import { objectArns } from './policy.js'
import type { StackSettings } from './stack-settings.js'

export interface TransformStageProps {
  readonly buckets: LakeBuckets
  readonly settings: StackSettings
  readonly metricsNamespace: string
  readonly glueDatabase: string
}

const TIMEOUT = Duration.minutes(5)
/** Delivery attempts of one raw object's notification before it goes to the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 5

/**
 * The transform trigger: object-created notifications for `raw/spotify/` in the raw bucket go
 * to an SQS queue (with a dead-letter queue) that feeds the transform function in batches; the
 * function reports partial batch failures, so one bad object does not replay the batch. Output
 * goes to the transformed bucket, which has no notification: no trigger loop.
 */
export class TransformStage extends Construct {
  readonly queue: sqs.Queue
  readonly deadLetterQueue: sqs.Queue
  readonly handler: HandlerFunction

  constructor(scope: Construct, id: string, props: TransformStageProps) {
    super(scope, id)
    const { buckets, settings } = props
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    })
    this.queue = new sqs.Queue(this, 'RawObjectsCreated', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's advice for Lambda consumers: at least six times the function timeout.
      visibilityTimeout: Duration.seconds(TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    })
    for (const prefix of [RAW_PREFIX, OPEN_MUSIC_RAW_PREFIX]) {
      buckets.raw.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(this.queue), {
        prefix,
      })
    }
    this.handler = new HandlerFunction(this, 'Transform', {
      handler: 'transform',
      description: 'tunelake: transform raw objects into Parquet tables in the transformed bucket',
      architecture:
        DUCKDB_ARCHITECTURE === 'x86_64' ? lambda.Architecture.X86_64 : lambda.Architecture.ARM_64,
      memorySize: 2048,
      timeout: TIMEOUT,
      logRetentionDays: settings.logRetentionDays,
      environment: {
        [ENV.rawBucket]: buckets.raw.bucketName,
        [ENV.transformedBucket]: buckets.transformed.bucketName,
        [ENV.glueDatabase]: props.glueDatabase,
        [ENV.metricsNamespace]: props.metricsNamespace,
      },
    })
    this.handler.fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(30),
        reportBatchItemFailures: true,
        // A snapshot date is rebuilt whole: keep concurrent rebuilds of one date rare.
        maxConcurrency: 2,
      }),
    )
    this.grant(buckets)
  }

  /** Reads `raw/` only; writes tables, quarantine and the ledger in the transformed bucket. */
  private grant(buckets: LakeBuckets): void {
    const role = this.handler.role
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadRawZone',
        actions: ['s3:GetObject'],
        resources: objectArns(buckets.raw, ['raw/']),
      }),
    )
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'WriteTablesQuarantineLedger',
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: objectArns(buckets.transformed, ['transformed/', 'quarantine/', '_state/']),
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

  /** Lets the function start the crawler and read the tables' partitions (has the crawl made them?). */
  grantCrawl(crawlerArn: string, glueResources: readonly string[], crawlerName: string): void {
    this.handler.fn.addEnvironment(ENV.glueCrawler, crawlerName)
    this.handler.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'StartCrawler',
        actions: ['glue:StartCrawler'],
        resources: [crawlerArn],
      }),
    )
    this.handler.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'LookUpPartitions',
        actions: ['glue:GetTable', 'glue:GetPartitions'],
        resources: [...glueResources],
      }),
    )
  }
}
