import { Match } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { DUCKDB_ARCHITECTURE } from '../../src/aws/bundle-settings.js'
import { ENV } from '../../src/aws/lambda-env.js'
import { METRICS, NO_SUCCESS_ALARM_HOURS } from '../../src/aws/metric-names.js'
import { TABLE_SPECS } from '../../src/transform/table-specs.js'
import { synthStack } from './synth-stack.js'

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>

let synth: ReturnType<typeof synthStack>
let resources: Resources
const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  synth.stack.getLogicalId(construct.node.defaultChild as never)
const getAtt = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] })

beforeAll(() => {
  synth = synthStack({ 'tunelake:scheduleCron': '30 5 * * *', 'tunelake:timeZone': 'Europe/Berlin' })
  resources = synth.template.toJSON().Resources as Resources
}, 180_000) // a synth takes seconds alone, far longer on a busy machine

describe('the seed pipeline, wired', () => {
  it('runs the extract function daily from EventBridge Scheduler, in the configured zone, with the scheduled time', () => {
    const extract = idOf(synth.stack.extract.handler.fn)
    const dlq = idOf(synth.stack.extract.deadLetterQueue)
    synth.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 5 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      State: 'ENABLED',
      Target: {
        Arn: getAtt(extract),
        Input: Match.serializedJson(Match.objectLike({ scheduledTime: '<aws.scheduler.scheduled-time>' })),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 21600 },
        DeadLetterConfig: { Arn: getAtt(dlq) },
      },
    })
    // The scheduler invokes asynchronously: the function's own retries end in the same DLQ.
    synth.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: extract },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: getAtt(dlq) } },
    })
  })

  it('runs the enrich function every 30 minutes, within 15 minutes, on the DuckDB binding’s architecture, writing only raw/open-music/', () => {
    const enrich = idOf(synth.stack.enrich.handler.fn)
    synth.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(30 minutes)',
      Target: Match.objectLike({ Arn: getAtt(enrich) }),
    })
    expect(resources[enrich]!.Properties).toMatchObject({ Timeout: 900, Architectures: ['x86_64'] })
    const env = functionEnvironment(enrich)
    expect(env[ENV.rawBucket]).toEqual({ Ref: idOf(synth.stack.buckets.raw) })
    expect(JSON.stringify(env)).not.toMatch(/LISTENBRAINZ_TOKEN/)
    const policy = Object.values(resources).find(
      (r) =>
        r.Type === 'AWS::IAM::Policy' &&
        JSON.stringify(r.Properties!.Roles).includes(idOf(synth.stack.enrich.handler.role)),
    )!
    const writes = (
      policy.Properties!.PolicyDocument as { Statement: { Sid: string; Resource: unknown }[] }
    ).Statement.find((statement) => statement.Sid === 'WriteAnswers')!
    expect(JSON.stringify(writes.Resource)).toContain('/raw/open-music/*')
  })

  it('sends raw objects created under raw/spotify/ and raw/open-music/ to a queue that feeds the transform function with partial batch failures', () => {
    const queue = idOf(synth.stack.transform.queue)
    const notifications = Object.values(resources).filter((r) => r.Type === 'Custom::S3BucketNotifications')
    // Only the raw bucket notifies: the transform's output bucket cannot trigger it again.
    expect(notifications).toHaveLength(1)
    expect(notifications[0]!.Properties).toMatchObject({
      BucketName: { Ref: idOf(synth.stack.buckets.raw) },
      NotificationConfiguration: {
        QueueConfigurations: ['raw/spotify/', 'raw/open-music/'].map((prefix) => ({
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: prefix }] } },
          QueueArn: getAtt(queue),
        })),
      },
    })
    synth.template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: {
        deadLetterTargetArn: getAtt(idOf(synth.stack.transform.deadLetterQueue)),
        maxReceiveCount: 5,
      },
    })
    synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: getAtt(queue),
      FunctionName: { Ref: idOf(synth.stack.transform.handler.fn) },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    })
    const transformEnv = functionEnvironment(idOf(synth.stack.transform.handler.fn))
    expect(transformEnv[ENV.transformedBucket]).toEqual({ Ref: idOf(synth.stack.buckets.transformed) })
  })

  it('crawls each transformed table like tunelake’s own crawler, into the Glue database', () => {
    const crawler = Object.values(resources).find((r) => r.Type === 'AWS::Glue::Crawler')!.Properties!
    const paths = (
      crawler.Targets as { S3Targets: { Path: { 'Fn::Join': [string, unknown[]] } }[] }
    ).S3Targets.map((target) => target.Path['Fn::Join'][1])
    expect(paths).toEqual(
      TABLE_SPECS.map((spec) => [
        's3://',
        { Ref: idOf(synth.stack.buckets.transformed) },
        `/transformed/${spec.name}/`,
      ]),
    )
    expect(crawler.DatabaseName).toBe('tunelake')
    expect(crawler.SchemaChangePolicy).toEqual({
      UpdateBehavior: 'UPDATE_IN_DATABASE',
      DeleteBehavior: 'LOG',
    })
    expect(JSON.parse(crawler.Configuration as string)).toMatchObject({
      Grouping: { TableGroupingPolicy: 'CombineCompatibleSchemas', TableLevelConfiguration: 3 },
    })
    synth.template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'tunelake' } })
    // The transform function is the one that starts it, and knows which crawler.
    expect(functionEnvironment(idOf(synth.stack.transform.handler.fn))[ENV.glueCrawler]).toEqual({
      Ref: synth.stack.getLogicalId(synth.stack.catalog.crawler),
    })
  })

  it('has an Athena workgroup on engine v3 with an enforced, encrypted result location and a scan limit', () => {
    synth.template.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        BytesScannedCutoffPerQuery: 1024 * 1024 * 1024,
        ResultConfiguration: {
          OutputLocation: {
            'Fn::Join': ['', ['s3://', { Ref: idOf(synth.stack.buckets.athenaResults) }, '/athena-results/']],
          },
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
        },
      },
    })
  })
})

describe('secure by default', () => {
  it('runs both functions on Node.js 24, the transform on the DuckDB binding’s architecture', () => {
    const ours = [synth.stack.extract.handler.fn, synth.stack.transform.handler.fn].map(idOf)
    for (const id of ours) expect(resources[id]!.Properties!.Runtime).toBe('nodejs24.x')
    expect(resources[idOf(synth.stack.transform.handler.fn)]!.Properties!.Architectures).toEqual([
      DUCKDB_ARCHITECTURE,
    ])
  })

  it('keeps the Spotify credentials out of the template and the environment', () => {
    const secret = Object.values(resources).find((r) => r.Type === 'AWS::SecretsManager::Secret')!.Properties!
    expect(secret.SecretString).toBeUndefined()
    expect(secret.GenerateSecretString).toMatchObject({ GenerateStringKey: 'client_secret' })
    const extractEnv = functionEnvironment(idOf(synth.stack.extract.handler.fn))
    expect(extractEnv[ENV.spotifySecret]).toEqual({
      Ref: synth.stack.getLogicalId(synth.stack.extract.secret.node.defaultChild as never),
    })
    for (const [id, resource] of Object.entries(resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue
      const names = Object.keys(functionEnvironment(id))
      expect(
        names.filter((name) => /SECRET(?!_ARN)|TOKEN|PASSWORD|CLIENT_ID/.test(name)),
        id,
      ).toEqual([])
    }
    const text = JSON.stringify(synth.template.toJSON())
    expect(text).not.toMatch(/tunelake-demo-secret|refresh_token"\s*:\s*"/)
  })

  it('encrypts, blocks public access and enforces TLS on every bucket; versions the raw zone; expires query results', () => {
    const buckets = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::S3::Bucket')
    expect(buckets).toHaveLength(4)
    for (const [id, bucket] of buckets) {
      expect(bucket.Properties!.BucketName, id).toBeUndefined()
      expect(bucket.Properties!.BucketEncryption, id).toBeDefined()
      expect(bucket.Properties!.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      })
      synth.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      })
    }
    expect(resources[idOf(synth.stack.buckets.raw)]!.Properties!.VersioningConfiguration).toEqual({
      Status: 'Enabled',
    })
    expect(
      resources[idOf(synth.stack.buckets.athenaResults)]!.Properties!.LifecycleConfiguration,
    ).toMatchObject({
      Rules: expect.arrayContaining([expect.objectContaining({ ExpirationInDays: 30 })]),
    })
  })

  it('scopes every IAM statement to named resources: no wildcard actions, no "*" resources', () => {
    for (const [id, statement] of statements()) {
      for (const action of [statement.Action].flat()) expect(action, id).not.toMatch(/\*/)
      for (const resource of [statement.Resource].flat()) expect(resource, id).not.toBe('*')
    }
  })

  it('lets the extract function write only raw/ and the transform function only read the raw bucket', () => {
    const raw = idOf(synth.stack.buckets.raw)
    const writesTo = (role: string, bucket: string) =>
      statementsOf(role)
        .filter((s) => [s.Action].flat().some((a) => /PutObject|DeleteObject/.test(String(a))))
        .flatMap((s) => [s.Resource].flat())
        .filter((r) => JSON.stringify(r).includes(`"${bucket}"`))
        .map((r) => JSON.stringify(r).replace(/.*"(\/[^"]*)"\]\]\}$/, '$1'))
    expect(writesTo(idOf(synth.stack.extract.handler.role), raw)).toEqual(['/raw/*'])
    expect(writesTo(idOf(synth.stack.transform.handler.role), raw)).toEqual([])
    const transformed = idOf(synth.stack.buckets.transformed)
    expect(writesTo(idOf(synth.stack.transform.handler.role), transformed).sort()).toEqual([
      '/_state/*',
      '/quarantine/*',
      '/transformed/*',
    ])
    const secretActions = statementsOf(idOf(synth.stack.extract.handler.role))
      .filter((s) => JSON.stringify(s.Resource).includes('SpotifyCredentials'))
      .flatMap((s) => [s.Action].flat())
    expect(secretActions.sort()).toEqual(['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'])
    const glue = statementsOf(idOf(synth.stack.transform.handler.role)).filter((s) =>
      [s.Action].flat().some((a) => String(a).startsWith('glue:')),
    )
    expect(glue.flatMap((s) => [s.Action].flat()).sort()).toEqual([
      'glue:GetPartitions',
      'glue:GetTable',
      'glue:StartCrawler',
    ])
    const crawlerArn = JSON.stringify(glue.find((s) => s.Action === 'glue:StartCrawler')!.Resource)
    expect(crawlerArn).toContain(`:crawler/`)
    expect(crawlerArn).toContain(synth.stack.getLogicalId(synth.stack.catalog.crawler))
  })

  it('retains logs for the configured days and alarms on errors, dead letters and 26 h without a successful run', () => {
    for (const fn of [
      synth.stack.extract.handler,
      synth.stack.transform.handler,
      synth.stack.enrich.handler,
    ]) {
      expect(resources[idOf(fn.logGroup)]!.Properties!.RetentionInDays).toBe(30)
      expect(resources[idOf(fn.fn)]!.Properties!.LoggingConfig).toEqual({
        LogGroup: { Ref: idOf(fn.logGroup) },
      })
    }
    const alarms = Object.values(resources)
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
      .map((r) => r.Properties!)
    expect(alarms.filter((a) => a.MetricName === 'Errors')).toHaveLength(3)
    expect(alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible')).toHaveLength(2)
    expect(alarms.find((a) => a.MetricName === METRICS.runSucceeded)).toMatchObject({
      Namespace: 'tunelake/Tunelake',
      Dimensions: [
        { Name: 'Service', Value: 'tunelake' },
        { Name: 'Stage', Value: 'extract' },
      ],
      Period: 3600,
      EvaluationPeriods: NO_SUCCESS_ALARM_HOURS,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    })
    expect(alarms.find((a) => a.MetricName === METRICS.runFailed)).toMatchObject({
      Dimensions: [
        { Name: 'Service', Value: 'tunelake' },
        { Name: 'Stage', Value: 'transform' },
      ],
      Threshold: 1,
    })
    // No e-mail configured: no topic, no alarm actions.
    expect(Object.values(resources).some((r) => r.Type === 'AWS::SNS::Topic')).toBe(false)
  })

  it('passes cdk-nag’s AwsSolutions checks, every acknowledged finding with a reason', () => {
    expect(synth.failure).toBeUndefined()
    expect(synth.violations).toEqual([])
    const acknowledged = synth.stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((m) => Object.values(m.data as Record<string, { reason: string }>))
    expect(acknowledged.length).toBeGreaterThan(0)
  })
})

function functionEnvironment(id: string): Record<string, unknown> {
  const env = resources[id]!.Properties!.Environment as { Variables?: Record<string, unknown> } | undefined
  return env?.Variables ?? {}
}

interface Statement {
  Action: string | string[]
  Resource: unknown
}

function statements(): [string, Statement][] {
  return Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy')
    .filter(([id]) => !id.startsWith('BucketNotificationsHandler'))
    .flatMap(([id, r]) =>
      ((r.Properties!.PolicyDocument as { Statement: Statement[] }).Statement ?? []).map(
        (s) => [id, s] as [string, Statement],
      ),
    )
}

function statementsOf(roleId: string): Statement[] {
  return Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::IAM::Policy')
    .filter(([, r]) => JSON.stringify(r.Properties!.Roles).includes(`"${roleId}"`))
    .flatMap(([, r]) => (r.Properties!.PolicyDocument as { Statement: Statement[] }).Statement)
}
