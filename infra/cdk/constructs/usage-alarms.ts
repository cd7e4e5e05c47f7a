import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC } from '../../../functions/core/usage-metrics.js';
import { notifyOrAcknowledge, withRunbook } from './alarms.js';
import { usageMetric } from './usage-metrics.js';

/** Thresholds an operator may tune; the defaults suit a small line (tens of texts a day). */
export type UsageAlarmThresholds = {
  /** Share (0-1) of delivery outcomes that failed or were undelivered, over an hour. */
  deliveryFailureRate: number;
  /** At least this many outcomes in the hour before the rate counts. */
  deliveryMinimum: number;
  /** Twilio 20429 (too many requests) or 21610 (unsubscribed) answers in 15 minutes. */
  errorCodeSpike: number;
  /** Text-me-this refusals (limits, opted out) in an hour: a toll-fraud pumping attempt. */
  textMeThisRefusals: number;
  /** Share (0-1) of a day's inbound texts the line could not place. */
  couldNotPlaceShare: number;
  /** At least this many texts in the day before the share counts. */
  couldNotPlaceMinimum: number;
};

export const DEFAULT_USAGE_THRESHOLDS: UsageAlarmThresholds = {
  deliveryFailureRate: 0.1,
  deliveryMinimum: 10,
  errorCodeSpike: 5,
  textMeThisRefusals: 20,
  couldNotPlaceShare: 0.25,
  couldNotPlaceMinimum: 20,
};

export type UsageAlarmsProps = {
  thresholds?: Partial<UsageAlarmThresholds>;
  /** Extra dead-letter queues (one line each), alarmed as soon as one message waits. */
  deadLetterQueues?: { label: string; queue: sqs.IQueue }[];
  /** The line's alarm topic, when alarms e-mail someone. */
  topic?: sns.ITopic;
};

/**
 * Alarms on what the usage metrics show going wrong: deliveries failing, Twilio throttling
 * (20429) or refusing unsubscribed numbers (21610), reminder sweeps failing rows, a burst of
 * refused text-me-this requests, and a day when too many texts could not be placed.
 */
export class UsageAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: UsageAlarmsProps = {}) {
    super(scope, id);
    const t = { ...DEFAULT_USAGE_THRESHOLDS, ...props.thresholds };
    const hour = Duration.hours(1);
    const quarter = Duration.minutes(15);
    const day = Duration.days(1);

    const bad = (status: string) => usageMetric(METRIC.deliveryStatus, { status }, { period: hour });
    this.add(
      'DeliveryFailureRate',
      new cloudwatch.MathExpression({
        expression: `IF((ok + failed + undelivered) >= ${t.deliveryMinimum}, (failed + undelivered) / (ok + failed + undelivered), 0)`,
        usingMetrics: { ok: bad('delivered'), failed: bad('failed'), undelivered: bad('undelivered') },
        period: hour,
        label: 'Share of texts failed or undelivered',
      }),
      t.deliveryFailureRate,
      `More than ${t.deliveryFailureRate * 100}% of texts failed or were undelivered in an hour`,
    );

    for (const code of ['20429', '21610']) {
      this.add(
        `TwilioError${code}Spike`,
        new cloudwatch.MathExpression({
          expression: 'FILL(sends, 0) + FILL(statuses, 0)',
          usingMetrics: {
            sends: usageMetric(METRIC.outboundSend, { errorCode: code }, { period: quarter }),
            statuses: usageMetric(METRIC.deliveryStatus, { errorCode: code }, { period: quarter }),
          },
          period: quarter,
          label: `Twilio ${code} answers`,
        }),
        t.errorCodeSpike,
        `Twilio answered ${code} ${t.errorCodeSpike} or more times in 15 minutes`,
      );
    }

    this.add(
      'SweepFailures',
      new cloudwatch.MathExpression({
        expression: 'FILL(failed, 0) + FILL(errors, 0) + FILL(dropped, 0)',
        usingMetrics: {
          failed: usageMetric(METRIC.reminder, { outcome: 'failed' }, { period: hour }),
          errors: usageMetric(METRIC.reminder, { outcome: 'error' }, { period: hour }),
          dropped: usageMetric(METRIC.reminder, { outcome: 'dropped' }, { period: hour }),
        },
        period: hour,
        label: 'Reminders failed, errored or dropped',
      }),
      1,
      'Reminder sweeps failed, errored on or dropped a reminder',
    );

    this.add(
      'TextMeThisRefusals',
      usageMetric(METRIC.textMeThis, { outcome: 'declined' }, { period: hour }),
      t.textMeThisRefusals,
      `${t.textMeThisRefusals} or more text-me-this requests refused in an hour (a pumping attempt?)`,
    );

    this.add(
      'CouldNotPlace',
      new cloudwatch.MathExpression({
        expression: `IF(texts >= ${t.couldNotPlaceMinimum}, FILL(unplaced, 0) / texts, 0)`,
        usingMetrics: {
          texts: usageMetric(METRIC.inboundText, {}, { period: day }),
          unplaced: usageMetric(METRIC.inboundText, { layer: 'fallback' }, { period: day }),
        },
        period: day,
        label: 'Share of texts the line could not place',
      }),
      t.couldNotPlaceShare,
      `More than ${t.couldNotPlaceShare * 100}% of a day's texts could not be placed`,
    );

    for (const { label, queue } of props.deadLetterQueues ?? []) {
      this.add(
        `${label}NotEmpty`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        1,
        `Messages are waiting in the ${label} dead-letter queue`,
      );
    }

    notifyOrAcknowledge(this.alarms, props.topic);
  }

  private add(id: string, metric: cloudwatch.IMetric, threshold: number, what: string): void {
    this.alarms.push(
      new cloudwatch.Alarm(this, id, {
        metric,
        alarmDescription: withRunbook(what, id),
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}
