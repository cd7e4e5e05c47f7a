import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from './nag.js';

export type LineAlarmsProps = {
  /** Every handler, by a short name used in alarm names. */
  functions: Record<string, lambda.IFunction>;
  /** The sweeper when its schedule is on: it is then alarmed for not running. */
  sweeper?: lambda.IFunction;
  sweepRate: Duration;
  deadLetterQueue: sqs.IQueue;
  /** Durable intake: texts queued during a store outage, and their dead-letter queue. */
  intake?: { queue: sqs.IQueue; deadLetterQueue: sqs.IQueue };
  api: apigw.IHttpApi;
  /** Encrypts the alarm topic; its key policy lets CloudWatch publish. */
  topicKey: kms.IKey;
  /** When set, alarms notify this address through an SNS topic. */
  email?: string;
};

/** Two sweep periods, within CloudWatch's one-day limit for an alarm's window. */
function twoPeriods(rate: Duration): Duration {
  return Duration.minutes(Math.min(2 * rate.toMinutes(), 24 * 60));
}

/** One five-minute period: a webhook failing for that long means people got no answer. */
const PERIOD = Duration.minutes(5);

/**
 * The alarms an operator of a small line needs: a handler erroring or throttled, Twilio
 * getting 5xx from the API, a sweep failing, not running, or piling up in the dead-letter
 * queue. Thresholds are "any": at this volume one failure is worth a look, and idle
 * periods (no data) count as fine, except for the sweeper, which must run every period.
 */
export class LineAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly topic?: sns.Topic;

  constructor(scope: Construct, id: string, props: LineAlarmsProps) {
    super(scope, id);

    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(`${name}Errors`, fn.metricErrors({ period: PERIOD, statistic: 'Sum' }), {
        description: `The ${name} handler threw or timed out`,
      });
      this.add(`${name}Throttles`, fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }), {
        description: `The ${name} handler was throttled (concurrency limit reached)`,
      });
    }

    this.add('ApiServerErrors', props.api.metricServerError({ period: PERIOD, statistic: 'Sum' }), {
      description: 'The webhook API answered Twilio with 5xx (Twilio retries once, then gives up)',
    });

    if (props.sweeper !== undefined) {
      this.add(
        'SweeperNotRunning',
        props.sweeper.metricInvocations({ period: twoPeriods(props.sweepRate), statistic: 'Sum' }),
        {
          description: 'The reminder sweeper was not invoked for two periods (schedule disabled or failing)',
          comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        },
      );
    }

    this.add(
      'SweeperDeadLetters',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: PERIOD,
        statistic: 'Maximum',
      }),
      { description: 'Failed sweeps are waiting in the dead-letter queue' },
    );

    if (props.intake !== undefined) {
      this.add(
        'IntakeDeadLetters',
        props.intake.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: PERIOD,
          statistic: 'Maximum',
        }),
        {
          description: 'Texts failed replay after all their tries and wait in the intake DLQ',
        },
      );
      this.add(
        'IntakeBacklog',
        props.intake.queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum' }),
        {
          description:
            'Texts have waited over 15 minutes on the intake queue: the store is failing, or the consumer cannot keep up',
          threshold: 15 * 60,
        },
      );
    }

    if (props.email !== undefined) {
      const topic = new sns.Topic(this, 'Topic', {
        displayName: 'Second opinion line alarms',
        masterKey: props.topicKey,
        enforceSSL: true,
      });
      topic.addSubscription(new subscriptions.EmailSubscription(props.email));
      this.topic = topic;
    }
    notifyOrAcknowledge(this.alarms, this.topic);
  }

  private add(
    id: string,
    metric: cloudwatch.IMetric,
    options: {
      description: string;
      comparisonOperator?: cloudwatch.ComparisonOperator;
      treatMissingData?: cloudwatch.TreatMissingData;
      threshold?: number;
    },
  ): void {
    this.alarms.push(
      new cloudwatch.Alarm(this, id, {
        metric,
        alarmDescription: withRunbook(options.description, id),
        threshold: options.threshold ?? 1,
        evaluationPeriods: 1,
        comparisonOperator:
          options.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: options.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}

/** Where each alarm's runbook line is: its description names it, so the e-mail carries it. */
export const RUNBOOK = 'docs/runbook.md';

/** An alarm's description, ending with its runbook line (the alarm id in lower case). */
export function withRunbook(description: string, alarmId: string): string {
  return `${description}. Runbook: ${RUNBOOK}#${alarmId.toLowerCase()}`;
}

/**
 * Sends every alarm and its recovery to the topic; without one (no alarmEmail), records for
 * cdk-nag that the alarms show in the console only. Shared by every construct that alarms.
 */
export function notifyOrAcknowledge(alarms: cloudwatch.Alarm[], topic: sns.ITopic | undefined): void {
  if (topic !== undefined) {
    const action = new actions.SnsAction(topic);
    for (const alarm of alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    return;
  }
  for (const alarm of alarms) {
    acknowledge(alarm, [
      {
        id: 'HIPAA.Security-CloudWatchAlarmAction',
        reason:
          'No alarmEmail was given for this deployment: the alarms show in the CloudWatch console only. Deploy with -c alarmEmail=... to add an encrypted SNS topic and an e-mail subscription.',
      },
    ]);
  }
}
