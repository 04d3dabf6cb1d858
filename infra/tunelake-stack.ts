import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib'
import type { Construct } from 'constructs'
import { CatalogStage } from './catalog-stage.js'
import { EnrichStage } from './enrich-stage.js'
import { ExtractStage } from './extract-stage.js'
import { assertDuckDbBindingInstalled } from './handler-function.js'
import { LakeBuckets } from './lake-buckets.js'
import { Monitoring } from './monitoring.js'
import { acknowledgeJustifiedFindings } from './nag-suppressions.js'
import type { StackSettings } from './stack-settings.js'
import { TransformStage } from './transform-stage.js'

export interface TunelakeStackProps extends StackProps {
  readonly settings: StackSettings
}

/**
 * The whole AWS home in one stack: daily schedule -> extract function -> raw bucket ->
 * object-created notification -> SQS -> transform function -> transformed bucket -> Glue
 * crawler -> Glue database -> Athena workgroup; with alarms, least-privilege roles and
 * cdk-nag's AwsSolutions checks.
 */
export class TunelakeStack extends Stack {
  readonly buckets: LakeBuckets
  readonly extract: ExtractStage
  readonly transform: TransformStage
  readonly catalog: CatalogStage
  readonly enrich: EnrichStage
  readonly monitoring: Monitoring

  constructor(scope: Construct, id: string, props: TunelakeStackProps) {
    super(scope, id, props)
    // Access logs are delivered under a bucket policy, not the legacy LogDeliveryWrite ACL.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true)
    const { settings } = props
    if (this.bundlingRequired) assertDuckDbBindingInstalled()
    const metricsNamespace = `tunelake/${this.stackName}`
    const database = settings.config.database

    this.buckets = new LakeBuckets(this, 'Lake', { resultsExpirationDays: settings.resultsExpirationDays })
    this.extract = new ExtractStage(this, 'Extraction', { buckets: this.buckets, settings, metricsNamespace })
    this.transform = new TransformStage(this, 'Transformation', {
      buckets: this.buckets,
      settings,
      metricsNamespace,
      glueDatabase: database,
    })
    this.enrich = new EnrichStage(this, 'Enrichment', { buckets: this.buckets, settings, metricsNamespace })
    this.catalog = new CatalogStage(this, 'Catalog', {
      buckets: this.buckets,
      database,
      bytesScannedCutoff: settings.bytesScannedCutoff,
    })
    this.transform.grantCrawl(this.catalog.crawlerArn, this.catalog.glueResources, this.catalog.crawler.ref)
    this.monitoring = new Monitoring(this, 'Monitoring', {
      functions: {
        Extract: this.extract.handler.fn,
        Transform: this.transform.handler.fn,
        Enrich: this.enrich.handler.fn,
      },
      deadLetterQueues: { Extract: this.extract.deadLetterQueue, Transform: this.transform.deadLetterQueue },
      metricsNamespace,
      alarmEmail: settings.alarmEmail,
    })
    this.#outputs()
    acknowledgeJustifiedFindings(this)
  }

  #outputs(): void {
    const outputs: Record<string, [string, string]> = {
      RawBucket: [this.buckets.raw.bucketName, 'raw zone (raw/spotify/...)'],
      TransformedBucket: [this.buckets.transformed.bucketName, 'tables (transformed/<table>/...)'],
      AthenaResultsBucket: [this.buckets.athenaResults.bucketName, 'Athena query results'],
      SpotifySecretArn: [
        this.extract.secret.secretArn,
        'set the Spotify credentials here (README, AWS home)',
      ],
      GlueDatabase: [this.catalog.database.ref, 'Glue database of the tables'],
      CrawlerName: [this.catalog.crawler.ref, 'Glue crawler over transformed/'],
      AthenaWorkGroup: [this.catalog.workGroup.ref, 'Athena workgroup (engine v3)'],
      QueryPolicyArn: [this.catalog.queryPolicy.managedPolicyArn, 'attach to whoever runs tunelake query'],
      ExtractFunction: [this.extract.handler.fn.functionName, 'the extract function'],
      TransformFunction: [this.transform.handler.fn.functionName, 'the transform function'],
      ExtractLogGroup: [this.extract.handler.logGroup.logGroupName, 'JSON logs of the extract function'],
      TransformLogGroup: [
        this.transform.handler.logGroup.logGroupName,
        'JSON logs of the transform function',
      ],
    }
    for (const [id, [value, description]] of Object.entries(outputs))
      new CfnOutput(this, id, { value, description })
  }
}
