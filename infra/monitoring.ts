import { Duration } from 'aws-cdk-lib'
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch'
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions'
import type * as lambda from 'aws-cdk-lib/aws-lambda'
import * as sns from 'aws-cdk-lib/aws-sns'
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions'
import type * as sqs from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import { METRICS, NO_SUCCESS_ALARM_HOURS } from '../src/aws/metric-names.js'
import { metricDimensions } from '../src/aws/metrics.js'

export interface MonitoringProps {
  readonly functions: Record<string, lambda.IFunction>
  readonly deadLetterQueues: Record<string, sqs.IQueue>
  readonly metricsNamespace: string
  readonly alarmEmail: string | undefined
}

/**
 * Alarms on function errors, on messages in the dead-letter queues, on a snapshot date the
 * transform function gave up for good, and on no successful run for
 * 26 hours; with an e-mail address in the settings they go to an SNS topic that mails it.
 */
export class Monitoring extends Construct {
  readonly alarms: cloudwatch.Alarm[] = []
  readonly topic: sns.Topic | undefined

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id)
    if (props.alarmEmail) {
      this.topic = new sns.Topic(this, 'Alarms', { displayName: 'tunelake alarms', enforceSSL: true })
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail))
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      this.#add(`${name}Errors`, {
        alarmDescription: `tunelake: the ${name} function failed (see its log group)`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      })
    }
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.#add(`${name}DeadLetters`, {
        alarmDescription: `tunelake: messages in the ${name} dead-letter queue (inspect, fix, redrive)`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      })
    }
    this.#add('TransformFailed', {
      alarmDescription:
        'tunelake: the transform function gave up a snapshot date for good (the run ledger says why: tunelake status)',
      metric: new cloudwatch.Metric({
        namespace: props.metricsNamespace,
        metricName: METRICS.runFailed,
        dimensionsMap: metricDimensions('transform'),
        period: Duration.minutes(5),
        statistic: 'Sum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    })
    this.#add('NoSuccessfulRun', {
      alarmDescription: `tunelake: no successful extraction for ${NO_SUCCESS_ALARM_HOURS} hours`,
      metric: new cloudwatch.Metric({
        namespace: props.metricsNamespace,
        metricName: METRICS.runSucceeded,
        dimensionsMap: metricDimensions('extract'),
        period: Duration.hours(1),
        statistic: 'Sum',
      }),
      threshold: 1,
      evaluationPeriods: NO_SUCCESS_ALARM_HOURS,
      datapointsToAlarm: NO_SUCCESS_ALARM_HOURS,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    })
  }

  #add(id: string, props: cloudwatch.AlarmProps): void {
    const alarm = new cloudwatch.Alarm(this, id, props)
    if (this.topic) alarm.addAlarmAction(new actions.SnsAction(this.topic))
    this.alarms.push(alarm)
  }
}
