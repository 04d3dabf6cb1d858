import { Validations } from 'aws-cdk-lib'
import type * as s3 from 'aws-cdk-lib/aws-s3'
import type { IConstruct } from 'constructs'
import type { TunelakeStack } from './tunelake-stack.js'

/**
 * Every cdk-nag AwsSolutions finding this stack accepts, each on the narrowest construct and
 * each with its reason. Wildcards are acknowledged one resource pattern at a time, so a new
 * wildcard fails synth until someone justifies it here.
 */
export function acknowledgeJustifiedFindings(stack: TunelakeStack): void {
  const { buckets, extract, transform, enrich, catalog } = stack
  const arn = (bucket: s3.Bucket) => `<${stack.getLogicalId(bucket.node.defaultChild as never)}.Arn>`
  const glue = (resource: string) => `arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:${resource}`
  const prefixes = (bucket: s3.Bucket, names: string[]) =>
    names.map((name) => `AwsSolutions-IAM5[Resource::${arn(bucket)}/${name}/*]`)
  const prefixReason =
    'Object access is scoped to one key prefix of one bucket (the lake layout: raw/, raw/open-music/, transformed/, quarantine/, _state/, _runs/, athena-results/); the object keys below it are created at run time.'
  const tablesReason =
    'Glue table ARNs are scoped to the one tunelake database; its tables are created by the crawler at run time, so their names are not known at deploy time.'

  acknowledge(extract.handler.role, prefixReason, [
    ...prefixes(buckets.raw, ['raw']),
    ...prefixes(buckets.transformed, ['_runs', '_state']),
  ])
  acknowledge(transform.handler.role, prefixReason, [
    ...prefixes(buckets.raw, ['raw']),
    ...prefixes(buckets.transformed, ['transformed', 'quarantine', '_state']),
  ])
  acknowledge(enrich.handler.role, prefixReason, [
    ...prefixes(buckets.raw, ['raw/open-music']),
    ...prefixes(buckets.transformed, ['transformed', '_runs', '_state']),
  ])
  acknowledge(transform.handler.role, tablesReason, [
    `AwsSolutions-IAM5[Resource::${glue('table/')}${catalog.databaseName}/*]`,
  ])
  acknowledge(catalog.crawlerRole, prefixReason, prefixes(buckets.transformed, ['transformed']))
  acknowledge(catalog.crawlerRole, tablesReason, [
    `AwsSolutions-IAM5[Resource::${glue('table/')}${catalog.databaseName}/*]`,
  ])
  acknowledge(
    catalog.crawlerRole,
    'Glue crawlers write their logs to the fixed /aws-glue/crawlers log group, one stream per crawler created at run time.',
    [
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws-glue/crawlers:*]',
    ],
  )
  acknowledge(catalog.queryPolicy, prefixReason, [
    ...prefixes(buckets.transformed, ['transformed']),
    ...prefixes(buckets.athenaResults, ['athena-results']),
  ])
  acknowledge(catalog.queryPolicy, tablesReason, [
    `AwsSolutions-IAM5[Resource::${glue('table/')}${catalog.databaseName}/*]`,
  ])
  acknowledge(
    catalog.crawler,
    'Crawler logs hold table and folder names, never data; encrypting them needs a customer-managed KMS key (USD 1 a month) for no confidentiality gain.',
    ['AwsSolutions-GL1'],
  )
  acknowledge(
    extract.secret,
    'The Spotify client secret cannot be rotated by AWS (it is issued in the Spotify dashboard); the refresh token in it is rotated by the extract function itself on every run.',
    ['AwsSolutions-SMG4'],
  )
  acknowledge(
    extract.deadLetterQueue,
    'This queue is itself the dead-letter queue of the extract schedule and function (scheduler DLQ and on-failure destination, which cdk-nag does not recognise).',
    ['AwsSolutions-SQS3'],
  )
  // aws-scheduler-targets makes one role per schedule target's account and region, shared or not.
  const schedulerRoles = stack.node.children.filter((child) =>
    child.node.id.startsWith('SchedulerRoleForTarget'),
  )
  for (const schedulerRole of schedulerRoles) {
    acknowledge(
      schedulerRole,
      'Made by aws-scheduler-targets: lambda:InvokeFunction on the extract and enrich functions and their versions (<arn>:*), nothing else.',
      [extract, enrich].map(
        (stage) =>
          `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(stage.handler.fn.node.defaultChild as never)}.Arn>:*]`,
      ),
    )
  }
  const notifications = stack.node.children.find((child) =>
    child.node.id.startsWith('BucketNotificationsHandler'),
  )
  if (notifications) {
    acknowledge(
      notifications,
      "CDK's own custom resource that sets the raw bucket's notification configuration at deploy time; it only writes its logs with this managed policy.",
      [
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      ],
    )
  }
}

function acknowledge(scope: IConstruct, reason: string, ids: string[]): void {
  for (const id of ids) Validations.of(scope).acknowledge({ id, reason })
}
