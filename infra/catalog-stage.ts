import { ArnFormat, Aws, Stack } from 'aws-cdk-lib'
import * as athena from 'aws-cdk-lib/aws-athena'
import * as glue from 'aws-cdk-lib/aws-glue'
import * as iam from 'aws-cdk-lib/aws-iam'
import { Construct } from 'constructs'
import { TRANSFORMED_PREFIX } from '../src/lake/layout.js'
import { TABLE_SPECS } from '../src/transform/table-specs.js'
import type { LakeBuckets } from './lake-buckets.js'
import { objectArns } from './policy.js'

export interface CatalogStageProps {
  readonly buckets: LakeBuckets
  readonly database: string
  readonly bytesScannedCutoff: number
}

/** Athena results live under this prefix of the results bucket. */
export const ATHENA_RESULTS_PREFIX = 'athena-results/'
/** `s3://bucket/transformed/<table>/`: bucket is level 1, so tables sit at level 3. */
export const TABLE_LEVEL = 3

/**
 * The Glue database, a Glue crawler over the transformed tables configured like tunelake's own
 * (`CombineCompatibleSchemas`, one include path per table at a fixed table level, columns
 * updated, nothing deleted), and the Athena workgroup (engine v3, enforced result location and
 * encryption, a bytes-scanned limit per query). Also a managed policy for the people who query.
 */
export class CatalogStage extends Construct {
  readonly database: glue.CfnDatabase
  readonly crawler: glue.CfnCrawler
  readonly crawlerRole: iam.Role
  readonly workGroup: athena.CfnWorkGroup
  readonly queryPolicy: iam.ManagedPolicy
  /** The catalog, the database and its tables, as IAM resources. */
  readonly glueResources: string[]
  readonly crawlerArn: string
  readonly databaseName: string

  constructor(scope: Construct, id: string, props: CatalogStageProps) {
    super(scope, id)
    const stack = Stack.of(this)
    const { buckets, database } = props
    this.databaseName = database
    const glueArn = (resource: string, resourceName?: string) =>
      stack.formatArn({ service: 'glue', resource, ...(resourceName ? { resourceName } : {}) })
    this.glueResources = [
      glueArn('catalog'),
      glueArn('database', database),
      glueArn('table', `${database}/*`),
    ]

    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: { name: database, description: 'tunelake: Spotify data lake tables' },
    })

    this.crawlerRole = new iam.Role(this, 'CrawlerRole', {
      assumedBy: new iam.ServicePrincipal('glue.amazonaws.com'),
      description: 'tunelake Glue crawler: reads transformed/, writes the tunelake database',
    })
    this.crawlerRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadTables',
        actions: ['s3:GetObject'],
        resources: objectArns(buckets.transformed, [TRANSFORMED_PREFIX]),
      }),
    )
    this.crawlerRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ListTables',
        actions: ['s3:ListBucket'],
        resources: [buckets.transformed.bucketArn],
      }),
    )
    this.crawlerRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'WriteCatalog',
        actions: [
          'glue:GetDatabase',
          'glue:GetTable',
          'glue:GetTables',
          'glue:CreateTable',
          'glue:UpdateTable',
          'glue:GetPartition',
          'glue:GetPartitions',
          'glue:BatchGetPartition',
          'glue:CreatePartition',
          'glue:BatchCreatePartition',
          'glue:UpdatePartition',
          'glue:BatchUpdatePartition',
        ],
        resources: this.glueResources,
      }),
    )
    this.crawlerRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'CrawlerLogs',
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [
          stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: '/aws-glue/crawlers:*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    )

    this.crawler = new glue.CfnCrawler(this, 'Crawler', {
      description: 'tunelake: crawls transformed/<table>/ into the tunelake database',
      role: this.crawlerRole.roleArn,
      databaseName: database,
      targets: {
        s3Targets: TABLE_SPECS.map((spec) => ({
          path: buckets.transformed.s3UrlForObject(`${TRANSFORMED_PREFIX}${spec.name}/`),
          exclusions: ['**/_*', '**/.*'],
        })),
      },
      schemaChangePolicy: { updateBehavior: 'UPDATE_IN_DATABASE', deleteBehavior: 'LOG' },
      recrawlPolicy: { recrawlBehavior: 'CRAWL_EVERYTHING' },
      configuration: JSON.stringify({
        Version: 1.0,
        Grouping: { TableGroupingPolicy: 'CombineCompatibleSchemas', TableLevelConfiguration: TABLE_LEVEL },
        CrawlerOutput: { Partitions: { AddOrUpdateBehavior: 'InheritFromTable' } },
      }),
    })
    this.crawler.node.addDependency(this.database)
    this.crawler.node.addDependency(this.crawlerRole)
    this.crawlerArn = glueArn('crawler', this.crawler.ref)

    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: `${stack.stackName}`,
      description: 'tunelake: queries over the tunelake database',
      state: 'ENABLED',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoff,
        resultConfiguration: {
          outputLocation: buckets.athenaResults.s3UrlForObject(ATHENA_RESULTS_PREFIX),
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    })

    this.queryPolicy = this.#queryPolicy(buckets)
  }

  /** What `tunelake query` against Athena needs: run queries in the workgroup, read the catalog and the tables, write results. */
  #queryPolicy(buckets: LakeBuckets): iam.ManagedPolicy {
    const stack = Stack.of(this)
    const workGroupArn = stack.formatArn({
      service: 'athena',
      resource: 'workgroup',
      resourceName: this.workGroup.name,
    })
    return new iam.ManagedPolicy(this, 'QueryPolicy', {
      description:
        'tunelake: query the lake with Athena (attach to the users or roles that run tunelake query)',
      statements: [
        new iam.PolicyStatement({
          sid: 'RunQueries',
          actions: [
            'athena:StartQueryExecution',
            'athena:GetQueryExecution',
            'athena:GetQueryResults',
            'athena:StopQueryExecution',
            'athena:GetWorkGroup',
          ],
          resources: [workGroupArn],
        }),
        new iam.PolicyStatement({
          sid: 'ReadCatalog',
          actions: [
            'glue:GetDatabase',
            'glue:GetTable',
            'glue:GetTables',
            'glue:GetPartition',
            'glue:GetPartitions',
            'glue:BatchGetPartition',
          ],
          resources: this.glueResources,
        }),
        new iam.PolicyStatement({
          sid: 'ReadTables',
          actions: ['s3:GetObject'],
          resources: objectArns(buckets.transformed, [TRANSFORMED_PREFIX]),
        }),
        new iam.PolicyStatement({
          sid: 'ListTablesAndResults',
          actions: ['s3:ListBucket', 's3:GetBucketLocation'],
          resources: [buckets.transformed.bucketArn, buckets.athenaResults.bucketArn],
        }),
        new iam.PolicyStatement({
          sid: 'WriteResults',
          actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
          resources: objectArns(buckets.athenaResults, [ATHENA_RESULTS_PREFIX]),
        }),
      ],
    })
  }
}
