import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC, type MetricName } from '../../../functions/core/usage-metrics.js';
import { usageMetric, usageSearch } from './usage-metrics.js';

export type LineDashboardProps = {
  /** The dashboard's name: the line's. */
  name: string;
  /** Every handler, by a short name used in the graphs' legends. */
  functions: Record<string, lambda.IFunction>;
  api: apigw.IHttpApi;
  /** Queues whose depth is watched (dead-letter queues first); add one with one entry. */
  queues: { label: string; queue: sqs.IQueue }[];
};

const HOUR = Duration.hours(1);
const DAY = Duration.days(1);

/**
 * The operators' page: how the line is used (texts, calls, topics, languages, opt-ins and
 * outs, crisis replies, reminders, delivery), daily and hourly, then how it runs (errors,
 * throttles, p99 duration, API 4xx/5xx, queue depth). Counts only: no person appears.
 */
export class LineDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: LineDashboardProps) {
    super(scope, id);
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.name,
      defaultInterval: Duration.days(14),
    });
    this.dashboard = dashboard;

    const byDimension = (title: string, name: MetricName, dimension: string, period: Duration) =>
      new cloudwatch.GraphWidget({
        title,
        width: 12,
        height: 6,
        left: [usageSearch(name, dimension, period)],
        stacked: true,
        period,
      });
    const totals = (title: string, metrics: cloudwatch.IMetric[], period: Duration) =>
      new cloudwatch.GraphWidget({ title, width: 12, height: 6, left: metrics, period });
    const usage = (period: Duration) => [
      usageMetric(METRIC.inboundText, {}, { period, label: 'Texts in' }),
      usageMetric(METRIC.callStep, { step: 'answer' }, { period, label: 'Calls' }),
      usageMetric(METRIC.firstContact, {}, { period, label: 'People reached (first contact)' }),
    ];

    dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: `# ${props.name}\nUsage counts (no numbers, no message text) then operations. Runbook: docs/runbook.md. Usage report: \`npm run report:usage\`.`,
        width: 24,
        height: 2,
      }),
    );
    for (const [when, period] of [
      ['daily', DAY],
      ['hourly', HOUR],
    ] as const) {
      dashboard.addWidgets(
        totals(`Texts, calls and people reached (${when})`, usage(period), period),
        byDimension(`Texts by what they were understood as (${when})`, METRIC.inboundText, 'layer', period),
      );
      dashboard.addWidgets(
        byDimension(`Topics read by text (${when})`, METRIC.inboundText, 'topic', period),
        byDimension(`Texts by language (${when})`, METRIC.inboundText, 'language', period),
      );
      dashboard.addWidgets(
        byDimension(`Texts by region (${when})`, METRIC.inboundText, 'region', period),
        byDimension(`Calls by step reached (${when})`, METRIC.callStep, 'step', period),
      );
      dashboard.addWidgets(
        byDimension(`Opt-ins by keyword (${when})`, METRIC.optIn, 'keyword', period),
        byDimension(`Opt-outs by keyword (${when})`, METRIC.optOut, 'keyword', period),
      );
      dashboard.addWidgets(
        totals(
          `Crisis replies and call endings (${when})`,
          [
            usageMetric(METRIC.crisisReply, {}, { period, label: 'Crisis replies' }),
            usageMetric(METRIC.callEnded, { ended: 'limit' }, { period, label: 'Calls ended at a limit' }),
            usageMetric(METRIC.callEnded, { ended: 'transfer' }, { period, label: 'Calls transferred' }),
          ],
          period,
        ),
        byDimension(`Text-me-this by outcome (${when})`, METRIC.textMeThis, 'outcome', period),
      );
      dashboard.addWidgets(
        byDimension(`Reminders by outcome (${when})`, METRIC.reminder, 'outcome', period),
        byDimension(`Delivery statuses (${when})`, METRIC.deliveryStatus, 'status', period),
      );
    }
    dashboard.addWidgets(
      byDimension('Delivery error codes (hourly)', METRIC.deliveryStatus, 'errorCode', HOUR),
      totals(
        'Erasures and exports (daily)',
        [
          usageMetric(METRIC.erasure, {}, { period: DAY, label: 'Erasures' }),
          usageMetric(METRIC.dataExport, {}, { period: DAY, label: 'Exports' }),
        ],
        DAY,
      ),
    );

    const fns = Object.entries(props.functions);
    const five = Duration.minutes(5);
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Lambda errors',
        width: 8,
        left: fns.map(([name, fn]) => fn.metricErrors({ period: five, statistic: 'Sum', label: name })),
      }),
      new cloudwatch.GraphWidget({
        title: 'Lambda throttles',
        width: 8,
        left: fns.map(([name, fn]) => fn.metricThrottles({ period: five, statistic: 'Sum', label: name })),
      }),
      new cloudwatch.GraphWidget({
        title: 'Lambda duration p99 (ms)',
        width: 8,
        left: fns.map(([name, fn]) => fn.metricDuration({ period: five, statistic: 'p99', label: name })),
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Webhook API 4xx and 5xx',
        width: 12,
        left: [
          props.api.metricClientError({ period: five, statistic: 'Sum', label: '4xx' }),
          props.api.metricServerError({ period: five, statistic: 'Sum', label: '5xx' }),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'Queue depth (dead-letter queues)',
        width: 12,
        left: props.queues.map(({ label, queue }) =>
          queue.metricApproximateNumberOfMessagesVisible({ period: five, statistic: 'Maximum', label }),
        ),
      }),
    );
  }
}
