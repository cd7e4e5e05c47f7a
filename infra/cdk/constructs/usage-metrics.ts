import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { METRIC_NAMESPACE, METRIC_SERVICE, type MetricName } from '../../../functions/core/usage-metrics.js';

/**
 * One of the line's usage metrics, as the functions publish it (EMF, Powertools): always
 * with the `service` dimension, plus the labels of one of its dimension sets.
 */
export function usageMetric(
  name: MetricName,
  labels: Record<string, string> = {},
  options: { period?: Duration; label?: string } = {},
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRIC_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: METRIC_SERVICE, ...labels },
    statistic: 'Sum',
    period: options.period ?? Duration.hours(1),
    ...(options.label === undefined ? {} : { label: options.label }),
  });
}

/** Every breakdown of one metric by one dimension, found at view time (topics, codes...). */
export function usageSearch(
  name: MetricName,
  dimension: string,
  period: Duration,
): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `SEARCH('{${METRIC_NAMESPACE},service,${dimension}} MetricName="${name}"', 'Sum', ${period.toSeconds()})`,
    label: '',
    period,
  });
}
