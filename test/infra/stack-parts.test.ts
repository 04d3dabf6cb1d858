import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { App, Stack, Validations } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import * as sqs from 'aws-cdk-lib/aws-sqs'
import { AwsSolutionsChecks } from 'cdk-nag'
import { describe, expect, it } from 'vitest'
import { toSchedulerCron } from '../../infra/aws-cron.js'
import { Monitoring } from '../../infra/monitoring.js'
import { readStackSettings } from '../../infra/stack-settings.js'
import { TEST_APP } from './synth-stack.js'

describe('the schedule setting', () => {
  it('turns the config’s five-field cron into EventBridge Scheduler’s six fields', () => {
    expect(toSchedulerCron('0 6 * * *')).toBe('cron(0 6 * * ? *)')
    expect(toSchedulerCron('30 5 1 * *')).toBe('cron(30 5 1 * ? *)')
    // Unix counts weekdays from 0 (Sunday), the scheduler from 1; steps stay as they are.
    expect(toSchedulerCron('0 7 * * 1-5')).toBe('cron(0 7 ? * 2-6 *)')
    expect(toSchedulerCron('0 7 * * 0,6')).toBe('cron(0 7 ? * 1,7 *)')
    expect(toSchedulerCron('0 7 * * 1-5/2')).toBe('cron(0 7 ? * 2-6/2 *)')
  })

  it('refuses what the scheduler cannot express, saying why', () => {
    expect(() => toSchedulerCron('0 6 * *')).toThrow(/not a five-field cron/)
    expect(() => toSchedulerCron('0 6 1 * 1')).toThrow(/both day-of-month and day-of-week/)
    expect(() => toSchedulerCron('0 6 * * 9')).toThrow(/day of week 9/)
  })
})

describe('the stack settings', () => {
  const settings = (context: Record<string, unknown>) => readStackSettings((key) => context[key])

  it('defaults to a daily 06:00 UTC run of the shipped pipeline config', () => {
    const read = settings({})
    expect(read).toMatchObject({
      schedulerExpression: 'cron(0 6 * * ? *)',
      timeZone: 'UTC',
      alarmEmail: undefined,
    })
    expect(read.config.sources).toEqual([{ type: 'playlist', id: '3cEYpjA9oz9GiPac4AsH4n' }])
    expect(read.bytesScannedCutoff).toBe(1024 * 1024 * 1024)
  })

  it('follows the pipeline config’s schedule, which the context can override', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tunelake-settings-'))
    const file = path.join(dir, 'config.json')
    await writeFile(
      file,
      JSON.stringify({
        schedule: { cron: '15 4 * * 1-5', timezone: 'Europe/Paris' },
        sources: [{ type: 'playlist', id: '3cEYpjA9oz9GiPac4AsH4n' }],
      }),
    )
    expect(settings({ 'tunelake:config': file })).toMatchObject({
      scheduleCron: '15 4 * * 1-5',
      schedulerExpression: 'cron(15 4 ? * 2-6 *)',
      timeZone: 'Europe/Paris',
    })
    expect(
      settings({
        'tunelake:config': file,
        'tunelake:scheduleCron': '0 22 * * *',
        'tunelake:timeZone': 'Asia/Tokyo',
      }),
    ).toMatchObject({ schedulerExpression: 'cron(0 22 * * ? *)', timeZone: 'Asia/Tokyo' })
    await writeFile(file, JSON.stringify({ sources: [{ type: 'playlist', id: 'nope' }] }))
    expect(() => settings({ 'tunelake:config': file })).toThrow(/sources\.0\.id: "nope" is not a playlist id/)
  })

  it('names the context key of a bad value', () => {
    expect(() => settings({ 'tunelake:timeZone': 'Mars/Olympus' })).toThrow(
      /tunelake:timeZone="Mars\/Olympus"/,
    )
    expect(() => settings({ 'tunelake:alarmEmail': 'nobody' })).toThrow(/tunelake:alarmEmail/)
    expect(() => settings({ 'tunelake:logRetentionDays': '8' })).toThrow(/not a retention CloudWatch offers/)
    expect(() => settings({ 'tunelake:config': 'missing.json' })).toThrow(
      /cannot read the pipeline config .*missing\.json/,
    )
  })
})

describe('alarm e-mails', () => {
  it('subscribe the address to a TLS-only topic that every alarm notifies', () => {
    const stack = new Stack(new App(TEST_APP), 'Alarms')
    const fn = lambda.Function.fromFunctionName(stack, 'Fn', 'extract')
    const queue = sqs.Queue.fromQueueArn(stack, 'Dlq', 'arn:aws:sqs:eu-west-1:123456789012:dlq')
    const monitoring = new Monitoring(stack, 'Monitoring', {
      functions: { Extract: fn },
      deadLetterQueues: { Extract: queue },
      metricsNamespace: 'tunelake/Test',
      alarmEmail: 'ops@example.com',
    })
    const template = Template.fromStack(stack)
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    })
    const topic = stack.getLogicalId(monitoring.topic!.node.defaultChild as never)
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topic }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ],
      },
    })
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }])
    }
    expect(monitoring.alarms.map((alarm) => alarm.node.id)).toEqual([
      'ExtractErrors',
      'ExtractDeadLetters',
      'TransformFailed',
      'NoSuccessfulRun',
    ])
  })
})

describe('cdk-nag as the stack registers it', () => {
  it('fails synth on an unjustified wildcard, so a clean stack means something', () => {
    const app = new App(TEST_APP)
    const stack = new Stack(app, 'Loose')
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') })
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }))
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Action::s3:\*\]/)
  })
})
